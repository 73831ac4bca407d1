/**
 * The access-control matrix (rls-matrix.md), generated cell by cell, on the
 * embedded PGlite and on a real PostgreSQL server: every table × operation ×
 * actor at the SQL level as that actor with its JWT claims (rolled back),
 * every route × actor over HTTP against fresh rows, and every privilege the
 * API roles hold on a table, function or schema, read from the catalog.
 */
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, skillFiles, uniqueName } from "./support/api.ts";
import { catalogPrivileges, readPrivileges } from "./support/catalog-privileges.ts";
import { matrixSection, privilegeSection } from "./support/matrix.ts";
import { asActor } from "./support/sql-as.ts";
import { ACTORS, organizationTarget, personalTarget, signUpCast, type ActorName, type Cast, type Target } from "./support/world.ts";

type Tx = postgres.TransactionSql;
type Result = postgres.RowList<postgres.Row[]>;
/** What a SQL case runs: the caller (null for anon), the rows it acts on, the cast. */
type SqlCase = (tx: Tx, me: string | null, t: Target, cast: Cast) => Promise<Result>;

const DIGEST = `sha256:${"0".repeat(64)}`;

/** Fresh bytes and their sha256, as a client would upload them. */
function madeUpBlob(): { sha256: string; bytes: Buffer } {
  const bytes = randomBytes(24);
  return { sha256: createHash("sha256").update(bytes).digest("hex"), bytes };
}
const fresh = (prefix: string) => uniqueName(prefix);

