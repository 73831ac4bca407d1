/**
 * `node --import tsx bench/mcp.ts`: the MCP server's overhead. One
 * `tools/call search_skills` round trip against `GET /api/search` for the same
 * query, same user, same data (the twelve real fixture skills), on the local
 * platform started in its own process as `yarn start` runs it. Both sides are
 * plain `fetch` POST/GET from here, so the ratio is the server's extra work: a
 * fresh McpServer and transport per request, JSON-RPC framing, schema
 * validation of input and output, and the token's resource check. Rounds
 * alternate; the ratio is of medians. Target ≤ 1.5×.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES_DIR, folderFiles, signUp } from "../supabase/tests/support/api.ts";
import { median, startPlatformProcess, timed } from "./measure.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const QUERY = "design";
const TARGET = 1.5;

async function main() {
  const work = mkdtempSync(join(tmpdir(), "skills-bench-mcp-"));
  const platform = await startPlatformProcess(join(work, "data"));
  const base = platform.functionsUrl;
  try {
    const user = await signUp(`${base}/api`, "bench");
    const auth = { authorization: `Bearer ${user.token}` };
    for (const name of readdirSync(FIXTURES_DIR).sort()) {
      const res = await fetch(`${base}/api/registries/${user.username}/skills`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ slug: name, name, description: `The ${name} skill`, files: folderFiles(join(FIXTURES_DIR, name)) }),
      });
      if (res.status !== 201) throw new Error(`publishing ${name}: HTTP ${res.status} ${await res.text()}`);
    }

    let apiCount = -1;
    let mcpCount = -1;
    const api = async () => {
      const res = await fetch(`${base}/api/search?q=${QUERY}`, { headers: auth });
      apiCount = (await res.json()).results.length;
    };
    let id = 0;
    const mcp = async () => {
      const res = await fetch(`${base}/mcp`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method: "tools/call", params: { name: "search_skills", arguments: { query: QUERY } } }),
      });
      const body = await res.json();
      if (!body.result || body.result.isError) throw new Error(`search_skills failed: ${JSON.stringify(body)}`);
      mcpCount = body.result.structuredContent.results.length;
    };

    await api();
    await mcp();
    const apiTimes: number[] = [];
    const mcpTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      mcpTimes.push(await timed(mcp));
      apiTimes.push(await timed(api));
    }
    if (apiCount !== mcpCount || apiCount < 1) throw new Error(`the two sides disagree: api ${apiCount} results, mcp ${mcpCount}`);
    const a = median(mcpTimes);
    const b = median(apiTimes);
    const ratio = a / b;
    console.log(`node ${process.version}, ${ROUNDS} rounds, query '${QUERY}' (${apiCount} results), medians:`);
    console.log("| scenario | median | baseline | median | ratio | target |");
    console.log("|---|---|---|---|---|---|");
    console.log(`| tools/call search_skills | ${a.toFixed(1)} ms | GET /api/search | ${b.toFixed(1)} ms | ${ratio.toFixed(2)}× | ${ratio <= TARGET ? "met" : "**missed**"} |`);
  } finally {
    await platform.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
