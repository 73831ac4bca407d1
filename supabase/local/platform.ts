/**
 * The whole local platform on one port, without Docker (DESIGN.md "The local
 * stack"): database, GoTrue-compatible auth at /auth/v1, and real Deno serving
 * the Edge Functions at /functions/v1/<name>. Used by `yarn start` and tests.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import postgres from "postgres";
import { createAuthHandler } from "./auth/handler.ts";
import { loadOrCreateSigningKey, mintApiKey } from "./auth/keys.ts";
import { startDatabase } from "./database.ts";
import { startFunctions } from "./functions.ts";
import { proxy, serveWithFetch } from "./http.ts";

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

  let functionsPort = 0;
  let authHandler: ((req: Request) => Promise<Response>) | undefined;
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    if (path.startsWith("/auth/v1") && authHandler) {
      serveWithFetch(authHandler, req, res, url).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    } else if (path.startsWith("/functions/v1/") && functionsPort) {
      proxy(req, res, functionsPort, path.slice("/functions/v1".length));
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: `No route for ${path}` } }));
    }
  });
  const port = await listen(server, options.port);
  const url = `http://127.0.0.1:${port}`;
  authHandler = createAuthHandler({ sql: authSql, issuer: `${url}/auth/v1`, key });
  const anonKey = await mintApiKey(key, "anon");

  const functions = await startFunctions({
    SUPABASE_URL: url,
    SUPABASE_ANON_KEY: anonKey,
    SUPABASE_SERVICE_ROLE_KEY: await mintApiKey(key, "service_role"),
    SUPABASE_DB_URL: database.url,
    ...options.functionsEnv,
  });
  functionsPort = functions.port;
  await waitForHealth(`${url}/functions/v1/api/health`);

  return {
    url,
    apiUrl: `${url}/functions/v1/api`,
    dbUrl: database.url,
    dbKind: database.kind,
    anonKey,
    stop: async () => {
      await functions.stop();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
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