/** The statement behind each SQL case id of the matrix. */
const SQL_CASES: Record<string, SqlCase> = {
  "profiles.select": (tx, _me, _t, cast) => tx`select 1 from profiles where id = ${cast.bystander.id}`,
  "profiles.insert": (tx) => tx`insert into profiles (id, username) values (gen_random_uuid(), ${fresh("ghost")})`,
  "profiles.update.own": (tx, me) => tx`update profiles set display_name = 'Renamed' where id = ${me}`,
  "profiles.update.other": (tx, _me, _t, cast) => tx`update profiles set display_name = 'Pwned' where id = ${cast.bystander.id}`,
  "profiles.update.username": (tx, me) => tx`update profiles set username = ${fresh("renamed")} where id = ${me}`,
  "profiles.delete": (tx, me) => tx`delete from profiles where id = ${me}`,

  "registries.select": (tx, _me, t) => tx`select 1 from registries where id = ${t.registryId}`,
  "registries.insert.organization": (tx, me) =>
    tx`insert into registries (slug, name, type, created_by) values (${fresh("new-org")}, 'x', 'organization', ${me})`,
  "registries.insert.personal": (tx, me) =>
    tx`insert into registries (slug, name, type, created_by) values (${fresh("fake")}, 'x', 'personal', ${me})`,
  "registries.update": (tx, _me, t) => tx`update registries set description = 'Changed' where id = ${t.registryId}`,
  "registries.delete": (tx, _me, t) => tx`delete from registries where id = ${t.registryId}`,

  "registry_members.select": (tx, _me, t) =>
    tx`select 1 from registry_members where registry_id = ${t.registryId} and user_id = ${t.memberUserId}`,
  "registry_members.insert": (tx, _me, t, cast) =>
    tx`insert into registry_members (registry_id, user_id, role) values (${t.registryId}, ${cast.outsider.id}, 'member')`,
  "registry_members.update": (tx, _me, t) =>
    tx`update registry_members set role = 'contributor' where registry_id = ${t.registryId} and user_id = ${t.memberUserId}`,
  "registry_members.update.self": (tx, me, t) =>
    tx`update registry_members set role = 'admin' where registry_id = ${t.registryId} and user_id = ${me}`,
  "registry_members.delete": (tx, _me, t) =>
    tx`delete from registry_members where registry_id = ${t.registryId} and user_id = ${t.memberUserId}`,
  "registry_members.delete.self": (tx, me, t) =>
    tx`delete from registry_members where registry_id = ${t.registryId} and user_id = ${me}`,

  "skills.select": (tx, _me, t) => tx`select 1 from skills where id = ${t.skill.id}`,
  "skills.insert": (tx, me, t) =>
    tx`insert into skills (registry_id, slug, name, created_by) values (${t.registryId}, ${fresh("new-skill")}, 'x', ${me})`,
  "skills.update": (tx, _me, t) => tx`update skills set description = 'Edited' where id = ${t.skill.id}`,
  "skills.update.contributors": (tx, _me, t) => tx`update skills set description = 'Edited' where id = ${t.ownSkill.id}`,
  "skills.update.registry": (tx, _me, t, cast) =>
    tx`update skills set registry_id = (select id from registries where slug = ${cast.outsider.username}) where id = ${t.skill.id}`,
  "skills.delete": (tx, _me, t) => tx`delete from skills where id = ${t.skill.id}`,

  "skill_versions.select": (tx, _me, t) => tx`select 1 from skill_versions where id = ${t.skill.versionId}`,
  "skill_versions.insert": (tx, me, t) => tx`
    insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
    values (${t.skill.id}, '9.9.9', 'x', ${DIGEST}, 1, 1, ${me})`,
  "skill_versions.update": (tx, _me, t) => tx`update skill_versions set changelog = 'Rewritten' where id = ${t.skill.versionId}`,
  "skill_versions.delete": (tx, _me, t) => tx`delete from skill_versions where id = ${t.skill.versionId}`,

  "skill_files.select": (tx, _me, t) => tx`select 1 from skill_files where version_id = ${t.skill.versionId}`,
  "skill_files.insert.published": (tx, _me, t) =>
    tx`insert into skill_files (version_id, path, sha256, size) values (${t.skill.versionId}, 'late.md', ${t.skill.blob}, ${t.skill.blobSize})`,
  "skill_files.insert.publishing": async (tx, me, t) => {
    const [version] = await tx<{ id: string }[]>`
      insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
      values (${t.skill.id}, '9.9.9', 'x', ${DIGEST}, 1, 1, ${me}) returning id`;
    return tx`insert into skill_files (version_id, path, sha256, size) values (${version!.id}, 'SKILL.md', ${t.skill.blob}, ${t.skill.blobSize})`;
  },
  "skill_files.update": (tx, _me, t) => tx`update skill_files set executable = true where version_id = ${t.skill.versionId}`,
  "skill_files.delete": (tx, _me, t) => tx`delete from skill_files where version_id = ${t.skill.versionId}`,

  "file_blobs.select": (tx, _me, t) => tx`select 1 from file_blobs where sha256 = ${t.skill.blob}`,
  "file_blobs.insert": (tx) => {
    const bytes = Buffer.from(randomBytes(16).toString("hex"));
    return tx`insert into file_blobs (sha256, size, content) values (encode(sha256(${bytes}), 'hex'), ${bytes.length}, ${bytes})`;
  },
  "file_blobs.select.uploaded": async (tx) => {
    const blob = madeUpBlob();
    await tx`select private.store_blob(${blob.sha256}, ${blob.bytes})`;
    return tx`select 1 from file_blobs where sha256 = ${blob.sha256}`;
  },
  "blob_uploads.select.own": async (tx, me) => {
    const blob = madeUpBlob();
    await tx`select private.store_blob(${blob.sha256}, ${blob.bytes})`;
    return tx`select 1 from blob_uploads where sha256 = ${blob.sha256} and user_id = ${me}`;
  },
  "blob_uploads.select.other": async (tx, me, _t, cast) => {
    // The bystander uploads within the same transaction (their claims, then the actor's again).
    const blob = madeUpBlob();
    await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: cast.bystander.id, role: "authenticated" })}, true)`;
    await tx`select private.store_blob(${blob.sha256}, ${blob.bytes})`;
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(me ? { sub: me, role: "authenticated" } : { role: "anon" })}, true)`;
    return tx`select 1 from blob_uploads where sha256 = ${blob.sha256}`;
  },
  "blob_uploads.insert": (tx, me, t) => tx`insert into blob_uploads (user_id, sha256) values (${me}, ${t.skill.blob})`,

  "file_blobs.update": (tx, _me, t) => tx`update file_blobs set size = size where sha256 = ${t.skill.blob}`,
  "file_blobs.delete": (tx, _me, t) => tx`delete from file_blobs where sha256 = ${t.skill.blob}`,

  "skill_maintainers.select": (tx, _me, t) => tx`select 1 from skill_maintainers where skill_id = ${t.skill.id}`,
  "skill_maintainers.insert": (tx, _me, t) =>
    tx`insert into skill_maintainers (skill_id, user_id) values (${t.newMaintainer.skillId}, ${t.newMaintainer.userId})`,
  "skill_maintainers.insert.creator": (tx, _me, t) =>
    tx`insert into skill_maintainers (skill_id, user_id) values (${t.newMaintainerOfOwn.skillId}, ${t.newMaintainerOfOwn.userId})`,
  "skill_maintainers.insert.member": (tx, _me, t, cast) =>
    tx`insert into skill_maintainers (skill_id, user_id) values (${t.skill.id}, ${cast.bystander.id})`,
  "skill_maintainers.update": (tx, _me, t) => tx`update skill_maintainers set created_at = now() where skill_id = ${t.skill.id}`,
  "skill_maintainers.delete": (tx, _me, t) => tx`delete from skill_maintainers where skill_id = ${t.skill.id}`,

  "invitations.select": (tx, _me, t) => tx`select 1 from invitations where id = ${t.invitationId}`,
  "invitations.insert": (tx, me, t) =>
    tx`insert into invitations (registry_id, email, role, invited_by) values (${t.registryId}, ${`${fresh("new")}@example.test`}, 'member', ${me})`,
  "invitations.update.accept": (tx, _me, t) => tx`update invitations set status = 'accepted' where id = ${t.invitationId}`,
  "invitations.update.role": (tx, _me, t) => tx`update invitations set role = 'admin' where id = ${t.invitationId}`,
  "invitations.delete": (tx, _me, t) => tx`delete from invitations where id = ${t.invitationId}`,

  "audit_events.select": (tx, _me, t) => tx`select 1 from audit_events where registry_id = ${t.registryId}`,
  "audit_events.insert": (tx, me, t) =>
    tx`insert into audit_events (registry_id, actor_id, action, target) values (${t.registryId}, ${me}, 'version.publish', 'forged@1.0.0')`,
  "audit_events.update": (tx, _me, t) => tx`update audit_events set target = 'rewritten' where registry_id = ${t.registryId}`,
  "audit_events.delete": (tx, _me, t) => tx`delete from audit_events where registry_id = ${t.registryId}`,

  "skill_issues.select": (tx, _me, t) => tx`select 1 from skill_issues where id = ${t.skill.issueId}`,
  "skill_issues.insert": (tx, me, t) => tx`insert into skill_issues (skill_id, reported_by, issue) values (${t.skill.id}, ${me}, 'Wrong step')`,
  "skill_issues.update": (tx, _me, t) => tx`update skill_issues set status = 'closed' where id = ${t.skill.issueId}`,
  "skill_issues.delete": (tx, _me, t) => tx`delete from skill_issues where id = ${t.skill.issueId}`,
};

