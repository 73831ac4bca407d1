/**
 * The local platform's database (README "The local platform"): a real
 * PostgreSQL server when a URL is given, otherwise an embedded PGlite kept in
 * the data folder and served on a loopback port (pglite-server.ts), which
 * queues clients and keeps each transaction's statements together.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { migrate } from "./migrate.ts";
import { servePglite } from "./pglite-server.ts";

/** A running database: a connection URL and how to stop it. */
export interface LocalDatabase {
  url: string;
  kind: "postgres" | "pglite";
  stop(): Promise<void>;
}

/**
 * Opens an embedded PGlite in `dir` with the extensions the migrations
 * create (pg_trgm: the search's typo tolerance), as hosted Supabase offers them.
 */
export function openPglite(dir: string): Promise<PGlite> {
  return PGlite.create(dir, { extensions: { pg_trgm } });
}

/**
 * Opens (and migrates) the database.
 * @param options.dbUrl a PostgreSQL URL; the shim and migrations are applied there.
 * @param options.dataDir folder for PGlite's files when no URL is given.
 * @throws when the server is unreachable or a migration fails.
 */
export async function startDatabase(options: { dbUrl?: string; dataDir: string }): Promise<LocalDatabase> {
  if (options.dbUrl) {
    const sql = postgres(options.dbUrl, { max: 1, onnotice: () => {} });
    try {
      await migrate({
        exec: async (text) => void (await sql.unsafe(text).simple()),
        rows: async (text) => (await sql.unsafe(text)) as never,
      });
    } finally {
      await sql.end();
    }
    return { url: options.dbUrl, kind: "postgres", stop: async () => {} };
  }

  const dir = join(options.dataDir, "pglite");
  await mkdir(dir, { recursive: true });
  const db = await openPglite(dir);
  // Migrations run in-process before the socket attaches: afterwards every
  // user of the database goes through the socket, as PGlite is one session.
  await migrate({
    exec: async (text) => void (await db.exec(text)),
    rows: async <T,>(text: string) => (await db.query<T>(text)).rows,
  });
  const server = await servePglite(db);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`,
    kind: "pglite",
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
