/**
 * `skills login` in the browser, end to end: the built CLI runs
 * the OAuth flow against the real platform while headless Chromium plays
 * the user: the loopback flow (also with port 9876 busy) and the
 * `--no-browser` paste flow.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type TestUser } from "../../../supabase/tests/support/api.ts";
import { launchChromium } from "../../../supabase/tests/support/browser.ts";
import { localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";

const CLI = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** A running `skills login`, its output so far, and its exit. */
interface LoginRun {
  child: ChildProcessWithoutNullStreams;
  output: () => { stdout: string; stderr: string };
  exit: Promise<number>;
}

function startLogin(configDir: string, ...args: string[]): LoginRun {
  const { SKILLS_EMAIL: _email, SKILLS_PASSWORD: _password, ...env } = process.env;
  const child = spawn(process.execPath, [CLI, "login", ...args], {
    env: { ...env, NO_COLOR: "1", BROWSER: "none", SKILLS_CONFIG_DIR: configDir },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exit = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  return { child, output: () => ({ stdout, stderr }), exit };
}

/** The authorize URL the CLI printed, once it has. */
async function printedUrl(run: LoginRun): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const match = /(http:\/\/\S+\/oauth\/authorize\?\S+)/.exec(run.output().stderr);
    if (match) return match[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no authorize URL printed: ${JSON.stringify(run.output())}`);
}

async function logInOnPage(page: Page, url: string, user: TestUser) {
  await page.goto(url);
  await page.fill("#email", user.email);
  await page.fill("#password", user.password);
}

describe("skills login in the browser", () => {
  const { apiUrl } = localPlatform();
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    browser = await launchChromium();
    user = await signUp(apiUrl, "browser-cli");
  });
  afterAll(() => browser?.close());

  async function loopbackLogin(configDir: string, expectedPort: number) {
    const run = startLogin(configDir, "--browser", "--api-url", apiUrl);
    const url = await printedUrl(run);
    expect(new URL(url).searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${expectedPort}/callback`);
    const page = await browser.newPage();
    await logInOnPage(page, url, user);
    await Promise.all([page.waitForURL(/\/callback\?/), page.click("button[value=allow]")]);
    expect(await page.textContent("body")).toContain("Logged in");
    await page.close();
    expect(await run.exit, JSON.stringify(run.output())).toBe(0);
    expect(run.output().stdout).toBe(`Logged in as ${user.username} (${user.email}) at ${apiUrl}.\n`);
  }

  it("logs in through the loopback callback, stores the session 0600, and whoami works", async () => {
    const configDir = await mkdtemp(join(tmpdir(), "skills-login-"));
    await loopbackLogin(configDir, 9876);
    expect((await stat(join(configDir, "config.json"))).mode & 0o777).toBe(0o600);
    const whoami = await skills(configDir, { SKILLS_CONFIG_DIR: configDir }, "whoami", "--api-url", apiUrl);
    expect(whoami.stdout).toContain(user.username);
  });

  it("renews an expired browser session at the OAuth token endpoint, rotating its refresh token", async () => {
    const configDir = await mkdtemp(join(tmpdir(), "skills-login-"));
    await loopbackLogin(configDir, 9876);
    const file = join(configDir, "config.json");
    const config = JSON.parse(await readFile(file, "utf8"));
    const [key] = Object.keys(config.sessions);
    const before = config.sessions[key!];
    expect(before.token_endpoint).toMatch(/\/functions\/v1\/oauth\/token$/);
    config.sessions[key!] = { ...before, expires_at: Math.floor(Date.now() / 1000) - 10 };
    await writeFile(file, JSON.stringify(config));
    const whoami = await skills(configDir, { SKILLS_CONFIG_DIR: configDir }, "whoami", "--api-url", apiUrl);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.stdout).toContain(user.username);
    const after = JSON.parse(await readFile(file, "utf8")).sessions[key!];
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000));
  });

  it("uses the next registered port when 9876 is busy", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(9876, "127.0.0.1", resolve));
    try {
      await loopbackLogin(await mkdtemp(join(tmpdir(), "skills-login-")), 9877);
    } finally {
      busy.close();
    }
  });

  it("--no-browser prints the URL and takes the code pasted back from the page", async () => {
    const configDir = await mkdtemp(join(tmpdir(), "skills-login-"));
    const run = startLogin(configDir, "--no-browser", "--api-url", apiUrl);
    const page = await browser.newPage();
    await logInOnPage(page, await printedUrl(run), user);
    await page.click("button[value=allow]");
    const code = (await page.textContent("#code"))!.trim();
    await page.close();
    run.child.stdin.write(`${code}\n`);
    expect(await run.exit, JSON.stringify(run.output())).toBe(0);
    expect(run.output().stdout).toContain(`Logged in as ${user.username}`);
    const whoami = await skills(configDir, { SKILLS_CONFIG_DIR: configDir }, "whoami", "--api-url", apiUrl);
    expect(whoami.code).toBe(0);
  });

  it("a cancelled login (Deny) fails with a message", async () => {
    const run = startLogin(await mkdtemp(join(tmpdir(), "skills-login-")), "--browser", "--api-url", apiUrl);
    const page = await browser.newPage();
    await page.goto(await printedUrl(run));
    await Promise.all([page.waitForURL(/\/callback\?/), page.click("button[value=deny]")]);
    await page.close();
    expect(await run.exit).toBe(1);
    expect(run.output().stderr).toContain("Login failed");
  });
});
