/**
 * RLS at the SQL level, as each actor with its JWT claims, for the tables the
 * foundation touches: profiles, registries, registry_members, skills,
 * skill_versions, skill_files and file_blobs. Every case runs in a rolled-back
 * transaction.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";
import { asActor } from "./support/sql-as.ts";

const FOUNDATION_TABLES = ["profiles", "registries", "registry_members", "skills", "skill_versions", "skill_files", "file_blobs", "skill_maintainers", "invitations"];

describe.each(inject("platforms"))("row-level security on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let admin: TestUser;
  let member: TestUser;
  let contributor: TestUser;
  let outsider: TestUser;
  let registryId: string;
  let skillId: string;
  let versionId: string;
  let blob: string;

  beforeAll(async () => {
    [admin, member, contributor, outsider] = await Promise.all(
      (["admin", "member", "contrib", "outsider"] as const).map((p) => signUp(apiUrl, p)),
    ) as [TestUser, TestUser, TestUser, TestUser];
    const org = uniqueName("rls-org");
    const [registry] = await sql`insert into registries (slug, name, type, created_by) values (${org}, ${org}, 'organization', ${admin.id}) returning id`;
    registryId = registry!.id;
    await sql`insert into registry_members (registry_id, user_id, role) values (${registryId}, ${member.id}, 'member'), (${registryId}, ${contributor.id}, 'contributor')`;
    const created = await call(apiUrl, "POST", `/registries/${org}/skills`, { token: admin.token, body: { slug: "guarded", name: "guarded", files: skillFiles("guarded") } });
    expect(created.status).toBe(201);
    const [row] = await sql`select s.id as skill_id, v.id as version_id, f.sha256 from skills s join skill_versions v on v.skill_id = s.id join skill_files f on f.version_id = v.id where s.registry_id = ${registryId}`;
    skillId = row!.skill_id;
    versionId = row!.version_id;
    blob = row!.sha256;
  });
  afterAll(() => sql.end());

  /** How many rows of the organization's registry, members, skill, versions, files and bytes the actor sees. */
  const visibleRows = async (tx: postgres.TransactionSql) => ({
    registries: (await tx`select 1 from registries where id = ${registryId}`).length,
    members: (await tx`select 1 from registry_members where registry_id = ${registryId}`).length,
    skills: (await tx`select 1 from skills where id = ${skillId}`).length,
    versions: (await tx`select 1 from skill_versions where skill_id = ${skillId}`).length,
    files: (await tx`select 1 from skill_files where version_id = ${versionId}`).length,
    blobs: (await tx`select 1 from file_blobs where sha256 = ${blob}`).length,
  });

  it("every public table has RLS enabled, and anonymous callers read nothing from any of them", async () => {
    const tables = await sql<{ relname: string; relrowsecurity: boolean }[]>`
      select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by c.relname`;
    expect(tables.map((t) => t.relname)).toEqual(expect.arrayContaining(FOUNDATION_TABLES));
    expect(tables.filter((t) => !t.relrowsecurity)).toEqual([]);
    for (const { relname } of tables) {
      const result = await asActor(sql, "anon", (tx) => tx.unsafe(`select * from public.${relname} limit 1`));
      const outcome = result instanceof Error ? (result as { code?: string }).code : (result as unknown[]).length;
      expect({ table: relname, outcome }).toSatisfy(({ outcome }) => outcome === "42501" || outcome === 0);
    }
  });

  it("outsiders see nothing of the organization: registry, members, skill, versions, files, bytes", async () => {
    const seen = await asActor(sql, outsider, visibleRows);
    expect(seen).toEqual({ registries: 0, members: 0, skills: 0, versions: 0, files: 0, blobs: 0 });
  });

  it("members read the registry, its members, skills, versions, files and bytes", async () => {
    const seen = await asActor(sql, member, visibleRows);
    expect(seen).toEqual({ registries: 1, members: 3, skills: 1, versions: 1, files: 1, blobs: 1 });
  });

  it("members cannot create skills or publish versions", async () => {
    const skill = await asActor(sql, member, (tx) => tx`insert into skills (registry_id, slug, name, created_by) values (${registryId}, 'sneaky', 'x', ${member.id})`);
    expect((skill as { code?: string }).code).toBe("42501");
    const version = await asActor(sql, member, (tx) => tx`
      insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
      values (${skillId}, '9.0.0', 'x', ${"sha256:" + "0".repeat(64)}, 1, 1, ${member.id})`);
    expect((version as { code?: string }).code).toBe("42501");
  });

  it("a contributor cannot publish to a skill created by someone else, nor delete it", async () => {
    const version = await asActor(sql, contributor, (tx) => tx`
      insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
      values (${skillId}, '9.0.0', 'x', ${"sha256:" + "0".repeat(64)}, 1, 1, ${contributor.id})`);
    expect((version as { code?: string }).code).toBe("42501");
    const deleted = await asActor(sql, contributor, (tx) => tx`delete from skills where id = ${skillId} returning id`);
    expect(deleted).toHaveLength(0);
  });

  it("published versions are immutable, even for admins", async () => {
    // No policy allows UPDATE or DELETE, so the API role holds neither privilege.
    const update = await asActor(sql, admin, (tx) => tx`update skill_versions set content = 'changed' where id = ${versionId} returning id`);
    expect((update as { code?: string }).code).toBe("42501");
    const attach = await asActor(sql, admin, (tx) => tx`insert into skill_files (version_id, path, sha256, size) values (${versionId}, 'late.md', ${blob}, 1)`);
    expect((attach as { code?: string }).code).toBe("42501");
    const remove = await asActor(sql, admin, (tx) => tx`delete from skill_files where version_id = ${versionId} returning path`);
    expect((remove as { code?: string }).code).toBe("42501");
  });

  it("bytes go in only through store_blob, and only under their own sha256", async () => {
    const direct = await asActor(sql, admin, (tx) => tx`insert into file_blobs (sha256, size, content) values (${"a".repeat(64)}, 3, ${Buffer.from("abc")})`);
    expect((direct as { code?: string }).code).toBe("42501");
    const forged = await asActor(sql, admin, (tx) => tx`select private.store_blob(${"a".repeat(64)}, ${Buffer.from("abc")})`);
    expect((forged as { code?: string }).code).toBe("23514");
    const anonymous = await asActor(sql, "anon", (tx) => tx`select private.store_blob(encode(sha256('abc'::bytea), 'hex'), 'abc'::bytea)`);
    expect((anonymous as { code?: string }).code).toBe("42501");
  });

  it("nobody joins a registry or promotes themselves without being its admin", async () => {
    const join = await asActor(sql, outsider, (tx) => tx`insert into registry_members (registry_id, user_id, role) values (${registryId}, ${outsider.id}, 'admin')`);
    expect((join as { code?: string }).code).toBe("42501");
    const promote = await asActor(sql, member, (tx) => tx`update registry_members set role = 'admin' where registry_id = ${registryId} and user_id = ${member.id} returning id`);
    expect(promote).toHaveLength(0);
  });

  it("users cannot create personal registries or profiles by hand", async () => {
    const registry = await asActor(sql, outsider, (tx) => tx`insert into registries (slug, name, type, created_by) values (${uniqueName("fake")}, 'x', 'personal', ${outsider.id})`);
    expect((registry as { code?: string }).code).toBe("42501");
    const profile = await asActor(sql, outsider, (tx) => tx`insert into profiles (id, username) values (gen_random_uuid(), ${uniqueName("ghost")})`);
    expect(profile).toBeInstanceOf(Error);
  });

  it("users update only their own profile", async () => {
    const mine = await asActor(sql, outsider, (tx) => tx`update profiles set display_name = 'Me' where id = ${outsider.id} returning id`);
    expect(mine).toHaveLength(1);
    const theirs = await asActor(sql, outsider, (tx) => tx`update profiles set display_name = 'Pwned' where id = ${admin.id} returning id`);
    expect(theirs).toHaveLength(0);
  });
});
