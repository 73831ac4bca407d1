/**
 * What every benchmark here shares: timing (milliseconds, from
 * `process.hrtime`), medians, alternating two commands so a noisy machine
 * slows both alike, and running the local platform in its own process (the
 * timed commands block this one; `yarn start` is what users run).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SUITE_AUTH, writeConfig } from "../supabase/tests/support/platform.ts";
import { freePort } from "../supabase/tests/support/postgres-server.ts";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The middle value (upper middle for an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Milliseconds an async piece of work takes. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Milliseconds a command takes to run to completion.
 * @throws when it exits non-zero (naming it and its stderr).
 */
export function timeCommand(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${result.stderr}`);
  return elapsed;
}

/** Alternates `a` and `b` `rounds` times after one warm-up each; returns their medians (ms). */
export function compareAlternating(a: () => number, b: () => number, rounds: number): { a: number; b: number } {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(a());
    bs.push(b());
  }
  return { a: median(as), b: median(bs) };
}

/** A platform started as `yarn start` would be. */
export interface PlatformProcess {
  /** `http://127.0.0.1:<port>/functions/v1` */
  functionsUrl: string;
  apiUrl: string;
  /** The pid of the start.ts process (its child Deno serves the functions). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Writes `<dir>/config.toml` for a bench's platform: the shipped file with
 * email confirmation off, so a bench's registration is signed in at once, and
 * rate limits no bench reaches (every call comes from 127.0.0.1), as the test
 * suite runs it. Asymmetric signing keys, the JWT mode of a new hosted
 * project: the functions check a signature and cache it. (A legacy HS256
 * project asks Auth about every token, which the shipped local default does;
 * that is a round trip to Auth per request, not what the targets measure.)
 * @returns the config file's path.
 */
export function writeBenchConfig(dir: string): Promise<string> {
  return writeConfig(dir, { jwt: "asymmetric", auth: SUITE_AUTH });
}

/**
 * Starts `supabase/local/start.ts` on a free port with `dataDir` and a bench
 * config (writeBenchConfig), and resolves once the api is healthy.
 * @param env extra environment for the platform and the Deno it starts (e.g. DENO_V8_FLAGS).
 * @throws when it does not become healthy within a minute.
 */
export async function startPlatformProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<PlatformProcess> {
  const port = await freePort();
  const configDir = mkdtempSync(join(tmpdir(), "skills-bench-config-"));
  const config = await writeBenchConfig(configDir);
  const server = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "supabase/local/start.ts"), "--port", String(port), "--data-dir", dataDir, "--config", config],
    { stdio: "ignore", env: { ...process.env, ...env } },
  );
  const functionsUrl = `http://127.0.0.1:${port}/functions/v1`;
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((done) => server.once("exit", done));
    }
    rmSync(configDir, { recursive: true, force: true });
  };
  for (let i = 0; !(await fetch(`${functionsUrl}/api/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 600) {
      await stop();
      throw new Error(`platform did not start at ${functionsUrl}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { functionsUrl, apiUrl: `${functionsUrl}/api`, pid: server.pid!, stop };
}

/** Header rows of the ratio tables in bench/README.md. */
export const RATIO_TABLE_HEADER = ["| scenario | median | baseline | median | ratio | target |", "|---|---|---|---|---|---|"];

/** Prints a report and, when `BENCH_REPORT` names a file, writes it there too. */
export function printReport(lines: readonly string[]): void {
  const report = lines.join("\n");
  console.log(report);
  if (process.env.BENCH_REPORT) writeFileSync(process.env.BENCH_REPORT, `${report}\n`);
}
