/**
 * `yarn start [--port 54321] [--data-dir .data] [--db-url URL]`: runs the
 * local platform until Ctrl-C. `DATABASE_URL` is the same as --db-url.
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { runDemo } from "./demo.ts";
import { startPlatform } from "./platform.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "54321" },
    "data-dir": { type: "string", default: ".data" },
    "db-url": { type: "string" },
    demo: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("Usage: yarn start [--port 54321] [--data-dir .data] [--db-url postgres://…] [--demo]");
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port '${values.port}'`);
  process.exit(2);
}

try {
  const dbUrl = values["db-url"] ?? process.env.DATABASE_URL;
  const platform = await startPlatform({ port, dataDir: resolve(values["data-dir"]), dbUrl });
  console.log(`
agent-skills local platform is running (${platform.dbKind === "pglite" ? `embedded PGlite in ${resolve(values["data-dir"])}` : "PostgreSQL server"})

  API URL:   ${platform.apiUrl}
  Auth:      ${platform.url}/auth/v1
  OAuth:     ${platform.url}/functions/v1/oauth
  MCP:       ${platform.url}/functions/v1/mcp

Next: in another terminal,
  export SKILLS_API_URL=${platform.apiUrl}
  yarn skills register --email you@example.com --password '<8+ chars>' --username you

Press Ctrl-C to stop.`);
  if (values.demo) {
    try {
      await runDemo(platform.apiUrl);
    } catch {
      console.error("\nThe demo failed (see above); the platform keeps running.");
    }
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    await platform.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  const message = (error as Error).message;
  console.error(/EADDRINUSE/.test(message) ? `Port ${port} is already in use. Try --port <other>.` : `Could not start: ${message}`);
  process.exit(1);
}