/**
 * Tables only the service role touches (every cell `no`) need no specific
 * statement: any read, insert, update or delete must be refused.
 */
function serviceSideCase(table: string, operation: string, firstColumn: string): SqlCase {
  return (tx) => {
    switch (operation) {
      case "select":
        return tx`select 1 from ${tx(table)}`;
      case "insert":
        return tx`insert into ${tx(table)} default values`;
      case "update":
        return tx`update ${tx(table)} set ${tx(firstColumn)} = ${tx(firstColumn)}`;
      default:
        return tx`delete from ${tx(table)}`;
    }
  };
}

/** A table of public as the every-table cases need it: its quoted name and primary key. */
interface PublicTable {
  name: string;
  qualified: string;
  /** `"col" type, …` of the primary key, and the bare column list. */
  keyColumns: string;
  keyNames: string;
}

/**
 * Operations tried on every table of public as every actor (the `*.` rows):
 * TRUNCATE skips RLS, a trigger runs for whoever writes the table next, and a
 * foreign key from a table of one's own (in a schema the setup lets the API
 * roles create in) pins and probes another's rows. `yes` when it went through.
 */
const EVERY_TABLE_CASES: Record<string, { run: (tx: Tx, t: PublicTable) => Promise<unknown>; setup?: (tx: Tx) => Promise<unknown> }> = {
  "*.truncate": { run: (tx, t) => tx.unsafe(`truncate table ${t.qualified} cascade`) },
  "*.trigger": {
    run: (tx, t) => tx.unsafe(`create trigger matrix_probe before update on ${t.qualified} for each row execute function pg_catalog.suppress_redundant_updates_trigger()`),
  },
  "*.references": {
    setup: (tx) => tx.unsafe("create schema matrix_probe; grant usage, create on schema matrix_probe to anon, authenticated"),
    run: (tx, t) => tx.unsafe(`create table matrix_probe.refs (${t.keyColumns}, foreign key (${t.keyNames}) references ${t.qualified} (${t.keyNames}))`),
  },
};

