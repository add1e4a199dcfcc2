import { afterAll, beforeAll, expect, test } from "vitest";
import { createBinFromLanding, launchBrowser } from "../helpers/browser.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("a bin created from the landing page shows a request live and its JSON body", async () => {
  const page = await browser.context.newPage();
  const binId = await createBinFromLanding(page, server.url);
  expect(await page.getByTestId("capture-url").textContent()).toBe(`${server.url}/h/${binId}`);

  const sent = await server.capture(binId, "/webhooks/stripe?attempt=1", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=abc" },
    body: '{"type":"invoice.paid","amount":90071992547409931,"nested":{"ok":true}}',
  });
  expect(sent.status).toBe(200);

  const row = page.getByRole("option").filter({ hasText: "/webhooks/stripe?attempt=1" });
  await row.waitFor();
  await row.click();
  const json = page.getByTestId("json-view");
  await json.waitFor();
  expect(await json.textContent()).toContain('"amount": 90071992547409931');
  expect(await json.textContent()).toContain('"type": "invoice.paid"');

  await page.getByRole("tab", { name: /Headers/ }).click();
  await page.getByRole("table", { name: "Headers" }).getByText("t=1,v1=abc").waitFor();
  await page.getByRole("tab", { name: /Query/ }).click();
  await page.getByRole("table", { name: "Query parameters" }).getByText("attempt").waitFor();
  await page.close();
});

test("captured HTML is shown as text and never runs", async () => {
  const page = await browser.context.newPage();
  const binId = await createBinFromLanding(page, server.url);
  const hostile = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
  await server.capture(binId, "/xss", { method: "POST", headers: { "Content-Type": "text/html" }, body: hostile });

  await page.getByRole("option").filter({ hasText: "/xss" }).click();
  const text = page.getByTestId("text-view");
  await text.waitFor();
  expect(await text.textContent()).toBe(hostile);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator("[data-testid=request-detail] img, [data-testid=request-detail] script").count()).toBe(0);
  await page.close();
});

test("the owner deletes with the keyboard; another browser sees the bin read-only", async () => {
  const page = await browser.context.newPage();
  const binId = await createBinFromLanding(page, server.url);
  for (const path of ["/one", "/two", "/three"]) await server.capture(binId, path, { method: "POST", body: path });
  await page.getByTestId("request-count").getByText("3 requests").waitFor();

  await page.keyboard.press("j");
  expect(await page.getByTestId("request-list").getByRole("option", { selected: true }).textContent()).toContain("/two");
  await page.keyboard.press("Delete");
  await page.getByTestId("request-count").getByText("2 requests").waitFor();
  expect(await page.getByRole("option").filter({ hasText: "/two" }).count()).toBe(0);

  const stranger = await launchBrowser();
  try {
    const other = await stranger.context.newPage();
    await other.goto(`${server.url}/b/${binId}`);
    await other.getByText(/Read-only/).waitFor();
    await other.getByTestId("request-count").getByText("2 requests").waitFor();
    expect(await other.getByRole("button", { name: "Clear all" }).count()).toBe(0);
    expect(await other.getByRole("button", { name: "Delete" }).count()).toBe(0);

    await page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Clear all" }).click();
    await other.getByText("No requests yet.").waitFor();
  } finally {
    await stranger.close();
  }
  await page.close();
});

test("an unknown bin shows the not-found page", async () => {
  const page = await browser.context.newPage();
  const res = await page.goto(`${server.url}/b/NoSuchBin0000000000000`);
  expect(res?.status()).toBe(404);
  await page.getByText("Nothing here").waitFor();
  await page.close();
});
