/**
 * The OAuth tables are service-side (migration 20261123002000_oauth.sql):
 * anonymous and signed-in callers can neither read nor write them, and the
 * one helper signed-in callers may run reveals only their own session's
 * resource.
 */
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { asActor } from "./support/sql-as.ts";
import { signUp } from "./support/api.ts";

const TABLES = ["oauth_clients", "oauth_sessions", "oauth_authorization_codes", "oauth_refresh_tokens"];

describe.each(inject("platforms"))("oauth tables on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  afterAll(() => sql.end());

  it.each(TABLES)("anon and authenticated can neither read nor write %s", async (table) => {
    const user = await signUp(apiUrl, "tables");
    for (const actor of ["anon", { id: user.id, email: user.email }] as const) {
      const read = await asActor(sql, actor, (tx) => tx.unsafe(`select * from public.${table} limit 1`));
      expect((read as { code?: string }).code).toBe("42501");
      const write = await asActor(sql, actor, (tx) => tx.unsafe(`delete from public.${table}`));
      expect((write as { code?: string }).code).toBe("42501");
    }
  });

  it("the resource helper answers only for the caller's own session", async () => {
    const owner = await signUp(apiUrl, "owner");
    const other = await signUp(apiUrl, "other");
    const sessionId = "5c1d6f1e-8a7b-4c3d-9e2f-1a2b3c4d5e6f";
    await sql`insert into oauth_sessions (session_id, client_id, resource, user_id) values (${sessionId}, 'cli', 'https://example.test/mcp', ${owner.id})`;
    try {
      const ask = (id: string) =>
        sql.begin(async (tx) => {
          await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: id, role: "authenticated", session_id: sessionId })}, true), set_config('role', 'authenticated', true)`;
          return (await tx`select private.oauth_session_resource() as r`)[0]!.r;
        });
      expect(await ask(owner.id)).toBe("https://example.test/mcp");
      // Another user claiming the same session id learns nothing.
      expect(await ask(other.id)).toBeNull();
      const anon = await asActor(sql, "anon", (tx) => tx`select private.oauth_session_resource()`);
      expect((anon as { code?: string }).code).toBe("42501");
    } finally {
      await sql`delete from oauth_sessions where session_id = ${sessionId}`;
    }
  });
});
