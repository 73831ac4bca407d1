/**
 * `yarn start [--port 54321] [--data-dir .data] [--db-url URL] [--config FILE]`:
 * runs the local platform until Ctrl-C. `DATABASE_URL` is the same as
 * --db-url; --config is the Supabase CLI config whose `[auth]` applies
 * (default supabase/config.toml).
 */
import { parseArgs } from "node:util";
import { relative, resolve } from "node:path";
import { ConfigError } from "./config.ts";
import { runDemo } from "./demo.ts";
import { DEFAULT_CONFIG_PATH, startPlatform, type Platform } from "./platform.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "54321" },
    "data-dir": { type: "string", default: ".data" },
    "db-url": { type: "string" },
    config: { type: "string" },
    demo: { type: "boolean", default: false },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(
    "Usage: yarn start [--port 54321] [--data-dir .data] [--db-url postgres://…] [--config supabase/config.toml] [--demo]\n" +
      "  --config  the Supabase CLI config whose [auth] settings apply (JWT mode, confirmations, rate limits)",
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid --port '${values.port}'`);
  process.exit(2);
}

// The latest confirmation link printed for each email, for the demo to follow.
const confirmationLinks = new Map<string, string>();
const log = (line: string) => {
  console.log(line);
  const link = /^Confirmation link for (\S+): (\S+)$/.exec(line);
  if (link) confirmationLinks.set(link[1]!, link[2]!);
};

try {
  const dbUrl = values["db-url"] ?? process.env.DATABASE_URL;
  const configPath = values.config ? resolve(values.config) : DEFAULT_CONFIG_PATH;
  const platform = await startPlatform({ port, dataDir: resolve(values["data-dir"]), dbUrl, configPath, log });
  console.log(`
agent-skills local platform is running (${platform.dbKind === "pglite" ? `embedded PGlite in ${resolve(values["data-dir"])}` : "PostgreSQL server"})

  API URL:   ${platform.apiUrl}
  Auth:      ${platform.url}/auth/v1
${describeAuth(platform)}
  OAuth:     ${platform.url}/functions/v1/oauth
  MCP:       ${platform.url}/functions/v1/mcp

Next: in another terminal,
  export SKILLS_API_URL=${platform.apiUrl}
  yarn skills register --email you@example.com --password '<8+ chars>' --username you${
    platform.auth.settings.email.enableConfirmations ? "\n  (open the confirmation link printed here, then: yarn skills login)" : ""
  }

Press Ctrl-C to stop.`);
  if (values.demo) {
    try {
      await runDemo(platform.apiUrl, (email) => confirmationLinks.get(email));
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
  if (error instanceof ConfigError) {
    console.error(`Invalid config: ${message}`);
    process.exit(2);
  }
  console.error(/EADDRINUSE/.test(message) ? `Port ${port} is already in use. Try --port <other>.` : `Could not start: ${message}`);
  process.exit(1);
}

/** Two lines: which config applies, the JWT mode and the auth settings in effect. */
function describeAuth({ auth: { mode, settings } }: Platform): string {
  const jwt = mode === "asymmetric" ? `signing keys from ${relative(process.cwd(), settings.signingKeysPath!)}` : "HS256 JWT secret (JWKS empty)";
  const confirm = settings.email.enableConfirmations ? "email confirmation on (links print here)" : "email confirmation off";
  const signups = settings.enableSignup ? "" : "; sign-ups off";
  const { signInSignUps, tokenRefresh, tokenVerifications, emailSent } = settings.rateLimit;
  return (
    `             ${relative(process.cwd(), settings.file)}: ${jwt}; ${confirm}${signups}; site_url ${settings.siteUrl}\n` +
    `             limits per address per 5 min: ${signInSignUps} sign-ups, ${tokenRefresh} token grants, ` +
    `${tokenVerifications} link opens; ${emailSent} emails/hour`
  );
}
