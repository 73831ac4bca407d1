/**
 * The migrations apply cleanly to a fresh real PostgreSQL server and to
 * PGlite, and applying them again changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openPglite } from "../local/database.ts";
import { migrate, readMigrations } from "../local/migrate.ts";
import { startTempPostgres } from "./support/postgres-server.ts";

describe("migrations", () => {
  it("apply once to PGlite and are idempotent on restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skills-migrate-"));
    try {
      const all = (await readMigrations()).map((m) => m.version);
      for (const expected of [all, []]) {
        const db = await openPglite(dir);
        const applied = await migrate({ exec: async (t) => void (await db.exec(t)), rows: async (t) => (await db.query(t)).rows as never });
        expect(applied).toEqual(expected);
        await db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("apply once to a real PostgreSQL server and are idempotent", async () => {
    const pg = await startTempPostgres();
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    try {
      const target = { exec: async (t: string) => void (await sql.unsafe(t).simple()), rows: async (t: string) => (await sql.unsafe(t)) as never };
      expect((await migrate(target)).length).toBe((await readMigrations()).length);
      expect(await migrate(target)).toEqual([]);
    } finally {
      await sql.end();
      pg.stop();
    }
  });
});
