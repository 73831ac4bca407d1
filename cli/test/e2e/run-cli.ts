/**
 * Drives the built CLI (`cli/dist/index.js`) as a user would: a child
 * process with its own config folder, working directory and environment.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

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
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
