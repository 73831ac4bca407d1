/**
 * A bare `skills sync` (no options), the command git hooks and agents run on
 * every checkout, as its own bundle (`dist/bare-sync.js`): everything a warm
 * sync needs is in that one file, and what only some runs need (yaml on a
 * parse-cache miss, semver, the security scanner, prompts) stays in chunks of
 * its own. Node's ESM loader pays ~0.5 ms per file it resolves and reads; the
 * split bundle spread this path over ~20 chunks (issue 5: warm sync ≤ 1.5×
 * `skills --version`).
 */
import { run } from "./commands/sync.ts";
import { reportFailure } from "./failure.ts";

/**
 * Runs `skills sync` with default options.
 * @returns the process exit code (0, or 1/2 as `reportFailure` decides).
 */
export function bareSync(): Promise<number> {
  return run({}).then(
    () => 0,
    (error: unknown) => reportFailure(error),
  );
}
