/**
 * The embedded database's wire server under concurrent clients: statements
 * outside transactions, transactions and extended-protocol queries from many
 * connections at once must never mix (a mixed unnamed statement shows up as
 * a wrong result or `portal "" does not exist`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servePglite, type PgliteServer } from "../local/pglite-server.ts";

describe("embedded database server", () => {
  const dir = mkdtempSync(join(tmpdir(), "skills-pglite-"));
  let db: PGlite;
  let server: PgliteServer;
  let clients: postgres.Sql[];

  beforeAll(async () => {
    db = await PGlite.create(join(dir, "db"));
    await db.exec("create table counter (id int primary key, n int not null); insert into counter values (1, 0);");
    server = await servePglite(db);
    const url = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
    clients = Array.from({ length: 6 }, () => postgres(url, { prepare: false, max: 4, onnotice: () => {} }));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end({ timeout: 1 })));
    await server.stop();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers each of hundreds of concurrent parameterized queries with its own result", async () => {
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => clients[i % clients.length]!`select ${i}::int as i, ${`v${i}`}::text as v`),
    );
    results.forEach((rows, i) => expect(rows[0]).toEqual({ i, v: `v${i}` }));
  });

  it("keeps concurrent transactions apart: every increment lands exactly once", async () => {
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        clients[i % clients.length]!.begin(async (tx) => {
          const [row] = await tx`select n from counter where id = ${1}`;
          await tx`update counter set n = ${row!.n + 1} where id = ${1}`;
        }),
      ),
    );
    const [row] = await clients[0]!`select n from counter where id = 1`;
    expect(row!.n).toBe(120);
  });

  it("releases a transaction whose client disconnects", async () => {
    const lone = postgres(`postgres://postgres@127.0.0.1:${server.port}/postgres`, { prepare: false, max: 1 });
    const reserved = await lone.reserve();
    await reserved`begin`;
    await reserved`update counter set n = -1 where id = 1`;
    await lone.end({ timeout: 0 });
    const [row] = await clients[1]!`select n from counter where id = 1`;
    expect(row!.n).toBe(120);
  });
});
