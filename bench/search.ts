/**
 * `node --import tsx bench/search.ts`: full-text search latency at
 * 5,000 and at 50,000 skills across 100 organization registries, the caller a
 * member of 10, on a throwaway real PostgreSQL server with the local platform
 * in front of it. Reports the median `GET /api/search` latency at each size
 * over a fixed mix of queries (words, a phrase, an exclusion, a sentence,
 * typos), their ratio (target ≤ 2: an index lookup, not a scan), the plan
 * Postgres uses (auto_explain of the search function's query: the GIN index
 * must appear), and, for contrast, the foundation's on-the-fly
 * `to_tsvector` search at both sizes. Then `POST /api/sync` for 50 skills,
 * sent as the CLI sends it (`node:http`) on a kept-alive connection, against
 * the same rows read by one SQL query on one open connection (target ≤ 3×).
 * Rounds alternate; ratios are of medians.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startPlatform } from "../supabase/local/platform.ts";
import { call, signUp, skillFiles, type TestUser } from "../supabase/tests/support/api.ts";
import { startTempPostgres } from "../supabase/tests/support/postgres-server.ts";
import { keepAliveClient } from "./keep-alive.ts";
import { median, timed, writeBenchConfig } from "./measure.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const REGISTRIES = 100;
const MEMBER_OF = 10;
const SIZES = [5_000, 50_000];
const SYNC_SKILLS = 50;

/** Words real skill descriptions use; each skill draws its name, description and tags from them. */
const WORDS = (
  "pdf forms excel charts spreadsheet docx slides powerpoint markdown testing playwright browser react vue svelte " +
  "postgres migrations sql schema index supabase edge functions deno node typescript python rust go docker compose " +
  "kubernetes helm terraform aws lambda s3 gcp azure ci github actions release changelog semver lint format " +
  "security audit secrets oauth jwt auth login session api rest graphql grpc webhook queue cron email slack " +
  "design figma brand colors typography fonts canvas svg image video audio transcription translation i18n " +
  "accessibility performance profiling cache redis search vector embeddings llm prompt agent mcp tool skill " +
  "review refactor debug logging tracing metrics dashboard report invoice contract legal finance data csv json " +
  "yaml config deploy rollback backup restore monitoring alert incident postmortem onboarding docs tutorial"
).split(" ");
const TAGS = WORDS.slice(0, 40);
const QUERIES = [
  "pdf forms", "postgres migrations", "react testing", "docker", '"github actions" release', "security -oauth", "figma design", "csv report",
  "how do I deploy with docker to kubernetes", "postgers migratons",
];

/** SKILL.md of every generated skill (what search ranks is the skill row, not this text). */
const BENCH_SKILL_MD = "---\nname: bench\ndescription: A generated skill for the search benchmark.\n---\n# Bench\n";

/** Adds skills (each with one version) until there are `total`, spread over the registries, deterministically. */
async function fillSkills(sql: postgres.Sql, creator: string, from: number, to: number): Promise<void> {
  await sql`
    with regs as (select id, row_number() over (order by slug) - 1 as n from registries where slug like 'bench-org-%'),
         words as (select ${WORDS}::text[] as w, ${TAGS}::text[] as t)
    insert into skills (registry_id, slug, name, description, tags, compat, created_by)
    select regs.id, 'skill-' || g,
           initcap(w[1 + (hashtext(g || 'a') & 2147483647) % cardinality(w)] || ' ' || w[1 + (hashtext(g || 'b') & 2147483647) % cardinality(w)]),
           (select string_agg(w[1 + (hashtext(g || 'd' || k) & 2147483647) % cardinality(w)], ' ') from generate_series(1, 14) k),
           array[t[1 + (hashtext(g || 't1') & 2147483647) % cardinality(t)], t[1 + (hashtext(g || 't2') & 2147483647) % cardinality(t)]],
           array['claude-code'], ${creator}
    from generate_series(${from}::int, ${to - 1}::int) g cross join words
    join regs on regs.n = g % ${REGISTRIES}::int`;
  // Each version is one SKILL.md with its true digest and counts, in one
  // transaction: the database checks both at commit. The bytes are shared,
  // stored once, as identical files are.
  await sql.begin(async (tx) => {
    await tx`
      insert into file_blobs (sha256, size, content)
      select encode(sha256(c), 'hex'), length(c), c from (select convert_to(${BENCH_SKILL_MD}, 'UTF8') as c) b
      on conflict (sha256) do nothing`;
    await tx`
      with blob as (select encode(sha256(convert_to(${BENCH_SKILL_MD}, 'UTF8')), 'hex') as sha256,
                           octet_length(convert_to(${BENCH_SKILL_MD}, 'UTF8')) as size),
           versions as (
             insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
             select s.id, '1.0.0', ${BENCH_SKILL_MD},
                    private.folder_digest(array['SKILL.md'], array[blob.sha256], array[false]), 1, blob.size, ${creator}
             from skills s cross join blob
             where s.slug like 'skill-%' and not exists (select 1 from skill_versions v where v.skill_id = s.id)
             returning id)
      insert into skill_files (version_id, path, sha256, size, executable)
      select versions.id, 'SKILL.md', blob.sha256, blob.size, false from versions cross join blob`;
  });
  await sql`analyze skills`;
  await sql`analyze skill_versions`;
}

