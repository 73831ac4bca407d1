/**
 * Drives the built CLI (`cli/dist/index.js`) as a user would: a child
 * process with its own config folder, working directory and environment;
 * `skillsFromSource` runs `cli/src/index.ts` through tsx instead.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const CLI = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
const SOURCE = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
// By URL: Node resolves `--import` from the child's working directory, a temporary folder here.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** What one CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `skills <args>` in `cwd` and resolves with its output, whatever the exit code. */
export function skills(cwd: string, env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return skillsWithInput(cwd, env, "", ...args);
}

/** Like `skills`, with `input` written to its stdin (a pipe, as `cat file | skills …`). */
export function skillsWithInput(cwd: string, env: Record<string, string>, input: string, ...args: string[]): Promise<CliRun> {
  return run(cwd, env, input, [CLI, ...args]);
}

/** Like `skills`, from the TypeScript sources (`node --import tsx cli/src/index.ts`), without a build. */
export function skillsFromSource(cwd: string, env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return run(cwd, env, "", ["--import", TSX, SOURCE, ...args]);
}

function run(cwd: string, env: Record<string, string>, input: string, nodeArgs: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      nodeArgs,
      { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
