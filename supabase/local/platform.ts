/**
 * The whole local platform on one port, without Docker (DESIGN.md "The local
 * stack"): database, GoTrue-compatible auth at /auth/v1, and real Deno serving
 * the Edge Functions at /functions/v1/<name>. Deno owns the public port and
 * forwards /auth/v1 to the auth emulator, which runs here in Node on a private
 * port. Used by `yarn start` and tests.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import postgres from "postgres";
import { createAuthHandler } from "./auth/handler.ts";
import { loadOrCreateSigningKey, mintApiKey } from "./auth/keys.ts";
import { startDatabase } from "./database.ts";
import { startFunctions, type FunctionsServer } from "./functions.ts";
import { serveWithFetch } from "./http.ts";

/** Options of `startPlatform`. */
export interface PlatformOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Folder for PGlite's files and the auth signing key. */
  dataDir: string;
  /** A PostgreSQL URL to use instead of the embedded PGlite. */
  dbUrl?: string;
  /** Extra environment for the functions (e.g. size limits in tests). */
  functionsEnv?: Record<string, string>;
}

/** A running platform. */
export interface Platform {
  /** `http://127.0.0.1:<port>`, the SUPABASE_URL. */
  url: string;
  /** The `api` function's base URL, what the CLI talks to. */
  apiUrl: string;
  /** Connection URL of the database (superuser: tests only). */
  dbUrl: string;
  dbKind: "postgres" | "pglite";
  anonKey: string;
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
 * @throws when the port is taken, the database fails to migrate, or Deno fails to start.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const database = await startDatabase({ dbUrl: options.dbUrl, dataDir: options.dataDir });
  const key = await loadOrCreateSigningKey(options.dataDir);
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

  const anonKey = await mintApiKey(key, "anon");
  let functions: FunctionsServer;
  try {
    functions = await startFunctions(options.port, `http://127.0.0.1:${authPort}`, {
      SUPABASE_ANON_KEY: anonKey,
      SUPABASE_SERVICE_ROLE_KEY: await mintApiKey(key, "service_role"),
      SUPABASE_DB_URL: database.url,
      ...options.functionsEnv,
    });
  } catch (error) {
    await stopAuth();
    await authSql.end({ timeout: 1 });
    await database.stop();
    throw error;
  }
  url = `http://127.0.0.1:${functions.port}`;
  authHandler = createAuthHandler({ sql: authSql, issuer: `${url}/auth/v1`, key });
  await waitForHealth(`${url}/functions/v1/api/health`);

  return {
    url,
    apiUrl: `${url}/functions/v1/api`,
    dbUrl: database.url,
    dbKind: database.kind,
    anonKey,
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

/** Default data folder of `yarn start`. */
export const DEFAULT_DATA_DIR = join(process.cwd(), ".data");
