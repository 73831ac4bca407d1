/**
 * Entry point of the `skills` binary. It imports nothing up front:
 * `--version` loads only the version, so it starts as fast as Node does. A
 * bare `skills sync`, what git hooks and agents run on every checkout, goes
 * straight to its command: commander and the definitions of every command
 * cost ~10 ms, a fifth of what a warm sync may add to `skills --version`
 * (bench/README.md), and its code is one CommonJS file of its own
 * (bare-sync.ts). Everything else loads the commander program on demand (a
 * separate chunk in the bundle).
 */
import module from "node:module";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${(await import("./version.ts")).VERSION}\n`);
} else {
  // Node ≥ 22.1 keeps the compiled code of the chunks loaded below on disk
  // (compiling them is a good part of a warm sync); older Nodes lack the API.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // `skills list | head` closes the pipe early: stop quietly, as git does, not with a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  // Stacks through the bundles' source maps (bare-sync.cjs minifies its names); only for debugging.
  if (process.env.SKILLS_DEBUG === "1") process.setSourceMapsEnabled(true);
  if (args.length === 1 && args[0] === "sync") {
    // A CommonJS bundle of its own (build.mjs), which Node loads faster than ES modules.
    const { bareSync } = module.createRequire(import.meta.url)("./bare-sync.cjs") as typeof import("./bare-sync.ts");
    process.exitCode = await bareSync();
  } else {
    const { main } = await import("./program.ts");
    process.exitCode = await main(args);
  }
}
