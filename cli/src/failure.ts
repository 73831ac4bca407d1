/**
 * Where every failure of a command ends: one friendly line on stderr and the
 * exit code (1, or 2 for a usage error); a stack trace only for an unexpected
 * error and only with `SKILLS_DEBUG=1`.
 */
import { CliError } from "./lib/errors.ts";
import { printError } from "./lib/terminal/output.ts";

/**
 * Reports `error` on stderr.
 * @returns the process exit code: 2 for a usage error, else 1.
 */
export function reportFailure(error: unknown): number {
  if (error instanceof CliError) {
    printError(error.message);
    return error.exitCode;
  }
  printError(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.SKILLS_DEBUG === "1" && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("Run with SKILLS_DEBUG=1 for details.\n");
  return 1;
}
