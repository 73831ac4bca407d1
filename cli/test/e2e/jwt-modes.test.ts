/**
 * The main flows in both JWT modes of a hosted project, through the built
 * CLI and a real MCP connector: register, login, push, sync, then an OAuth
 * code exchange and an MCP tool call. The suite's two platforms run one mode
 * each (a legacy project's HS256 secret with an empty JWKS, and asymmetric
 * signing keys); the functions are given only what hosted Supabase gives
 * them, so a token is verified against the JWKS or, for HS256, by Auth.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import type {} from "../../../supabase/tests/support/global-setup.ts";
import { call, uniqueName } from "../../../supabase/tests/support/api.ts";
import { callTool, textOf } from "../../../supabase/tests/support/mcp.ts";
import { connectAsConnector } from "../../../supabase/tests/support/mcp-connector.ts";
import { skills, skillsWithInput } from "./run-cli.ts";

/** The mode a platform's Auth runs in, as a client can tell: a legacy project publishes no keys. */
async function jwtMode(platformUrl: string): Promise<"hs256" | "asymmetric"> {
  const { keys } = (await (await fetch(`${platformUrl}/auth/v1/.well-known/jwks.json`)).json()) as { keys: unknown[] };
  return keys.length === 0 ? "hs256" : "asymmetric";
}

const platforms = inject("platforms");

it("the suite's platforms run both JWT modes", async () => {
  expect(new Set(await Promise.all(platforms.map((p) => jwtMode(p.url))))).toEqual(new Set(["hs256", "asymmetric"]));
});

describe.each(platforms)("main flows on $name", ({ url, apiUrl }) => {
  const home = mkdtempSync(join(tmpdir(), "skills-jwt-"));
  const repo = join(home, "repo");
  mkdirSync(repo);
  const env = { SKILLS_CONFIG_DIR: join(home, "config"), SKILLS_API_URL: apiUrl };
  const username = uniqueName("modes");
  const email = `${username}@example.test`;
  const password = "correct-horse-battery";
  const slug = uniqueName("both-modes");
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("registers and logs in through the CLI", async () => {
    const register = await skills(repo, env, "register", "--email", email, "--username", username, "--password", password);
    expect(register.code, register.stderr).toBe(0);
    expect(register.stdout).toBe(`Registered and logged in as ${username} (${email}) at ${apiUrl}.\n`);
    const login = await skills(repo, env, "login", "--email", email, "--password", password);
    expect(login.code, login.stderr).toBe(0);
    expect((await skills(repo, env, "whoami")).stdout).toBe(`${username} (${email}) at ${apiUrl}\n`);
  });

  it("pushes a skill and syncs it into a second repo", async () => {
    expect((await skills(repo, env, "init", "--registry", username, "--yes")).code).toBe(0);
    const skillMd = `---\nname: ${slug}\ndescription: Works in either JWT mode.\n---\n\n# Both modes\n`;
    const push = await skillsWithInput(repo, env, skillMd, "push", slug, "--from-stdin");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain(`Pushed ${slug} v1.0.0 to ${username}`);

    const other = join(home, "other");
    mkdirSync(other);
    expect((await skills(other, env, "init", "--registry", username, "--yes")).code).toBe(0);
    const add = await skills(other, env, "add", "--yes", `${username}/${slug}`);
    expect(add.code, add.stderr).toBe(0);
    const sync = await skills(other, env, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect((await skills(other, env, "list")).stdout).toContain(slug);
  });

  it("exchanges an OAuth code for a token the MCP server accepts, and calls a tool with it", async () => {
    const { client, provider } = await connectAsConnector(url, { email, password });
    expect(provider.tokens()?.access_token).toBeTruthy();
    const listed = await callTool(client, "list_skills", { registry: username });
    expect(listed.isError, textOf(listed)).toBeFalsy();
    expect(textOf(listed)).toContain(slug);
    await client.close();
  });
});

it("a logged-out session is refused at once where Auth vouches for tokens (HS256), as Auth's /user refuses it", async () => {
  // With signing keys a token is checked against the key alone, on hosted as
  // here, and stays valid until it expires; in a legacy project Auth is asked.
  const modes = await Promise.all(platforms.map((p) => jwtMode(p.url)));
  const { url, apiUrl, anonKey } = platforms[modes.indexOf("hs256")]!;
  const username = uniqueName("leaver");
  const registered = await call(apiUrl, "POST", "/auth/register", {
    body: { email: `${username}@example.test`, password: "correct-horse-battery", username },
  });
  const token = registered.body.session.access_token as string;
  expect((await call(apiUrl, "GET", "/me", { token })).status).toBe(200);
  const logout = await fetch(`${url}/auth/v1/logout`, { method: "POST", headers: { apikey: anonKey, authorization: `Bearer ${token}` } });
  expect(logout.status).toBe(204);
  const after = await call(apiUrl, "GET", "/me", { token });
  expect(after.status).toBe(401);
  expect(after.body.error.code).toBe("UNAUTHORIZED");
});
