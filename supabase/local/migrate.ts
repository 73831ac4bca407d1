/**
 * Applies the local shim and `supabase/migrations/*.sql` in order, each once,
 * recording them in `supabase_migrations.schema_migrations` as the Supabase CLI
 * does, so a restart applies nothing twice (issue: local platform).
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The two statements a database backend must offer the migrator. */
export interface MigrationTarget {
  /** Runs one or more SQL statements (simple protocol), no result. */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its rows. */
  rows<T>(sql: string): Promise<T[]>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));
const SHIM = fileURLToPath(new URL("./sql/shim.sql", import.meta.url));
const SEED = fileURLToPath(new URL("../seed.sql", import.meta.url));

/** One migration file: `<version>_<name>.sql`. */
export interface Migration {
  version: string;
  name: string;
  sql: string;
}

/** Reads the migration files in version order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const [, version = "", name = ""] = /^(\d+)_(.+)\.sql$/.exec(file) ?? [];
      return { version, name, sql: await readFile(join(dir, file), "utf8") };
    }),
  );
}

/**
 * Applies the shim (idempotent), every migration not yet recorded, each in
 * its own transaction, then `supabase/seed.sql` (idempotent). Returns the
 * versions it applied.
 * @throws the database error of the first failing migration, naming the file.
 */
export async function migrate(target: MigrationTarget): Promise<string[]> {
  await target.exec(await readFile(SHIM, "utf8"));
  await target.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, name text, statements text[], applied_at timestamptz default now()
    );`);
  const done = new Set(
    (await target.rows<{ version: string }>("select version from supabase_migrations.schema_migrations")).map(
      (r) => r.version,
    ),
  );
  const applied: string[] = [];
  for (const m of await readMigrations()) {
    if (done.has(m.version)) continue;
    try {
      await target.exec(
        `begin;\n${m.sql}\n;insert into supabase_migrations.schema_migrations (version, name) values ('${m.version}', '${m.name.replace(/'/g, "''")}');\ncommit;`,
      );
    } catch (error) {
      await target.exec("rollback").catch(() => {});
      throw new Error(`migration ${m.version}_${m.name}.sql failed: ${(error as Error).message}`);
    }
    applied.push(m.version);
  }
  // The seed (OAuth clients) is idempotent, so it runs on every start, as `supabase db reset` would run it once.
  await target.exec(await readFile(SEED, "utf8"));
  return applied;
}
