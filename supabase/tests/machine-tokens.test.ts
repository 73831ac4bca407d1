/**
 * Personal access tokens for machines over real HTTP and in SQL, on the
 * embedded PGlite and on a real PostgreSQL server: creating, listing and
 * revoking them; a token acting as its creator within its registries and,
 * when read-only, for reads only, down to the policies; revoked and expired
 * tokens refused by name; the use recorded; and no API role able to read a
 * token's hash.
 */
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt, SignJWT } from "jose";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLI_DEFAULT_JWT_SECRET } from "../local/config.ts";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";

/** POST /tokens as `user`; the answer's secret and token. */
async function createToken(apiUrl: string, user: TestUser, body: Record<string, unknown>) {
  const res = await call(apiUrl, "POST", "/tokens", { token: user.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { token: string; machine_token: { id: string; name: string } };
}

describe.each(inject("platforms"))("machine tokens on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let owner: TestUser;
  let other: TestUser;
  /** An organization of the owner's (admin), and one where the owner is a contributor. */
  let mine: string;
  let theirs: string;
  const ownSkill = uniqueName("own");
  const theirSkill = uniqueName("contrib");

  beforeAll(async () => {
    [owner, other] = (await Promise.all([signUp(apiUrl, "tokenowner"), signUp(apiUrl, "tokenother")])) as [TestUser, TestUser];
    mine = uniqueName("mine");
    theirs = uniqueName("theirs");
    expect((await call(apiUrl, "POST", "/registries", { token: owner.token, body: { slug: mine, name: "Mine" } })).status).toBe(201);
    expect((await call(apiUrl, "POST", "/registries", { token: other.token, body: { slug: theirs, name: "Theirs" } })).status).toBe(201);
    const invited = await call(apiUrl, "POST", `/registries/${theirs}/members/invite`, { token: other.token, body: { email: owner.email, role: "contributor" } });
    expect(invited.status).toBe(200);
    for (const [registry, slug] of [[mine, ownSkill], [theirs, theirSkill]] as const) {
      const made = await call(apiUrl, "POST", `/registries/${registry}/skills`, { token: owner.token, body: { slug, name: slug, files: skillFiles(slug) } });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
  });
  afterAll(() => sql.end());

  describe("managing tokens", () => {
    it("creates a token once, lists it without its secret, and revokes it by name", async () => {
      const name = uniqueName("ci");
      const created = await createToken(apiUrl, owner, { name, registries: [mine], read_only: true, expires_in_days: 30 });
      expect(created.token).toMatch(/^sks_[A-Za-z0-9_-]{43}$/);
      expect(created.machine_token).toMatchObject({ name, registries: [mine], read_only: true, last_used_at: null });
      const lifetime = Date.parse((created.machine_token as any).expires_at) - Date.parse((created.machine_token as any).created_at);
      expect(Math.round(lifetime / 86_400_000)).toBe(30);

      const listed = await call(apiUrl, "GET", "/tokens", { token: owner.token });
      expect(listed.status).toBe(200);
      expect(listed.body.tokens.map((t: { name: string }) => t.name)).toContain(name);
      expect(JSON.stringify(listed.body)).not.toContain(created.token);
      expect(JSON.stringify(listed.body)).not.toContain(createHash("sha256").update(created.token).digest("hex"));

      const again = await call(apiUrl, "POST", "/tokens", { token: owner.token, body: { name } });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(`skills token revoke ${name}`);

      expect((await call(apiUrl, "DELETE", `/tokens/${name}`, { token: owner.token })).status).toBe(204);
      const after = await call(apiUrl, "GET", "/tokens", { token: owner.token });
      expect(after.body.tokens.map((t: { name: string }) => t.name)).not.toContain(name);
      expect((await call(apiUrl, "DELETE", `/tokens/${name}`, { token: owner.token })).status).toBe(404);
      // The name is free again once its token is revoked.
      await createToken(apiUrl, owner, { name });
    });

    it("defaults to every registry, writes allowed and 90 days", async () => {
      const created = await createToken(apiUrl, owner, { name: uniqueName("all") });
      expect(created.machine_token).toMatchObject({ registries: null, read_only: false });
      const m = created.machine_token as any;
      expect(Math.round((Date.parse(m.expires_at) - Date.parse(m.created_at)) / 86_400_000)).toBe(90);
    });

    it("refuses a registry the user does not belong to, a lifetime over a year and a bad name, changing nothing", async () => {
      const outside = uniqueName("outside");
      expect((await call(apiUrl, "POST", "/registries", { token: other.token, body: { slug: outside, name: "Outside" } })).status).toBe(201);
      const name = uniqueName("bad");
      const foreign = await call(apiUrl, "POST", "/tokens", { token: owner.token, body: { name, registries: [outside] } });
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.message).toContain(outside);
      const long = await call(apiUrl, "POST", "/tokens", { token: owner.token, body: { name, expires_in_days: 366 } });
      expect(long.status).toBe(422);
      const badName = await call(apiUrl, "POST", "/tokens", { token: owner.token, body: { name: "has space" } });
      expect(badName.status).toBe(422);
      const listed = await call(apiUrl, "GET", "/tokens", { token: owner.token });
      expect(listed.body.tokens.map((t: { name: string }) => t.name)).not.toContain(name);
    });

    it("cannot be done with a machine token: creating, listing and revoking need a signed-in session", async () => {
      const { token, machine_token } = await createToken(apiUrl, owner, { name: uniqueName("minter") });
      const mint = await call(apiUrl, "POST", "/tokens", { token, body: { name: uniqueName("child") } });
      expect(mint.status).toBe(403);
      expect(mint.body.error.message).toContain("skills login");
      expect((await call(apiUrl, "GET", "/tokens", { token })).status).toBe(403);
      expect((await call(apiUrl, "DELETE", `/tokens/${machine_token.name}`, { token })).status).toBe(403);
      expect((await call(apiUrl, "GET", "/me", { token })).status).toBe(200);
    });
  });

  describe("using a token", () => {
    it("acts as the user who created it", async () => {
      const { token } = await createToken(apiUrl, owner, { name: uniqueName("me") });
      const me = await call(apiUrl, "GET", "/me", { token });
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ id: owner.id, email: owner.email, username: owner.username });
    });

    it("reaches only the registries it names: another registry of the same user is invisible", async () => {
      const { token } = await createToken(apiUrl, owner, { name: uniqueName("limited"), registries: [mine] });
      const registries = await call(apiUrl, "GET", "/registries", { token });
      expect(registries.body.registries.map((r: { slug: string }) => r.slug)).toEqual([mine]);
      expect((await call(apiUrl, "GET", `/registries/${mine}/skills/${ownSkill}`, { token })).status).toBe(200);
      expect((await call(apiUrl, "GET", `/registries/${theirs}/skills/${theirSkill}`, { token })).status).toBe(404);
      expect((await call(apiUrl, "GET", `/registries/${owner.username}`, { token })).status).toBe(404);
      const found = await call(apiUrl, "GET", `/search?q=${theirSkill}`, { token });
      expect(found.body.results).toEqual([]);
      // Within its registries it may write: the owner is the admin of `mine`.
      const published = await call(apiUrl, "POST", `/registries/${mine}/skills/${ownSkill}/versions`, {
        token, body: { version: "1.1.0", files: skillFiles(ownSkill, "Limited but writable.") },
      });
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      // Creating an organization is outside every registry it names.
      expect((await call(apiUrl, "POST", "/registries", { token, body: { slug: uniqueName("neworg"), name: "New" } })).status).toBe(403);
    });

    it("read-only refuses publishing, uploading and editing though the user is a contributor, and still reads", async () => {
      const { token } = await createToken(apiUrl, owner, { name: uniqueName("ro"), registries: [theirs], read_only: true });
      expect((await call(apiUrl, "GET", `/registries/${theirs}/skills/${theirSkill}`, { token })).status).toBe(200);
      const publish = await call(apiUrl, "POST", `/registries/${theirs}/skills/${theirSkill}/versions`, {
        token, body: { version: "2.0.0", files: skillFiles(theirSkill, "Read-only must not land.") },
      });
      expect(publish.status).toBe(403);
      const bytes = randomBytes(32);
      const upload = await fetch(`${apiUrl}/blobs/${createHash("sha256").update(bytes).digest("hex")}`, {
        method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" }, body: bytes,
      });
      expect(upload.status).toBe(403);
      const edit = await call(apiUrl, "PUT", `/registries/${theirs}/skills/${theirSkill}`, { token, body: { description: "Changed" } });
      expect(edit.status).toBe(403);
      const versions = await call(apiUrl, "GET", `/registries/${theirs}/skills/${theirSkill}/versions`, { token: owner.token });
      expect(versions.body.versions.map((v: { version: string }) => v.version)).toEqual(["1.0.0"]);
      // The same user with a session still publishes.
      const session = await call(apiUrl, "POST", `/registries/${theirs}/skills/${theirSkill}/versions`, {
        token: owner.token, body: { version: "1.0.1", files: skillFiles(theirSkill, "With a session.") },
      });
      expect(session.status).toBe(201);
    });

    it("records its last use, at most once a minute", async () => {
      const { token, machine_token } = await createToken(apiUrl, owner, { name: uniqueName("used") });
      expect((await call(apiUrl, "GET", "/me", { token })).status).toBe(200);
      const [first] = await sql<{ last_used_at: Date | null }[]>`select last_used_at from private.machine_tokens where id = ${machine_token.id}`;
      expect(first!.last_used_at).toBeInstanceOf(Date);
      expect((await call(apiUrl, "GET", "/me", { token })).status).toBe(200);
      const [second] = await sql<{ last_used_at: Date }[]>`select last_used_at from private.machine_tokens where id = ${machine_token.id}`;
      expect(second!.last_used_at.getTime()).toBe(first!.last_used_at!.getTime());
      const listed = await call(apiUrl, "GET", "/tokens", { token: owner.token });
      const shown = listed.body.tokens.find((t: { id: string }) => t.id === machine_token.id);
      expect(Date.parse(shown.last_used_at)).toBe(first!.last_used_at!.getTime());
    });
  });

  describe("ending a token", () => {
    it("a revoked token is refused at once with a 401 naming it", async () => {
      const name = uniqueName("gone");
      const { token } = await createToken(apiUrl, owner, { name });
      expect((await call(apiUrl, "GET", "/me", { token })).status).toBe(200);
      expect((await call(apiUrl, "DELETE", `/tokens/${name}`, { token: owner.token })).status).toBe(204);
      const refused = await call(apiUrl, "GET", "/me", { token });
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(new RegExp(`^The token "${name}" was revoked on \\d{4}-\\d{2}-\\d{2}$`));
    });

    it("an expired token is refused with a 401 naming it", async () => {
      const name = uniqueName("old");
      const { token, machine_token } = await createToken(apiUrl, owner, { name, expires_in_days: 1 });
      await sql`update private.machine_tokens set created_at = now() - interval '2 days', expires_at = now() - interval '1 day' where id = ${machine_token.id}`;
      const refused = await call(apiUrl, "GET", `/registries/${mine}/skills`, { token });
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(new RegExp(`^The token "${name}" expired on \\d{4}-\\d{2}-\\d{2}$`));
    });

    it("an unknown or malformed token is a plain 401", async () => {
      expect((await call(apiUrl, "GET", "/me", { token: `sks_${randomBytes(32).toString("base64url")}` })).status).toBe(401);
      expect((await call(apiUrl, "GET", "/me", { token: "sks_short" })).status).toBe(401);
    });
  });

  describe("in SQL, as authenticated with a token's claims", () => {
    let ids: { mine: string; theirs: string; theirSkill: string };
    beforeAll(async () => {
      const rows = await sql<{ slug: string; id: string }[]>`select slug, id from registries where slug in (${mine}, ${theirs})`;
      const [skill] = await sql<{ id: string }[]>`select s.id from skills s join registries r on r.id = s.registry_id where r.slug = ${theirs} and s.slug = ${theirSkill}`;
      ids = { mine: rows.find((r) => r.slug === mine)!.id, theirs: rows.find((r) => r.slug === theirs)!.id, theirSkill: skill!.id };
    });

    /** Runs `fn` as `authenticated` with the owner's claims and `skills_token`, rolled back; its rows or its error. */
    async function asToken<T>(skillsToken: unknown, fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T | (Error & { code?: string })> {
      let result: T | Error | undefined;
      await sql
        .begin(async (tx) => {
          const claims = { sub: owner.id, email: owner.email, role: "authenticated", aud: "authenticated", skills_token: skillsToken };
          await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true)`;
          result = await fn(tx).catch((error: Error) => error);
          throw new Error("rollback");
        })
        .catch((error: Error) => {
          if (error.message !== "rollback") throw error;
        });
      return result as T | Error;
    }

    const limit = (registries: string[] | null, readOnly: boolean) => ({ id: "00000000-0000-0000-0000-000000000000", name: "sql", registries, read_only: readOnly });

    it("policies hide every row of a registry outside the token's list", async () => {
      const seen = await asToken(limit([ids.mine], false), (tx) => tx`
        select (select count(*)::int from registries where id = ${ids.theirs}) as registries,
               (select count(*)::int from skills where registry_id = ${ids.theirs}) as skills,
               (select count(*)::int from skill_versions where registry_id = ${ids.theirs}) as versions,
               (select count(*)::int from registry_members where registry_id = ${ids.theirs}) as members,
               (select count(*)::int from skills where registry_id = ${ids.mine}) as own_skills`);
      expect(seen).toEqual([{ registries: 0, skills: 0, versions: 0, members: 0, own_skills: 1 }]);
    });

    it("read-only makes every write check false, even for a contributor writing their own skill", async () => {
      const readOnly = limit(null, true);
      const insert = await asToken(readOnly, (tx) => tx`
        insert into skills (registry_id, slug, name, created_by) values (${ids.theirs}, ${uniqueName("sqlro")}, 'x', ${owner.id})`);
      expect((insert as { code?: string }).code).toBe("42501");
      const update = await asToken(readOnly, (tx) => tx`update skills set description = 'Changed' where id = ${ids.theirSkill}`);
      expect((update as postgres.RowList<postgres.Row[]>).count).toBe(0);
      const profile = await asToken(readOnly, (tx) => tx`update profiles set display_name = 'Renamed' where id = ${owner.id}`);
      expect((profile as postgres.RowList<postgres.Row[]>).count).toBe(0);
      const bytes = randomBytes(16);
      const stored = await asToken(readOnly, (tx) => tx`select private.store_blob(${createHash("sha256").update(bytes).digest("hex")}, ${bytes})`);
      expect((stored as { code?: string }).code).toBe("42501");
      // The same statements without the claim go through.
      const writable = await asToken(limit(null, false), (tx) => tx`update skills set description = 'Changed' where id = ${ids.theirSkill}`);
      expect((writable as postgres.RowList<postgres.Row[]>).count).toBe(1);
    });

    it("every table a user may write, and every table that belongs to a registry, has the token's restrictive policies", async () => {
      const missing = await sql<{ missing: string }[]>`
        select format('%s: read-only machine tokens cannot %s', c.relname, cmd.name) as missing
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        cross join (values ('a'::"char", 'insert'), ('w'::"char", 'update'), ('d'::"char", 'delete')) as cmd(polcmd, name)
        where n.nspname = 'public'
          and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polpermissive and p.polcmd in (cmd.polcmd, '*')
                      and 'authenticated'::regrole = any (p.polroles))
          and not exists (select 1 from pg_policy p where p.polrelid = c.oid and not p.polpermissive
                          and p.polname = 'read-only machine tokens cannot ' || cmd.name)
        union all
        select format('%s: machine tokens keep to their registries', c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and (c.relname = 'registries' or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'registry_id'))
          and not exists (select 1 from pg_policy p where p.polrelid = c.oid and not p.polpermissive
                          and p.polname = 'machine tokens keep to their registries')`;
      expect(missing.map((m) => m.missing)).toEqual([]);
    });

    it("a claim of any other shape limits to nothing and writes nothing", async () => {
      const seen = await asToken({ id: "x" }, (tx) => tx`select count(*)::int as n from registries`);
      expect(seen).toEqual([{ n: 0 }]);
    });

    it("the request's first statement refuses a token that was revoked (PT401)", async () => {
      const name = uniqueName("sqlgone");
      const { machine_token } = await createToken(apiUrl, owner, { name });
      expect((await call(apiUrl, "DELETE", `/tokens/${name}`, { token: owner.token })).status).toBe(204);
      const refused = await asToken({ id: machine_token.id, name, registries: null, read_only: false }, (tx) => tx`select private.require_live_session()`);
      expect((refused as { code?: string }).code).toBe("PT401");
    });
  });

  describe("the stored hash", () => {
    it("is the sha256 of the token, and the token itself is stored nowhere", async () => {
      const { token, machine_token } = await createToken(apiUrl, owner, { name: uniqueName("hash") });
      const [row] = await sql<{ token_hash: string; texts: string }[]>`
        select token_hash, row_to_json(t)::text as texts from private.machine_tokens t where id = ${machine_token.id}`;
      expect(row!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
      expect(row!.texts).not.toContain(token.slice(4));
    });

    it("is readable by no API role: no privilege on the table, the lookup executable by service_role only", async () => {
      const [privileges] = await sql<Record<string, boolean>[]>`
        select bool_or(has_column_privilege(r, 'private.machine_tokens', 'token_hash', 'select')) as hash,
               bool_or(has_table_privilege(r, 'private.machine_tokens', 'select')) as rows,
               bool_or(has_function_privilege(r, 'private.machine_token_for(text)', 'execute')) filter (where r <> 'service_role') as lookup
        from unnest(array['anon', 'authenticated', 'service_role']) r`;
      expect(privileges).toEqual({ hash: false, rows: false, lookup: false });
      for (const role of ["anon", "authenticated"]) {
        const read = await sql
          .begin(async (tx) => {
            await tx.unsafe(`set local role ${role}`);
            return tx`select token_hash from private.machine_tokens`;
          })
          .catch((error: { code?: string }) => error);
        expect((read as { code?: string }).code, role).toBe("42501");
      }
      const listed = await call(apiUrl, "GET", "/tokens", { token: owner.token });
      for (const t of listed.body.tokens) expect(Object.keys(t).sort()).toEqual(["created_at", "expires_at", "id", "last_used_at", "name", "read_only", "registries"]);
    });
  });
});

// The embedded platform signs sessions with the legacy HS256 secret, which a test can sign with too.
describe("a session JWT carrying the machine-token claim, on the embedded platform", () => {
  const { apiUrl } = inject("platforms").find((p) => p.name === "pglite")!;
  const sign = (payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(CLI_DEFAULT_JWT_SECRET));

  it("is refused though its signature is good: only a machine token's lookup sets that claim", async () => {
    const user = await signUp(apiUrl, "forger");
    const claims = decodeJwt(user.token);
    expect((await call(apiUrl, "GET", "/me", { token: await sign(claims) })).status).toBe(200);
    const forged = await sign({ ...claims, skills_token: { id: crypto.randomUUID(), name: "forged", registries: null, read_only: false } });
    expect((await call(apiUrl, "GET", "/me", { token: forged })).status).toBe(401);
  });
});
