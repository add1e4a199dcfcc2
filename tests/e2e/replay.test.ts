import { afterAll, beforeAll, expect, test } from "vitest";
import { createBinFromLanding, launchBrowser } from "../helpers/browser.ts";
import { startEchoServer, type EchoServer } from "../helpers/echo-server.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let echo: EchoServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  [server, echo, browser] = await Promise.all([
    startTestServer({ REPLAY_ALLOW_PRIVATE: "true" }),
    startEchoServer({ behaviour: { kind: "answer", status: 202, headers: [["Content-Type", "application/json"]] } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await echo?.close();
  await server?.close();
});

test("a captured request is replayed to a local server, whose answer shows in the inspector; the next one goes in one click", async () => {
  const page = await browser.context.newPage();
  const binId = await createBinFromLanding(page, server.url);
  await server.capture(binId, "/webhooks/stripe", { method: "POST", headers: { "Content-Type": "application/json" }, body: '{"event":"invoice.paid"}' });
  await page.getByRole("option").filter({ hasText: "/webhooks/stripe" }).click();

  await page.getByRole("button", { name: "Replay", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Edit and replay" });
  await dialog.getByLabel("Target URL").fill(`${echo.url}/hooks`);
  await dialog.getByRole("button", { name: "Send" }).click();

  const history = page.getByTestId("replay-history");
  await history.getByTestId("replay-status").getByText("202").waitFor();
  expect(await history.getByTestId("json-view").textContent()).toContain('"event": "invoice.paid"');
  expect(echo.requests.at(-1)).toMatchObject({ method: "POST", url: "/hooks" });
  expect(echo.requests.at(-1)!.body.toString()).toBe('{"event":"invoice.paid"}');

  await server.capture(binId, "/webhooks/second", { method: "PUT", body: "second" });
  await page.getByRole("option").filter({ hasText: "/webhooks/second" }).click();
  await page.getByText(`Replay target: ${echo.url}/hooks`).waitFor();
  await page.getByRole("button", { name: "Replay", exact: true }).click();
  await page.getByTestId("replay-history").getByText(`PUT ${echo.url}/hooks`).waitFor();
  expect(echo.requests.at(-1)!.body.toString()).toBe("second");
  await page.close();
});

test("forwarding set in the settings panel delivers each capture and shows it as a replay", async () => {
  const page = await browser.context.newPage();
  const binId = await createBinFromLanding(page, server.url);
  await page.getByRole("button", { name: "Settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Bin settings" });
  await dialog.getByLabel("Name").fill("Forwarded bin");
  await dialog.getByLabel(/Forward URL/).fill(`${echo.url}/fwd`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await page.getByText(`→ ${echo.url}/fwd`).waitFor();
  await page.getByText("Forwarded bin").waitFor();

  const before = echo.requests.length;
  await server.capture(binId, "/orders?id=7", { method: "POST", body: "forward me" });
  await page.getByRole("option").filter({ hasText: "/orders?id=7" }).click();
  await page.getByRole("tab", { name: "Replays (1)" }).click();
  await page.getByTestId("replay-history").getByText("forwarded", { exact: true }).waitFor();
  expect(echo.requests.slice(before).map((r) => [r.url, r.body.toString()])).toEqual([["/fwd/orders?id=7", "forward me"]]);
  await page.close();
});
