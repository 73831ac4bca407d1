/**
 * Entry point of the `skills` binary. `--version` is answered before anything
 * else is loaded, so it starts as fast as Node does; everything else loads
 * the commander program on demand (a separate chunk in the bundle).
 */
import { VERSION } from "./version.ts";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import("./program.ts");
  process.exitCode = await main(args);
}
