/**
 * `node --import tsx bench/cli.ts` (after `yarn build`): the CLI's start-up
 * targets of issue 5, each a ratio against a baseline timed in the same run
 * (alternating rounds, medians), on the twelve real fixture skills:
 *   `skills --version`                        vs  `node -e 0`             ≤ 1.5×
 *   `skills --help`                           vs  `node -e 0`             ≤ 1.5×
 *   warm `skills sync` with 3 agent targets   vs  `skills --version`      ≤ 1.5×
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../supabase/tests/support/postgres-server.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "cli/dist/index.js");
const FIXTURES = join(ROOT, "../shared/fixtures/anthropic-skills");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

function timeMs(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${result.stderr}`);
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Alternates `a` and `b` ROUNDS times after one warm-up each; their medians. */
function compare(a: () => number, b: () => number): { a: number; b: number } {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    as.push(a());
    bs.push(b());
  }
  return { a: median(as), b: median(bs) };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "skills-bench-cli-"));
  const port = await freePort();
  const server = spawn(process.execPath, ["--import", "tsx", join(ROOT, "supabase/local/start.ts"), "--port", String(port), "--data-dir", join(work, "data")], { stdio: "ignore" });
  const apiUrl = `http://127.0.0.1:${port}/functions/v1/api`;
  for (let i = 0; !(await fetch(`${apiUrl}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 600) throw new Error("platform did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
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

    const version = compare(() => timeMs(process.execPath, [CLI, "--version"], { env }), () => timeMs(process.execPath, ["-e", "0"]));
    const help = compare(() => timeMs(process.execPath, [CLI, "--help"], { env, cwd: empty }), () => timeMs(process.execPath, ["-e", "0"]));
    const warm = compare(() => timeMs(process.execPath, [CLI, "sync"], { cwd: repo, env }), () => timeMs(process.execPath, [CLI, "--version"], { env }));

    const rows = [
      ["skills --version", version.a, "node -e 0", version.b],
      ["skills --help", help.a, "node -e 0", help.b],
      ["warm skills sync, 12 skills, 3 targets", warm.a, "skills --version", warm.b],
    ] as const;
    const report = [
      `${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ROUNDS} alternating rounds, medians:`,
      "",
      "| scenario | median | baseline | median | ratio | target |",
      "|---|---|---|---|---|---|",
      ...rows.map(([what, a, base, b]) => `| ${what} | ${a.toFixed(0)} ms | ${base} | ${b.toFixed(0)} ms | ${(a / b).toFixed(2)}× | ≤ 1.5× ${a / b <= 1.5 ? "met" : "**missed**"} |`),
    ].join("\n");
    console.log(report);
    if (process.env.BENCH_REPORT) writeFileSync(process.env.BENCH_REPORT, `${report}\n`);
  } finally {
    server.kill("SIGTERM");
    await new Promise((done) => server.once("exit", done));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
