/**
 * `node:crypto`, loaded on first use. Importing it evaluates many internal
 * modules, a share of what a warm `skills sync` may add to `skills
 * --version` (bench/README.md), and a warm sync neither hashes nor names a
 * temporary file; every module that might do either reaches crypto through
 * here.
 */
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);
let loaded: typeof import("node:crypto") | undefined;

/** The `node:crypto` module, required on the first call. */
export function nodeCrypto(): typeof import("node:crypto") {
  return (loaded ??= load("node:crypto") as typeof import("node:crypto"));
}