/** Median latency of GET /api/search over the query mix, and of the foundation's on-the-fly search in SQL. */
async function measureSearch(apiUrl: string, sql: postgres.Sql, user: TestUser) {
  const api: number[] = [];
  const onTheFly: number[] = [];
  const claims = JSON.stringify({ sub: user.id, email: user.email, role: "authenticated" });
  const warmUp = 2 * QUERIES.length;
  for (let round = -warmUp; round < ROUNDS; round++) {
    const q = QUERIES[(round + warmUp) % QUERIES.length]!;
    const a = await timed(async () => {
      const res = await call(apiUrl, "GET", `/search?q=${encodeURIComponent(q)}&limit=20`, { token: user.token });
      if (res.status !== 200) throw new Error(`search failed: ${res.status} ${JSON.stringify(res.body)}`);
    });
    const b = await timed(() =>
      sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', 'authenticated', true)`;
        // The foundation's query (no index could serve it), as it ran before this issue.
        await tx`
          select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat, v.version, p.username as created_by, s.updated_at
          from skills s
          join registries r on r.id = s.registry_id
          join profiles p on p.id = s.created_by
          left join skill_versions v on v.skill_id = s.id and v.is_latest
          where to_tsvector('english', s.slug || ' ' || s.name || ' ' || coalesce(s.description, '') || ' ' || array_to_string(s.tags, ' '))
                @@ websearch_to_tsquery('english', ${q})
          order by r.slug, s.slug`;
      })
    );
    if (round >= 0) {
      api.push(a);
      onTheFly.push(b);
    }
  }
  return { api: median(api), onTheFly: median(onTheFly) };
}

