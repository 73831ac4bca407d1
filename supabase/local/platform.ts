/**
 * The whole local platform on one port, without Docker (README "The local
 * platform"): database, GoTrue-compatible auth at /auth/v1, and real Deno
 * serving the Edge Functions at /functions/v1/<name>. Deno owns the public
 * port and forwards /auth/v1 to the auth emulator, which runs here in Node on
 * a private port. Used by `yarn start` and tests.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { createAuthHandler } from "./auth/handler.ts";
import { loadJwtKeys, mintApiKey, newOpaqueApiKeys } from "./auth/keys.ts";
import { loadAuthSettings, type AuthSettings } from "./config.ts";
import { startDatabase } from "./database.ts";
import { startFunctions, type FunctionsServer } from "./functions.ts";
import { serveWithFetch } from "./http.ts";

/** Options of `startPlatform`. */
export interface PlatformOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Folder for PGlite's files. */
  dataDir: string;
  /** The Supabase CLI config whose `[auth]` the auth emulator applies; default supabase/config.toml. */
  configPath?: string;
  /** Where the platform's own lines go (confirmation links instead of mails); default console.log. */
  log?: (line: string) => void;
  /** A PostgreSQL URL to use instead of the embedded PGlite. */
  dbUrl?: string;
  /** Extra environment for the functions (e.g. size limits in tests). */
  functionsEnv?: Record<string, string>;
  /**
   * The URL clients use when it is not the platform's own `http://127.0.0.1:<port>`
   * (a tunnel; in tests, another name for the same port), as under `supabase start`:
   * the functions still call the platform's own URL (their SUPABASE_URL) and get this
   * one as SKILLS_PUBLIC_URL, and Auth issues tokens as `<publicUrl>/auth/v1`, as
   * GoTrue does with API_EXTERNAL_URL. Default: SKILLS_PUBLIC_URL of the environment.
   */
  publicUrl?: string;
}

/** A running platform. */
export interface Platform {
  /** The URL clients use: publicUrl, else `http://127.0.0.1:<port>` (then also the functions' SUPABASE_URL). */
  url: string;
  /** The `api` function's base URL, what the CLI talks to. */
  apiUrl: string;
  /** Connection URL of the database (superuser: tests only). */
  dbUrl: string;
  dbKind: "postgres" | "pglite";
  /** Legacy API keys (JWTs signed in the configured mode), as SUPABASE_ANON_KEY / SUPABASE_SERVICE_ROLE_KEY. */
  anonKey: string;
  serviceRoleKey: string;
  /** Opaque API keys, as SUPABASE_PUBLISHABLE_KEYS / SUPABASE_SECRET_KEYS `default`. */
  publishableKey: string;
  secretKey: string;
  /** How auth runs: the JWT mode and the `[auth]` settings in effect (site_url resolved). */
  auth: { mode: "asymmetric" | "hs256"; settings: AuthSettings & { siteUrl: string } };
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/**
 * Starts everything and resolves once the api answers its health check.
 * @throws ConfigError (before starting anything) for an invalid config file or
 *   signing keys file; otherwise when the port is taken, the database fails to
 *   migrate, or Deno fails to start.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const settings = loadAuthSettings(options.configPath ?? DEFAULT_CONFIG_PATH);
  const publicUrl = (options.publicUrl ?? process.env.SKILLS_PUBLIC_URL)?.replace(/\/+$/, "") || undefined;
  const keys = await loadJwtKeys(settings);
  const database = await startDatabase({ dbUrl: options.dbUrl, dataDir: options.dataDir });
  const authSql = postgres(database.url, { prepare: false, max: 4, onnotice: () => {} });

  // The auth emulator listens on a private port; Deno, on the public one, forwards /auth/v1 to it.
  let authHandler: ((req: Request) => Promise<Response>) | undefined;
  let url = "";
  const authServer = createServer((req, res) => {
    if (!authHandler) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "UNAVAILABLE", message: "Auth is starting" } }));
      return;
    }
    serveWithFetch(authHandler, req, res, url).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const authPort = await listen(authServer, 0);
  const stopAuth = () =>
    new Promise<void>((done) => {
      authServer.close(() => done());
      authServer.closeAllConnections();
    });

  const anonKey = await mintApiKey(keys, "anon");
  const serviceRoleKey = await mintApiKey(keys, "service_role");
  const apiKeys = newOpaqueApiKeys();
  let functions: FunctionsServer;
  try {
    // What hosted Supabase gives every function (docs: functions/secrets).
    functions = await startFunctions(options.port, `http://127.0.0.1:${authPort}`, {
      SUPABASE_ANON_KEY: anonKey,
      SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
      SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: apiKeys.publishable }),
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: apiKeys.secret }),
      SUPABASE_JWKS: JSON.stringify(keys.jwks),
      SUPABASE_DB_URL: database.url,
      SKILLS_PUBLIC_URL: publicUrl ?? "",
      ...options.functionsEnv,
    });
  } catch (error) {
    await stopAuth();
    await authSql.end({ timeout: 1 });
    await database.stop();
    throw error;
  }
  url = `http://127.0.0.1:${functions.port}`;
  const external = publicUrl ?? url;
  // An unset env() site_url falls back to the platform's own page for confirmed emails
  // (the oauth function's), so a confirmation link lands somewhere: the local default of `yarn start`.
  const authSettings = { ...settings, siteUrl: settings.siteUrl ?? `${external}/functions/v1/oauth/email-confirmed` };
  authHandler = createAuthHandler({ sql: authSql, issuer: `${external}/auth/v1`, keys, settings: authSettings, apiKeys, log: options.log });
  await waitForHealth(`${url}/functions/v1/api/health`);

  return {
    url: external,
    apiUrl: `${external}/functions/v1/api`,
    dbUrl: database.url,
    dbKind: database.kind,
    anonKey,
    serviceRoleKey,
    publishableKey: apiKeys.publishable,
    secretKey: apiKeys.secret,
    auth: { mode: keys.mode, settings: authSettings },
    stop: async () => {
      await functions.stop();
      await stopAuth();
      await authSql.end({ timeout: 1 });
      await database.stop();
    },
  };
}

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the api did not become healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The config file `yarn start` reads unless given `--config`. */
export const DEFAULT_CONFIG_PATH = fileURLToPath(new URL("../config.toml", import.meta.url));

/** Default data folder of `yarn start`. */
export const DEFAULT_DATA_DIR = join(process.cwd(), ".data");
