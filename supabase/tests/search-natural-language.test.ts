/**
 * Search as a person or a model asks, on both databases: the twelve real
 * fixture skills published into one account, and questions written as
 * sentences, single words inside path-like text, prefixes and typos, each
 * expecting the skill a person would pick first, through `GET /api/search`
 * and the MCP `search_skills` tool.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, FIXTURES_DIR, folderFiles, signUp, type TestUser } from "./support/api.ts";
import { callTool, connectMcp } from "./support/mcp.ts";

describe.each(inject("platforms"))("natural-language search on $name", ({ url, apiUrl }) => {
  let user: TestUser;
  let mcp: Client;
  const fixtures = readdirSync(FIXTURES_DIR).sort();
  const search = async (query: string, extra = "") => {
    const res = await call(apiUrl, "GET", `/search?q=${encodeURIComponent(query)}${extra}`, { token: user.token });
    expect(res.status, query).toBe(200);
    return (res.body.results as { slug: string }[]).map((r) => r.slug);
  };

  beforeAll(async () => {
    user = await signUp(apiUrl, "nlsearch");
    for (const slug of fixtures) {
      const res = await call(apiUrl, "POST", `/registries/${user.username}/skills`, {
        token: user.token, body: { slug, name: slug, files: folderFiles(join(FIXTURES_DIR, slug)) },
      });
      expect(res.status, slug).toBe(201);
    }
    mcp = await connectMcp(url, user.token);
  });
  afterAll(() => mcp.close());

  it.each([
    ["make a poster", "canvas-design"],
    ["how to build an MCP server in TypeScript", "mcp-builder"],
    ["typescript", "mcp-builder"],
    ["Node/TypeScript", "mcp-builder"],
    ["typescr", "mcp-builder"],
    ["slak gif", "slack-gif-creator"],
    ["animated GIFs for Slack", "slack-gif-creator"],
    ["generative art with p5.js", "algorithmic-art"],
    ["apply our brand colors to a document", "brand-guidelines"],
    ["write the company newsletter", "internal-comms"],
    ["test my web app in a browser with Playwright", "webapp-testing"],
    ["React and Tailwind HTML artifacts", "web-artifacts-builder"],
    ["style slides with a theme", "theme-factory"],
    ["improve the description of a skill", "skill-creator"],
    ["which Claude model is cheapest", "claude-api"],
    ["distinctive UI typography", "frontend-design"],
  ])("%j finds %s first", async (query, expected) => {
    expect((await search(query))[0]).toBe(expected);
  });

  it("ranks skills matching every word above those matching fewer", async () => {
    // Both mention MCP; only mcp-builder also says Python.
    const results = await search("MCP python");
    expect(results[0]).toBe("mcp-builder");
    expect(results).toContain("claude-api");
  });

  it("finds nothing for a question made only of stop words, and keeps phrases and exclusions strict", async () => {
    expect(await search("how to do it")).toEqual([]);
    expect(await search("art -algorithmic")).not.toContain("algorithmic-art");
    expect(await search("art -algorithmic")).toContain("canvas-design");
    expect(await search('"animated GIFs"')).toEqual(["slack-gif-creator"]);
  });

  it("search_skills answers the same question with the same skill", async () => {
    const result = await callTool(mcp, "search_skills", { query: "how to build an MCP server in TypeScript", limit: 3 });
    expect(result.isError).toBeFalsy();
    const { results } = result.structuredContent as { results: { slug: string }[] };
    expect(results[0]?.slug).toBe("mcp-builder");
    expect(results.length).toBeLessThanOrEqual(3);
  });

  it("pages a broad question without repeats, in the order of one page", async () => {
    const all = await search("create");
    expect(all.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { results: { slug: string }[]; next_cursor: string | null } } = await call(
        apiUrl, "GET", `/search?q=create&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: user.token },
      );
      seen.push(...res.body.results.map((r) => r.slug));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });
});
