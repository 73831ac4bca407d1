/**
 * `yarn bench`: the foundation's speed targets, each measured as a ratio
 * against a baseline in the same run (machines here are noisy), on the twelve
 * real fixture skills:
 *   cold `skills sync` into an empty repo  vs  `git clone --no-local` of the same folders  ≤ 1.0×
 *   warm `skills sync` (nothing changed)   vs  `skills --version`                         ≤ 1.6×
 *   `skills --version`                      vs  `node -e 0`                                ≤ 1.5×
 * and then the api function's memory and CPU for publishing (bench/publish.ts).
 * Runs alternate between the two sides; the ratio is of medians.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareAlternating, printReport, RATIO_TABLE_HEADER, ROOT, startPlatformProcess, timeCommand as timeMs } from "./measure.ts";
import { publishBench } from "./publish.ts";

const CLI = join(ROOT, "cli/dist/index.js");
const FIXTURES = join(ROOT, "../shared/fixtures/anthropic-skills");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

async function main(): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), "skills-bench-"));
  const platform = await startPlatformProcess(join(work, "data"));
  try {
    const env = { ...process.env, SKILLS_CONFIG_DIR: join(work, "config"), SKILLS_API_URL: platform.apiUrl, NO_COLOR: "1" };
    const cli = (cwd: string, ...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { cwd, env, stdio: "pipe", encoding: "utf8" });
    const names = readdirSync(FIXTURES).sort();

    // Publisher: one account, the twelve folders.
    const author = join(work, "author");
    mkdirSync(author);
    cli(author, "register", "--email", "bench@example.test", "--password", "bench-password-1", "--username", "bench");
    for (const name of names) cli(author, "push", name, "--registry", "bench", "--path", join(FIXTURES, name), "--yes", "--skip-validation");

    // A repo template declaring all twelve, synced once to produce its lock.
    const template = join(work, "template");
    mkdirSync(template);
    cli(template, "init", "--registry", "bench", "--yes");
    cli(template, "add", "--yes", ...names.map((n) => `bench/${n}`));
    const warmRepo = template;

    // The same folders in a bare git repository.
    const gitSrc = join(work, "git-src");
    mkdirSync(gitSrc);
    for (const name of names) cpSync(join(FIXTURES, name), join(gitSrc, name), { recursive: true });
    const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" });
    git(gitSrc, "init", "-q");
    git(gitSrc, "add", "-A");
    git(gitSrc, "-c", "user.email=b@b", "-c", "user.name=b", "commit", "-qm", "skills");
    const bare = join(work, "skills.git");
    git(work, "clone", "-q", "--bare", gitSrc, bare);

    let n = 0;
    const cold = compareAlternating(
      () => {
        const repo = join(work, `cold-${n++}`);
        mkdirSync(repo);
        cpSync(join(template, ".skills.yaml"), join(repo, ".skills.yaml"));
        const ms = timeMs(process.execPath, [CLI, "sync", "--yes"], { cwd: repo, env });
        rmSync(repo, { recursive: true, force: true });
        return ms;
      },
      () => {
        const dest = join(work, `clone-${n++}`);
        const ms = timeMs("git", ["clone", "-q", "--no-local", bare, dest]);
        rmSync(dest, { recursive: true, force: true });
        return ms;
      },
      ROUNDS,
    );
    const warm = compareAlternating(
      () => timeMs(process.execPath, [CLI, "sync"], { cwd: warmRepo, env }),
      () => timeMs(process.execPath, [CLI, "--version"], { env }),
      ROUNDS,
    );
    const start = compareAlternating(
      () => timeMs(process.execPath, [CLI, "--version"], { env }),
      () => timeMs(process.execPath, ["-e", "0"]),
      ROUNDS,
    );

    const rows = [
      ["cold skills sync (12 skills)", cold.a, "git clone --no-local", cold.b, 1.0],
      ["warm skills sync", warm.a, "skills --version", warm.b, 1.6],
      ["skills --version", start.a, "node -e 0", start.b, 1.5],
    ] as const;
    const lines = rows.map(([what, a, base, b, target]) => {
      const ratio = a / b;
      return `| ${what} | ${a.toFixed(0)} ms | ${base} | ${b.toFixed(0)} ms | ${ratio.toFixed(2)}× | ≤ ${target.toFixed(1)}× ${ratio <= target ? "met" : "MISSED"} |`;
    });
    return [
      `Benchmark ${new Date().toISOString().slice(0, 10)}, ${ROUNDS} alternating rounds, medians (node ${process.version}, database: embedded PGlite)`,
      "",
      ...RATIO_TABLE_HEADER,
      ...lines,
    ];
  } finally {
    await platform.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// The sync benches, then what publishing costs the api function (bench/publish.ts), on a platform of its own.
const report = await main();
printReport([...report, "", ...(await publishBench())]);
