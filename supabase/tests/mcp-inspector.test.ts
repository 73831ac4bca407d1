/**
 * The MCP Inspector's CLI (`@modelcontextprotocol/inspector --cli`), a client
 * we did not write, lists the seven tools and calls one against the running
 * platform over Streamable HTTP with a bearer token.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signUp, type TestUser } from "./support/api.ts";
import { mcpUrl } from "./support/mcp.ts";

const run = promisify(execFile);
const inspectorBin = join(dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector/package.json")), "cli/build/cli.js");

/** Runs `mcp-inspector --cli <url> --transport http …` and parses its JSON output. */
async function inspector(url: string, token: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [
    inspectorBin, "--cli", url, "--transport", "http", "--header", `Authorization: Bearer ${token}`, ...args,
  ], { timeout: 30_000 });
  return JSON.parse(stdout);
}

describe.each(inject("platforms"))("MCP Inspector CLI on $name", ({ url, apiUrl }) => {
  let user: TestUser;
  beforeAll(async () => {
    user = await signUp(apiUrl, "inspector");
  });

  it("lists the seven tools", async () => {
    const { tools } = await inspector(mcpUrl(url).href, user.token, "--method", "tools/list");
    expect(tools.map((t: { name: string }) => t.name).sort()).toEqual(
      ["create_skill", "get_skill", "list_registries", "list_skills", "report_skill_issue", "search_skills", "update_skill"],
    );
  });

  it("calls list_registries", async () => {
    const result = await inspector(mcpUrl(url).href, user.token, "--method", "tools/call", "--tool-name", "list_registries");
    expect(result.structuredContent.registries).toEqual([expect.objectContaining({ slug: user.username, role: "admin" })]);
  });
});
