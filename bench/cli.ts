/**
 * `node --import tsx bench/cli.ts` (after `yarn build`): the CLI's start-up
 * targets of issue 5, each a ratio against a baseline timed in the same run
 * (alternating rounds, medians), on the twelve real fixture skills:
 *   `skills --version`                        vs  `node -e 0`             ≤ 1.5×
 *   `skills --help`                           vs  `node -e 0`             ≤ 1.5×
 *   warm `skills sync` with 3 agent targets   vs  `skills --version`      ≤ 1.5×
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareAlternating, printReport, RATIO_TABLE_HEADER, ROOT, startPlatformProcess, timeCommand as timeMs } from "./measure.ts";

const CLI = join(ROOT, "cli/dist/index.js");
const FIXTURES = join(ROOT, "../shared/fixtures/anthropic-skills");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

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

    const version = compareAlternating(() => timeMs(process.execPath, [CLI, "--version"], { env }), () => timeMs(process.execPath, ["-e", "0"]), ROUNDS);
    const help = compareAlternating(() => timeMs(process.execPath, [CLI, "--help"], { env, cwd: empty }), () => timeMs(process.execPath, ["-e", "0"]), ROUNDS);
    const warm = compareAlternating(() => timeMs(process.execPath, [CLI, "sync"], { cwd: repo, env }), () => timeMs(process.execPath, [CLI, "--version"], { env }), ROUNDS);

    const rows = [
      ["skills --version", version.a, "node -e 0", version.b],
      ["skills --help", help.a, "node -e 0", help.b],
      ["warm skills sync, 12 skills, 3 targets", warm.a, "skills --version", warm.b],
    ] as const;
    printReport([
      `${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${ROUNDS} alternating rounds, medians:`,
      "",
      ...RATIO_TABLE_HEADER,
      ...rows.map(([what, a, base, b]) => `| ${what} | ${a.toFixed(0)} ms | ${base} | ${b.toFixed(0)} ms | ${(a / b).toFixed(2)}× | ≤ 1.5× ${a / b <= 1.5 ? "met" : "**missed**"} |`),
    ]);
  } finally {
    await platform.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