/** yes: a row was returned or changed; no: none was, or Postgres refused (42501, or SK001 the last-admin guard). */
function outcome(result: Result | Error): "yes" | "no" {
  if (result instanceof Error) {
    const code = (result as { code?: string }).code;
    if (code === "42501" || code === "SK001") return "no";
    throw result;
  }
  return result.count > 0 ? "yes" : "no";
}

/** An HTTP cell: the request an actor sends against a target. */
type HttpCase = (t: Target, cast: Cast) => { method: string; path: string; body?: unknown };

const HTTP_CASES: Record<string, HttpCase> = {
  "registry.get": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}` }),
  "registry.update": (t) => ({ method: "PUT", path: `/registries/${t.registrySlug}`, body: { description: "Changed" } }),
  "registry.create": () => ({ method: "POST", path: "/registries", body: { slug: fresh("created"), name: "Created" } }),
  "members.list": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}/members` }),
  "members.invite": (t) => ({
    method: "POST", path: `/registries/${t.registrySlug}/members/invite`, body: { email: `${fresh("new")}@example.test`, role: "member" },
  }),
  "members.role": (t) => ({ method: "PUT", path: `/registries/${t.registrySlug}/members/${t.memberUserId}`, body: { role: "contributor" } }),
  "members.remove": (t) => ({ method: "DELETE", path: `/registries/${t.registrySlug}/members/${t.memberUserId}` }),
  "invitations.list": () => ({ method: "GET", path: "/invitations" }),
  "invitations.accept": (t) => ({ method: "POST", path: `/registries/${t.registrySlug}/invitations/${t.invitationId}/accept` }),
  "invitations.decline": (t) => ({ method: "POST", path: `/registries/${t.registrySlug}/invitations/${t.invitationId}/decline` }),
  "skills.list": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}/skills` }),
  "skills.create": (t) => {
    const slug = fresh("created");
    return { method: "POST", path: `/registries/${t.registrySlug}/skills`, body: { slug, name: slug, files: skillFiles(slug) } };
  },
  "skills.get": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}` }),
  "skills.update": (t) => ({ method: "PUT", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}`, body: { description: "Edited" } }),
  "skills.update.contributors": (t) => ({ method: "PUT", path: `/registries/${t.registrySlug}/skills/${t.ownSkill.slug}`, body: { description: "Edited" } }),
  "skills.delete": (t) => ({ method: "DELETE", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}` }),
  "versions.list": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}/versions` }),
  "versions.publish": (t) => ({
    method: "POST", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}/versions`, body: { version: "2.0.0", files: skillFiles(t.skill.slug, "v2") },
  }),
  "versions.get": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}/versions/${t.skill.version}` }),
  "maintainers.list": (t) => ({ method: "GET", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}/maintainers` }),
  "maintainers.add": (t) => ({
    method: "POST", path: `/registries/${t.registrySlug}/skills/${t.newMaintainer.skillSlug}/maintainers`, body: { username: t.newMaintainer.username },
  }),
  "maintainers.add.creator": (t) => ({
    method: "POST",
    path: `/registries/${t.registrySlug}/skills/${t.newMaintainerOfOwn.skillSlug}/maintainers`,
    body: { username: t.newMaintainerOfOwn.username },
  }),
  "maintainers.remove": (t) => ({
    method: "DELETE", path: `/registries/${t.registrySlug}/skills/${t.skill.slug}/maintainers/${t.maintainer.username}`,
  }),
  "search": (t) => ({ method: "GET", path: `/search?q=${t.word}` }),
};

