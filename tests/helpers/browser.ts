import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium through playwright-core, with the flags this offline machine needs. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "hookbin-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 820 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Clicks "New bin" on the landing page of `serverUrl`; resolves with the bin id once its inspector is live. */
export async function createBinFromLanding(page: Page, serverUrl: string): Promise<string> {
  await page.goto(serverUrl);
  await page.getByRole("button", { name: "New bin" }).click();
  await page.waitForURL(/\/b\/[A-Za-z0-9_-]+$/);
  await page.getByRole("status").getByText("Live").waitFor();
  return page.url().split("/b/")[1]!;
}
