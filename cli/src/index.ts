/**
 * Entry point of the `skills` binary. It imports nothing up front:
 * `--version` loads only the version, so it starts as fast as Node does;
 * everything else loads the commander program (a chunk of its own in the
 * bundle), which loads only the module of the command it runs.
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
  const { main } = await import("./program.ts");
  process.exitCode = await main(args);
}