const SQL_ROWS = matrixSection("SQL");
const HTTP_ROWS = matrixSection("HTTP");
const PRIVILEGE_ROWS = privilegeSection();
const EVERY_TABLE_ROWS = SQL_ROWS.filter((r) => r.id.startsWith("*."));
const TABLE_ROWS = SQL_ROWS.filter((r) => !r.id.startsWith("*."));

describe("the matrix document", () => {
  it("has a statement for every SQL case and a request for every HTTP case, and nothing else", () => {
    expect(EVERY_TABLE_ROWS.map((r) => r.id).sort()).toEqual(Object.keys(EVERY_TABLE_CASES).sort());
    const serviceSide = TABLE_ROWS.filter((r) => ACTORS.every((a) => r.expected[a] === "no") && !SQL_CASES[r.id]).map((r) => r.id);
    expect(TABLE_ROWS.map((r) => r.id).filter((id) => !SQL_CASES[id] && !serviceSide.includes(id))).toEqual([]);
    expect(Object.keys(SQL_CASES).filter((id) => !SQL_ROWS.some((r) => r.id === id))).toEqual([]);
    expect(HTTP_ROWS.map((r) => r.id).sort()).toEqual(Object.keys(HTTP_CASES).sort());
    for (const row of SQL_ROWS) expect(ACTORS.map((a) => row.expected[a]).every((v) => v === "yes" || v === "no"), row.id).toBe(true);
  });
});

