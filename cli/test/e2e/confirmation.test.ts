/**
 * `skills register` and `skills login` through the built CLI against a
 * platform that confirms emails first (hosted Supabase's default) and has
 * small rate limits: the next step after registering, login refused until
 * the printed link is opened, then login and sync, and a rate-limited login
 * that says when to try again.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, uniqueName, type TestUser } from "../../../supabase/tests/support/api.ts";
import { exhaustTokenBudget } from "../../../supabase/tests/support/from-address.ts";
import { startTestPlatform, type TestPlatform } from "../../../supabase/tests/support/platform.ts";
import { createSkill } from "./platform.ts";
import { skills } from "./run-cli.ts";

delete process.env.SKILLS_SITE_URL;

describe("register and login where emails are confirmed first", () => {
  let platform: TestPlatform;
  const home = mkdtempSync(join(tmpdir(), "skills-confirm-"));
  const repo = join(home, "repo");
  const env = () => ({ SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: platform.apiUrl });
  const username = uniqueName("newcomer");
  const email = `${username}@example.test`;
  const password = "correct-horse-battery";
  const login = () => skills(repo, env(), "login", "--email", email, "--password", password);

  beforeAll(async () => {
    mkdirSync(repo);
    platform = await startTestPlatform({
      jwt: "asymmetric",
      auth: { email: { enable_confirmations: true }, rate_limit: { token_refresh: 1 } },
    });
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("register creates the account and says to open the link, then log in", async () => {
    const run = await skills(repo, env(), "register", "--email", email, "--username", username, "--password", password);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `Registered ${username} (${email}) at ${platform.apiUrl}. Open the confirmation link in the email sent to ${email}, then run \`skills login\`.\n`,
    );
    expect(run.stderr).toBe("");
    expect((await skills(repo, env(), "whoami")).code).not.toBe(0);
  });

  it("login before the link says the same next step and fails", async () => {
    const run = await login();
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(`error: Confirm your email first: open the link in the email sent to ${email}, then run \`skills login\` again.`);
    expect(run.stdout).toBe("");
  });

  it("after the printed link, login works and so does sync", async () => {
    const link = platform.confirmationLink(email);
    expect(link).toBeDefined();
    expect((await fetch(link!, { redirect: "manual" })).status).toBe(303);

    const run = await login();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Logged in as ${username} (${email}) at ${platform.apiUrl}.`);

    const session = (await call(platform.apiUrl, "POST", "/auth/login", { body: { email, password } })).body.session;
    const user = { username, email, password, token: session.access_token } as TestUser;
    const skillMd = "---\nname: hello-skill\ndescription: Says hello.\n---\n\n# Hello\n";
    await createSkill(platform.apiUrl, user, username, {
      slug: "hello-skill",
      files: [{ path: "SKILL.md", content_base64: Buffer.from(skillMd).toString("base64"), executable: false }],
    });
    expect((await skills(repo, env(), "init", "--registry", username, "--yes")).code).toBe(0);
    const add = await skills(repo, env(), "add", "--yes", `${username}/hello-skill`);
    expect(add.code, add.stderr).toBe(0);
    const sync = await skills(repo, env(), "sync");
    expect(sync.code, sync.stderr).toBe(0);
  });

  it("a rate-limited login says when to try again and fails", async () => {
    // The CLI calls from 127.0.0.1: empty that address's budget at Auth.
    await exhaustTokenBudget(platform.url, platform.anonKey, "127.0.0.1");
    const run = await login();
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe("error: Too many sign-in attempts; try again in about 5 minutes.");
  });
});
