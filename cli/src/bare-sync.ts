/**
 * A bare `skills sync` (no options), the command git hooks and agents run on
 * every checkout, as a bundle of its own (`dist/bare-sync.cjs`, build.mjs):
 * everything a warm sync needs in one CommonJS file, which Node loads ~12 ms
 * faster than the same code as ES modules; the third-party libraries only
 * some runs need (yaml on a parse-cache miss, semver, the binary-file
 * detection, colours, spinners, prompts) are files of their own in
 * `dist/vendor/`, required on first use (warm `skills sync` is held to a
 * small multiple of `skills --version`; bench/cli.ts measures it).
 */
import { run } from "./commands/sync.ts";
import { reportFailure } from "./failure.ts";
import { useTerminalColors } from "./lib/terminal/output.ts";

/**
 * Runs `skills sync` with default options.
 * @returns the process exit code (0, or 1/2 as `reportFailure` decides).
 */
export function bareSync(): Promise<number> {
  return useTerminalColors().then(() => run({})).then(
    () => 0,
    (error: unknown) => reportFailure(error),
  );
}