/** The plan of the search function's query as the caller runs it (auto_explain of the nested statement). */
async function searchPlan(dbUrl: string, user: TestUser): Promise<string> {
  const notices: string[] = [];
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: (n) => notices.push(String(n.message)) });
  try {
    await sql.begin(async (tx) => {
      await tx.unsafe("load 'auto_explain'");
      await tx.unsafe("set local auto_explain.log_min_duration = 0; set local auto_explain.log_nested_statements = on; set local client_min_messages = log");
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: user.id, email: user.email, role: "authenticated" })}, true)`;
      await tx.unsafe("set local role authenticated");
      await tx`select * from private.search_skills(null, 'pdf forms', null, null, null, null, 21)`;
    });
  } finally {
    await sql.end();
  }
  const plan = notices.find((n) => n.includes("from public.skills s")) ?? "";
  return plan.slice(plan.indexOf("\n", plan.indexOf("limit $10")) + 1).trim();
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "skills-bench-search-"));
  const pg = await startTempPostgres();
  const platform = await startPlatform({ port: 0, dataDir: work, dbUrl: pg.url, configPath: await writeBenchConfig(work) });
  const sql = postgres(pg.url, { prepare: false, max: 2, onnotice: () => {} });
  try {
    const [caller, owner] = [await signUp(platform.apiUrl, "caller"), await signUp(platform.apiUrl, "owner")];
    await sql`
      insert into registries (slug, name, type, created_by)
      select 'bench-org-' || lpad(g::text, 3, '0'), 'Bench org ' || g, 'organization', ${owner.id} from generate_series(1, ${REGISTRIES}::int) g`;
    await sql`
      insert into registry_members (registry_id, user_id, role)
      select id, ${caller.id}, 'member' from registries where slug like 'bench-org-%' order by slug limit ${MEMBER_OF}`;

    const results: { size: number; api: number; onTheFly: number }[] = [];
    let filled = 0;
    for (const size of SIZES) {
      await fillSkills(sql, owner.id, filled, size);
      filled = size;
      results.push({ size, ...(await measureSearch(platform.apiUrl, sql, caller)) });
    }
    const plan = await searchPlan(pg.url, caller);
    if (!plan.includes("skills_search_vector_idx")) throw new Error(`the search did not use the GIN index:\n${plan}`);

    // Sync: 50 real skills published through the API into the caller's registry.
    const slugs = Array.from({ length: SYNC_SKILLS }, (_, i) => `synced-${i}`);
    for (const slug of slugs) {
      const res = await call(platform.apiUrl, "POST", `/registries/${caller.username}/skills`, {
        token: caller.token,
        body: { slug, name: slug, files: [...skillFiles(slug), { path: "references/notes.md", content_base64: Buffer.from(`notes ${slug}`).toString("base64"), executable: false }] },
      });
      if (res.status !== 201) throw new Error(`publish failed: ${res.status}`);
    }
    const syncBody = { skills: slugs.map((slug) => ({ registry: caller.username, slug, version: "^1.0.0" })) };
    const http = keepAliveClient();
    const times = { http: [] as number[], fetch: [] as number[], sql: [] as number[], me: [] as number[] };
    for (let round = -5; round < ROUNDS; round++) {
      const h = await timed(async () => {
        const res = await http.call("POST", `${platform.apiUrl}/sync`, { token: caller.token, body: syncBody });
        if (res.status !== 200 || res.body.skills.length !== SYNC_SKILLS) throw new Error(`sync failed: ${res.status}`);
      });
      const s = await timed(() => sql`
        select r.slug as registry, s.slug, s.name, s.description, s.tags, s.compat, v.version, v.digest,
               f.path, f.sha256, f.size, f.executable
        from registries r
        join skills s on s.registry_id = r.id
        join skill_versions v on v.skill_id = s.id and v.is_latest
        join skill_files f on f.version_id = v.id
        where r.slug = ${caller.username} and s.slug = any (${slugs}::text[])`);
      // The floor of any authenticated request here: token check, one transaction, one small query.
      const m = await timed(() => http.call("GET", `${platform.apiUrl}/me`, { token: caller.token }));
      // The same sync through undici's fetch, for contrast with the client the CLI used before.
      const f = await timed(() => call(platform.apiUrl, "POST", "/sync", { token: caller.token, body: syncBody }));
      if (round >= 0) {
        times.http.push(h);
        times.sql.push(s);
        times.me.push(m);
        times.fetch.push(f);
      }
    }
    http.close();
    const ms = { http: median(times.http), sql: median(times.sql), me: median(times.me), fetch: median(times.fetch) };

    const [small, large] = results as [(typeof results)[0], (typeof results)[0]];
    const searchRatio = large.api / small.api;
    const syncRatio = ms.http / ms.sql;
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    const verdict = (ratio: number, target: number) => (ratio <= target ? "met" : "**missed**");
    console.log(`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ROUNDS} rounds, real PostgreSQL, medians:\n`);
    console.log("| scenario | 5,000 skills | 50,000 skills | ratio | target |");
    console.log("|---|---|---|---|---|");
    console.log(`| GET /api/search (GIN index) | ${fmt(small.api)} | ${fmt(large.api)} | ${searchRatio.toFixed(2)}× | ≤ 2 ${verdict(searchRatio, 2)} |`);
    console.log(`| on-the-fly to_tsvector, SQL only (before) | ${fmt(small.onTheFly)} | ${fmt(large.onTheFly)} | ${(large.onTheFly / small.onTheFly).toFixed(2)}× | — |`);
    console.log("\n| scenario | median | baseline | median | ratio | target |");
    console.log("|---|---|---|---|---|---|");
    console.log(`| POST /api/sync, ${SYNC_SKILLS} skills | ${fmt(ms.http)} | one SQL query, open connection | ${fmt(ms.sql)} | ${syncRatio.toFixed(2)}× | ≤ 3 ${verdict(syncRatio, 3)} |`);
    console.log(`| GET /api/me (the floor of an authenticated request) | ${fmt(ms.me)} | same | ${fmt(ms.sql)} | ${(ms.me / ms.sql).toFixed(2)}× | — |`);
    console.log(`| POST /api/sync through fetch (undici) | ${fmt(ms.fetch)} | same | ${fmt(ms.sql)} | ${(ms.fetch / ms.sql).toFixed(2)}× | — |`);
    console.log(`\nPlan of the search query at 50,000 skills (auto_explain):\n\n${plan}`);
    if (searchRatio > 2 || syncRatio > 3) process.exitCode = 1;
  } finally {
    await sql.end();
    await platform.stop();
    pg.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
