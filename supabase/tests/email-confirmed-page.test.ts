/**
 * Where a confirmation link lands: the platform started with the shipped
 * site_url unset (as `yarn start`), a registration with confirmations on, the
 * printed link followed with its redirect as a mail client's browser would,
 * onto the oauth function's "Email confirmed" page; a link opened a second
 * time lands on the invalid-link text. Headless Chromium runs the page's
 * script under its CSP, the only place the fragment (session or error) exists.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, uniqueName } from "./support/api.ts";
import { launchChromium } from "./support/browser.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

delete process.env.SKILLS_SITE_URL;

const PASSWORD = "correct-horse-battery";
const CONFIRMED = "Email confirmed";
const INVALID = "This confirmation link is invalid or has expired.";

describe("the page a confirmation link lands on", () => {
  let platform: TestPlatform;
  let browser: Browser;
  let pageUrl: string;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([
      startTestPlatform({ jwt: "hs256", auth: { email: { enable_confirmations: true, max_frequency: "0s" } } }),
      launchChromium(),
    ]);
    pageUrl = `${platform.url}/functions/v1/oauth/email-confirmed`;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /** Registers a new account through the api and returns its email and printed link. */
  const registerAccount = async () => {
    const username = uniqueName("landing");
    const email = `${username}@example.test`;
    const res = await call(platform.apiUrl, "POST", "/auth/register", { body: { email, password: PASSWORD, username } });
    expect(res.body).toMatchObject({ session: null, confirmation_required: true });
    const link = platform.confirmationLink(email);
    expect(link, `a confirmation link for ${email}`).toBeDefined();
    return { email, link: link! };
  };
  const login = (email: string) => call(platform.apiUrl, "POST", "/auth/login", { body: { email, password: PASSWORD } });

  /** A page that records what Chromium reports as errors (a CSP refusal among them). */
  const newPage = async (options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; errors: string[] }> => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    return { page, errors };
  };

  it("is the local default site_url, so the printed link redirects to it", async () => {
    expect(platform.auth.settings.siteUrl).toBe(pageUrl);
    const { link } = await registerAccount();
    expect(new URL(link).searchParams.get("redirect_to")).toBe(pageUrl);
    const opened = await fetch(link, { redirect: "manual" });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toMatch(new RegExp(`^${pageUrl}#access_token=`));
  });

  it("answers 200 with the success text and a CSP that allows only its own script", async () => {
    const { email, link } = await registerAccount();
    const res = await fetch(link);
    expect(res.url).toBe(pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'nonce-[^']+'; script-src 'sha256-[A-Za-z0-9+/]+=*';/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    // The success text is the one shown; the invalid-link text waits hidden for the script.
    expect(await res.text()).toMatch(new RegExp(`<section id="confirmed">\\s*<h1>${CONFIRMED}</h1>[^]*<section id="invalid" hidden>`));
    expect((await login(email)).status).toBe(200);
  });

  it("in Chromium: says the email is confirmed and what to run next, and drops the session from the address", async () => {
    const { email, link } = await registerAccount();
    const { page, errors } = await newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    const text = await page.innerText("main");
    expect(text).toContain(CONFIRMED);
    expect(text).toContain("skills login");
    expect(text).not.toContain(INVALID);
    // The tokens were in the fragment Auth redirected with; the page leaves neither address nor storage holding them.
    expect(page.url()).toBe(pageUrl);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, ""]);
    expect(errors).toEqual([]);
    expect((await login(email)).status).toBe(200);
    await page.context().close();
  });

  it("in Chromium: a link opened a second time says it is invalid or expired and how to get a new one", async () => {
    const { email, link } = await registerAccount();
    expect((await fetch(link, { redirect: "manual" })).status).toBe(303);
    const { page, errors } = await newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).hash).toContain("error_code=otp_expired");
    const text = await page.innerText("main");
    expect(text).toContain(INVALID);
    expect(text).toContain("register again with the same email");
    expect(text).not.toContain(CONFIRMED);
    expect(await page.title()).toBe("Link invalid or expired · Agent Skills");
    expect(errors).toEqual([]);
    // Opened once before, the email is confirmed: logging in works, as the page says.
    expect((await login(email)).status).toBe(200);
    await page.context().close();
  });

  it("without scripts, shows the invalid-link text when Auth puts the error in the query", async () => {
    const { page } = await newPage({ javaScriptEnabled: false });
    const query = "?error=access_denied&error_code=otp_expired&error_description=Email+link+is+invalid+or+has+expired";
    expect((await page.goto(`${pageUrl}${query}`))?.status()).toBe(200);
    const text = await page.innerText("main");
    expect(text).toContain(INVALID);
    expect(text).not.toContain(CONFIRMED);
    await page.context().close();
  });
});