describe.each(inject("platforms"))("access-control matrix on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
  let cast: Cast;
  let org: Target;
  let personal: Target;
  let firstColumns: Map<string, string>;
  let tables: PublicTable[];

  beforeAll(async () => {
    cast = await signUpCast(apiUrl);
    org = await organizationTarget(sql, cast);
    personal = await personalTarget(sql, cast, org);
    const columns = await sql<{ table_name: string; column_name: string }[]>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and ordinal_position = 1`;
    firstColumns = new Map(columns.map((c) => [c.table_name, c.column_name]));
    tables = await sql<PublicTable[]>`
      select c.relname as name, format('public.%I', c.relname) as qualified,
             string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' order by k.i) as "keyColumns",
             string_agg(format('%I', a.attname), ', ' order by k.i) as "keyNames"
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_index x on x.indrelid = c.oid and x.indisprimary
      cross join lateral unnest(x.indkey::int2[]) with ordinality k(attnum, i)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      group by c.relname order by 1`;
  });
  afterAll(() => sql.end());

  it("covers every public table with select, insert, update and delete", async () => {
    const tables = await sql<{ relname: string }[]>`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
    const missing = tables.flatMap(({ relname }) =>
      ["select", "insert", "update", "delete"].filter((op) => !TABLE_ROWS.some((r) => r.id.startsWith(`${relname}.${op}`))).map((op) => `${relname}.${op}`),
    );
    expect(missing).toEqual([]);
  });

  describe("privileges, from the catalog", () => {
    it("grants each API role exactly what the Privileges section lists, on every table, function and schema", async () => {
      const documented = Object.fromEntries(PRIVILEGE_ROWS.map((r) => [r.object, r.expected]));
      expect(Object.fromEntries(await catalogPrivileges(sql))).toEqual(documented);
    });

    it("gives what a later migration creates nothing for anon and authenticated until it grants it", async () => {
      const created = await sql
        .begin(async (tx) => {
          await tx.unsafe(`
            create table public.matrix_later (id int primary key);
            create sequence public.matrix_later_seq;
            create function public.matrix_later_fn() returns int language sql set search_path = '' as 'select 1';
            create function private.matrix_later_fn() returns int language sql set search_path = '' as 'select 1';`);
          const privileges = await readPrivileges(tx);
          throw Object.assign(new Error("rollback"), {
            privileges: ["table public.matrix_later", "sequence public.matrix_later_seq", "function public.matrix_later_fn()", "function private.matrix_later_fn()"]
              .map((object) => [object, privileges.get(object)]),
          });
        })
        .catch((error: Error & { privileges?: unknown }) => error.privileges ?? Promise.reject(error));
      expect(created).toEqual([
        ["table public.matrix_later", { anon: "-", authenticated: "-", service_role: "all" }],
        ["sequence public.matrix_later_seq", { anon: "-", authenticated: "-", service_role: "all" }],
        ["function public.matrix_later_fn()", { anon: "-", authenticated: "-", service_role: "execute" }],
        ["function private.matrix_later_fn()", { anon: "-", authenticated: "-", service_role: "-" }],
      ]);
    });
  });

  describe("SQL on every table of public, as each actor", () => {
    it.each(EVERY_TABLE_ROWS.map((r) => [r.id, r.what, r] as const))("%s: %s", async (id, _what, row) => {
      const { run, setup } = EVERY_TABLE_CASES[id]!;
      const seen: Record<string, Record<ActorName, string>> = {};
      for (const table of tables) {
        seen[table.name] = {} as Record<ActorName, string>;
        for (const actor of ACTORS) {
          const user = actor === "anon" ? null : cast[actor];
          const result = await asActor(sql, user ? { id: user.id, email: user.email } : "anon", (tx) => run(tx, table), setup);
          if (result instanceof Error && (result as { code?: string }).code !== "42501") throw result;
          seen[table.name]![actor] = result instanceof Error ? "no" : "yes";
        }
      }
      expect(seen).toEqual(Object.fromEntries(tables.map((t) => [t.name, row.expected])));
    });
  });

  describe("SQL, as each actor with its JWT claims", () => {
    it.each(TABLE_ROWS.map((r) => [r.id, r.what, r] as const))("%s: %s", async (id, _what, row) => {
      const [table = "", operation = ""] = id.split(".");
      const run = SQL_CASES[id] ?? serviceSideCase(table, operation, firstColumns.get(table) ?? "id");
      const seen = {} as Record<ActorName, string>;
      for (const actor of ACTORS) {
        const user = actor === "anon" ? null : cast[actor];
        const target = actor === "owner" ? personal : org;
        const result = await asActor(sql, user ? { id: user.id, email: user.email } : "anon", (tx) => run(tx, user?.id ?? null, target, cast));
        seen[actor] = outcome(result);
      }
      expect(seen).toEqual(row.expected);
    });
  });

  describe("HTTP, as each actor with its token", () => {
    const skillsSelect = SQL_ROWS.find((r) => r.id === "skills.select")!;

    it.each(HTTP_ROWS.map((r) => [r.id, r.what, r] as const))("%s: %s", async (id, _what, row) => {
      const request = HTTP_CASES[id]!;
      const readOnly = request(org, cast).method === "GET";
      const seen = {} as Record<ActorName, string>;
      for (const actor of ACTORS) {
        // Every cell that may change something gets rows of its own.
        let target = actor === "owner" ? personal : org;
        if (!readOnly && actor !== "anon") {
          target = actor === "owner" ? await personalTarget(sql, cast, org) : await organizationTarget(sql, cast);
        }
        const { method, path, body } = request(target, cast);
        const res = await call(apiUrl, method, path, { token: actor === "anon" ? undefined : cast[actor].token, body });
        expect(res.status, `${actor}: ${method} ${path} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        seen[actor] = String(res.status);
        if (id === "search" && res.status === 200) {
          const found = res.body.results.some((r: { registry: string; slug: string }) => r.registry === target.registrySlug && r.slug === target.skill.slug);
          expect(found, `${actor} finds the skill iff they can read it`).toBe(skillsSelect.expected[actor] === "yes");
        }
      }
      expect(seen).toEqual(row.expected);
    });
  });
});
