/**
 * Headless Chromium for the tests that need a real browser (Debian's
 * `chromium` package driven by playwright-core).
 */
import { chromium, type Browser } from "playwright-core";

/** Launches the system Chromium headless, without sandbox or background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
