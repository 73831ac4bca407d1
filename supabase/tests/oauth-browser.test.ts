/**
 * The whole authorization flow in headless Chromium: open
 * authorize, register through the page, consent, follow the redirect to a
 * real loopback callback, exchange the code. `SKILLS_SCREENSHOTS=1` rewrites
 * the login and error page screenshots kept in docs/.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, uniqueName } from "./support/api.ts";
import { launchChromium } from "./support/browser.ts";
import { authorizeUrl, oauthIssuer, pkcePair, tokenRequest } from "./support/oauth.ts";

const DOCS = join(import.meta.dirname, "../../docs");
const screenshots = process.env.SKILLS_SCREENSHOTS === "1";

describe("the login page in Chromium", () => {
  const platform = inject("platforms").find((p) => p.name === "pglite")!;
  let browser: Browser;
  let callback: Server;
  let redirectUri: string;
  const received: URL[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    callback = createServer((req, res) => {
      const url = new URL(req.url ?? "/", redirectUri);
      // Chromium also asks this origin for /favicon.ico.
      if (url.pathname === "/callback") received.push(url);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("You can close this tab.");
    });
    await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
    const address = callback.address();
    redirectUri = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/callback`;
  });
  afterAll(async () => {
    await browser?.close();
    callback?.close();
  });

  it("registers, consents, follows the redirect and the code exchanges for the new user's token", async () => {
    const registration = await fetch(`${oauthIssuer(platform.url)}/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_name: "Browser Test Client", redirect_uris: [redirectUri], token_endpoint_auth_method: "none" }),
    }).then((r) => r.json());
    const { verifier, challenge } = pkcePair();
    const page = await browser.newPage();
    await page.goto(authorizeUrl(platform.url, {
      client_id: registration.client_id,
      redirect_uri: redirectUri,
      response_type: "code",
      state: "browser-state",
      code_challenge: challenge,
      code_challenge_method: "S256",
      resource: `${platform.url}/functions/v1/mcp`,
    }));
    expect(await page.textContent("main")).toContain("Browser Test Client is asking to act as you");
    if (screenshots) await page.screenshot({ path: join(DOCS, "oauth-login.png") });

    const username = uniqueName("browser");
    await page.fill("#email", `${username}@example.test`);
    await page.fill("#password", "correct-horse-battery");
    expect(await page.isVisible("#username")).toBe(false);
    await page.check("#register");
    expect(await page.isVisible("#username")).toBe(true);
    await page.fill("#username", username);
    await Promise.all([page.waitForURL((u) => u.href.startsWith(redirectUri)), page.click("button[value=allow]")]);

    const arrived = received.at(-1)!;
    expect(arrived.searchParams.get("state")).toBe("browser-state");
    expect(arrived.searchParams.get("iss")).toBe(oauthIssuer(platform.url));
    const tokens = await tokenRequest(platform.url, {
      grant_type: "authorization_code",
      client_id: registration.client_id,
      code: arrived.searchParams.get("code")!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    const me = await call(platform.apiUrl, "GET", "/me", { token: tokens.body.access_token });
    expect(me.body.user.username).toBe(username);
    await page.close();
  });

  it("a wrong password shows the error on the page, and a bad redirect shows the error page without leaving it", async () => {
    const { challenge } = pkcePair();
    const page = await browser.newPage();
    await page.goto(authorizeUrl(platform.url, {
      client_id: "cli",
      redirect_uri: "http://127.0.0.1:9876/callback",
      response_type: "code",
      code_challenge: challenge,
      code_challenge_method: "S256",
    }));
    await page.fill("#email", "nobody@example.test");
    await page.fill("#password", "not-the-password");
    await page.click("button[value=allow]");
    expect(await page.textContent("[role=alert]")).toBe("Invalid email or password.");

    const response = await page.goto(authorizeUrl(platform.url, {
      client_id: "cli",
      redirect_uri: "https://evil.example/callback",
      response_type: "code",
      code_challenge: challenge,
      code_challenge_method: "S256",
    }));
    expect(response?.status()).toBe(400);
    expect(new URL(page.url()).origin).toBe(platform.url);
    expect(await page.textContent("[role=alert]")).toContain("redirect address does not match");
    if (screenshots) await page.screenshot({ path: join(DOCS, "oauth-error.png") });
    await page.close();
  });
});
