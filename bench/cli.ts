/**
 * `node --import tsx bench/cli.ts` (after `yarn build`): the CLI's start-up
 * targets, each a ratio against a baseline timed in the same run
 * (alternating rounds, medians), on the twelve real fixture skills:
 *   `skills --version`                        vs  `node -e 0`             ≤ 1.5×
 *   warm `skills sync` with 3 agent targets   vs  `skills --version`      ≤ 1.6×
 * and, for scale, `skills --help` (it loads every command) against `node -e 0`
 * and the floor of any warm sync: a bare script doing only its unavoidable
 * work (below) against `skills --version`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareAlternating, printReport, RATIO_TABLE_HEADER, ROOT, startPlatformProcess, timeCommand as timeMs } from "./measure.ts";

const CLI = join(ROOT, "cli/dist/index.js");
const FIXTURES = join(ROOT, "../shared/fixtures/anthropic-skills");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

/**
 * The least a warm sync must do, as a bare ES module: read the session, the
 * two project files, the parse cache and the local state, POST /sync over
 * `node:http` saying which digests the lockfile holds (`have`, as the CLI
 * does), and lstat every file of the 48 installed folders meanwhile. No
 * parsing beyond JSON, no validation, no digest: the floor the CLI's ratio is
 * bounded by.
 */
const FLOOR = `
import { lstatSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
// By require(), as the CLI does: importing node:http makes Node 24 load undici for its ES-module facade.
const { request } = createRequire(import.meta.url)("node:http");
const [folders, slugs] = [JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const config = JSON.parse(readFileSync(process.env.SKILLS_CONFIG_DIR + "/config.json", "utf8"));
const token = Object.values(config.sessions)[0].access_token;
for (const file of [".skills.yaml", ".skills.lock"]) readFileSync(file, "utf8");
JSON.parse(readFileSync(".skills/.skills-state.json", "utf8"));
const locked = new Map(JSON.parse(readFileSync(".skills/.skills-parsed.json", "utf8")).lock.value.skills.map((s) => [s.slug, s.digest]));
const body = JSON.stringify({ skills: slugs.map((slug) => ({ registry: "bench", slug, have: locked.get(slug) })) });
const answer = new Promise((resolve) => {
  const sent = request(process.env.SKILLS_API_URL + "/sync", { method: "POST", headers: { authorization: "Bearer " + token, "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
    const chunks = [];
    res.on("data", (chunk) => chunks.push(chunk)).on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
  });
  sent.end(body);
});
const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) (e.isDirectory() ? walk : lstatSync)(dir + "/" + e.name); };
for (const folder of folders) for (const slug of slugs) walk(folder + "/" + slug);
if ((await answer).skills.length !== slugs.length) throw new Error("unexpected /sync answer");
`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), "skills-bench-cli-"));
  const platform = await startPlatformProcess(join(work, "data"));
  const { apiUrl } = platform;
  try {
    const env = { ...process.env, SKILLS_CONFIG_DIR: join(work, "config"), SKILLS_API_URL: apiUrl, NO_COLOR: "1" };
    const cli = (cwd: string, ...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { cwd, env, stdio: "pipe" });
    const names = readdirSync(FIXTURES).sort();
    cli(work, "register", "--email", "bench@example.test", "--password", "bench-password-1", "--username", "bench");
    for (const name of names) cli(work, "push", name, "--registry", "bench", "--path", join(FIXTURES, name), "--yes", "--skip-validation");
    const repo = join(work, "repo");
    mkdirSync(repo);
    cli(repo, "init", "--registry", "bench", "--targets", "claude,agents,github", "--yes");
    cli(repo, "add", "--yes", ...names.map((n) => `bench/${n}`));
    const empty = join(work, "empty");
    mkdirSync(empty);
    const floor = join(work, "floor.mjs");
    writeFileSync(floor, FLOOR);
    const floorArgs = [floor, JSON.stringify([".skills", ".claude/skills", ".agents/skills", ".github/skills"]), JSON.stringify(names)];

    const version = compareAlternating(() => timeMs(process.execPath, [CLI, "--version"], { env }), () => timeMs(process.execPath, ["-e", "0"]), ROUNDS);
    const help = compareAlternating(() => timeMs(process.execPath, [CLI, "--help"], { env, cwd: empty }), () => timeMs(process.execPath, ["-e", "0"]), ROUNDS);
    const warm = compareAlternating(() => timeMs(process.execPath, [CLI, "sync"], { cwd: repo, env }), () => timeMs(process.execPath, [CLI, "--version"], { env }), ROUNDS);
    const bare = compareAlternating(() => timeMs(process.execPath, floorArgs, { cwd: repo, env }), () => timeMs(process.execPath, [CLI, "--version"], { env }), ROUNDS);

    const rows = [
      ["skills --version", version.a, "node -e 0", version.b, 1.5],
      ["warm skills sync, 12 skills, 3 targets", warm.a, "skills --version", warm.b, 1.6],
      ["skills --help", help.a, "node -e 0", help.b, undefined],
      ["floor: bare script, POST /sync + lstat of the 48 folders", bare.a, "skills --version", bare.b, undefined],
    ] as const;
    printReport([
      `${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ROUNDS} alternating rounds, medians:`,
      "",
      ...RATIO_TABLE_HEADER,
      ...rows.map(([what, a, base, b, target]) => {
        const verdict = target === undefined ? "(for scale)" : `≤ ${target}× ${a / b <= target ? "met" : "**missed**"}`;
        return `| ${what} | ${a.toFixed(0)} ms | ${base} | ${b.toFixed(0)} ms | ${(a / b).toFixed(2)}× | ${verdict} |`;
      }),
    ]);
  } finally {
    await platform.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
