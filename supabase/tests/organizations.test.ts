/**
 * Organization registries end to end over real HTTP, on the embedded PGlite
 * and on a real PostgreSQL server:
 * creating a registry, its settings, members and roles, maintainers, and the
 * bad input each route must refuse with a 4xx naming the problem.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import postgres from "postgres";
import { RESERVED_SLUGS } from "../functions/_shared/reserved.ts";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";

describe.each(inject("platforms"))("organizations on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let admin: TestUser;
  let member: TestUser;
  let contributor: TestUser;
  let outsider: TestUser;
  let org: string;

  const skill = (slug: string) => ({ slug, name: slug, files: skillFiles(slug) });

  beforeAll(async () => {
    [admin, member, contributor, outsider] = (await Promise.all(
      ["admin", "member", "contrib", "outsider"].map((p) => signUp(apiUrl, p)),
    )) as [TestUser, TestUser, TestUser, TestUser];
    org = uniqueName("acme");
    const created = await call(apiUrl, "POST", "/registries", { token: admin.token, body: { slug: org, name: "Acme Inc", description: "Shared skills" } });
    expect(created.status).toBe(201);
    for (const [user, role] of [[member, "member"], [contributor, "contributor"]] as const) {
      const invited = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: user.email, role } });
      expect(invited.status).toBe(200);
    }
  });
  afterAll(() => sql.end());

  describe("creating and updating a registry", () => {
    it("makes the creator its admin and shows it in their registries", async () => {
      const got = await call(apiUrl, "GET", `/registries/${org}`, { token: admin.token });
      expect(got.status).toBe(200);
      expect(got.body.registry).toEqual({
        slug: org, name: "Acme Inc", description: "Shared skills", type: "organization", publish_policy: "open", role: "admin", skill_count: 0,
      });
      const mine = await call(apiUrl, "GET", "/registries", { token: admin.token });
      expect(mine.body.registries.map((r: { slug: string; role: string }) => `${r.slug}:${r.role}`)).toEqual(
        expect.arrayContaining([`${org}:admin`, `${admin.username}:admin`]),
      );
    });

    it("shares one namespace with usernames: a taken username or slug is 409", async () => {
      const asUsername = await call(apiUrl, "POST", "/registries", { token: outsider.token, body: { slug: member.username, name: "x" } });
      expect(asUsername.status).toBe(409);
      const again = await call(apiUrl, "POST", "/registries", { token: outsider.token, body: { slug: org, name: "x" } });
      expect(again.status).toBe(409);
      const signup = await call(apiUrl, "POST", "/auth/register", {
        body: { email: `${uniqueName("x")}@example.test`, password: "long-enough-pw", username: org },
      });
      expect(signup.status).toBe(409);
    });

    it.each(["api", "oauth", "mcp", "admin"])("refuses the reserved slug %s with 422", async (slug) => {
      const res = await call(apiUrl, "POST", "/registries", { token: outsider.token, body: { slug, name: "x" } });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(/reserved/);
    });

    it("keeps the reserved words in the database too (a signup may reach Supabase Auth without the API)", async () => {
      const [row] = await sql<{ words: string[] }[]>`select private.reserved_slugs() as words`;
      expect([...row!.words].sort()).toEqual([...RESERVED_SLUGS].sort());
      const direct = await sql`insert into registries (slug, name, type, created_by) values ('oauth', 'x', 'organization', ${admin.id})`.catch((e) => e);
      expect(direct.code).toBe("23514");
    });

    it("refuses _system and other malformed slugs with 422 naming the rule", async () => {
      for (const slug of ["_system", "Acme", "a", "-acme", "x".repeat(40)]) {
        const res = await call(apiUrl, "POST", "/registries", { token: outsider.token, body: { slug, name: "x" } });
        expect(res.status).toBe(422);
        expect(res.body.error.message).toMatch(/^slug: registry slug must be/);
      }
    });

    it("lets admins change settings and refuses members (403) and non-members (404)", async () => {
      const put = await call(apiUrl, "PUT", `/registries/${org}`, { token: admin.token, body: { description: "New words", publish_policy: "require_approval" } });
      expect(put.status).toBe(200);
      expect(put.body.registry).toMatchObject({ name: "Acme Inc", description: "New words", publish_policy: "require_approval" });
      expect((await call(apiUrl, "PUT", `/registries/${org}`, { token: contributor.token, body: { name: "Mine" } })).status).toBe(403);
      expect((await call(apiUrl, "PUT", `/registries/${org}`, { token: outsider.token, body: { name: "Mine" } })).status).toBe(404);
      const unknown = await call(apiUrl, "PUT", `/registries/${org}`, { token: admin.token, body: { slug: "renamed" } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.message).toMatch(/slug/);
      const empty = await call(apiUrl, "PUT", `/registries/${org}`, { token: admin.token, body: {} });
      expect(empty.status).toBe(422);
    });

    it("does not reveal an organization to a non-member: same 404 as a missing one", async () => {
      const hidden = await call(apiUrl, "GET", `/registries/${org}`, { token: outsider.token });
      const missing = await call(apiUrl, "GET", `/registries/${uniqueName("nothing")}`, { token: outsider.token });
      expect([hidden.status, missing.status]).toEqual([404, 404]);
      expect(hidden.body.error.message.replace(org, "X")).toBe(missing.body.error.message.replace(/'[^']+'/, "'X'"));
      expect((await call(apiUrl, "GET", `/registries/${org}/members`, { token: outsider.token })).status).toBe(404);
    });
  });

  describe("roles: members read, contributors publish, admins manage", () => {
    it("an invited member reads the registry's skills but cannot push (item 4)", async () => {
      expect((await call(apiUrl, "POST", `/registries/${org}/skills`, { token: admin.token, body: skill("team-guide") })).status).toBe(201);
      const list = await call(apiUrl, "GET", `/registries/${org}/skills`, { token: member.token });
      expect(list.status).toBe(200);
      expect(list.body.skills.map((s: { slug: string }) => s.slug)).toContain("team-guide");
      const push = await call(apiUrl, "POST", `/registries/${org}/skills`, { token: member.token, body: skill("by-member") });
      expect(push.status).toBe(403);
      expect(push.body.error.code).toBe("FORBIDDEN");
      const publish = await call(apiUrl, "POST", `/registries/${org}/skills/team-guide/versions`, {
        token: member.token, body: { version: "1.0.1", files: skillFiles("team-guide") },
      });
      expect(publish.status).toBe(403);
    });

    it("a contributor creates and publishes their own skill but cannot edit others' (item 5)", async () => {
      expect((await call(apiUrl, "POST", `/registries/${org}/skills`, { token: contributor.token, body: skill("own-skill") })).status).toBe(201);
      const own = await call(apiUrl, "POST", `/registries/${org}/skills/own-skill/versions`, {
        token: contributor.token, body: { version: "1.1.0", files: skillFiles("own-skill", "v2") },
      });
      expect(own.status).toBe(201);
      const put = await call(apiUrl, "PUT", `/registries/${org}/skills/team-guide`, { token: contributor.token, body: { description: "hijack" } });
      expect(put.status).toBe(403);
      const publish = await call(apiUrl, "POST", `/registries/${org}/skills/team-guide/versions`, {
        token: contributor.token, body: { version: "9.0.0", files: skillFiles("team-guide", "hijack") },
      });
      expect(publish.status).toBe(403);
      expect((await call(apiUrl, "DELETE", `/registries/${org}/skills/own-skill`, { token: contributor.token })).status).toBe(403);
    });

    it("a contributor made maintainer can publish; removing them takes it back", async () => {
      const path = `/registries/${org}/skills/team-guide/maintainers`;
      const added = await call(apiUrl, "POST", path, { token: admin.token, body: { username: contributor.username } });
      expect(added.status).toBe(201);
      expect(added.body.maintainer).toMatchObject({ user_id: contributor.id, username: contributor.username });
      expect((await call(apiUrl, "POST", path, { token: admin.token, body: { username: contributor.username } })).status).toBe(409);
      const list = await call(apiUrl, "GET", path, { token: member.token });
      expect(list.body.maintainers.map((m: { username: string }) => m.username)).toEqual([contributor.username]);
      const detail = await call(apiUrl, "GET", `/registries/${org}/skills/team-guide`, { token: member.token });
      expect(detail.body.maintainers).toEqual([contributor.username]);
      const publish = (version: string) =>
        call(apiUrl, "POST", `/registries/${org}/skills/team-guide/versions`, { token: contributor.token, body: { version, files: skillFiles("team-guide", version) } });
      expect((await publish("1.1.0")).status).toBe(201);
      expect((await call(apiUrl, "DELETE", `${path}/${contributor.username}`, { token: member.token })).status).toBe(403);
      expect((await call(apiUrl, "DELETE", `${path}/${contributor.username}`, { token: admin.token })).status).toBe(204);
      expect((await call(apiUrl, "DELETE", `${path}/${contributor.username}`, { token: admin.token })).status).toBe(404);
      expect((await publish("1.2.0")).status).toBe(403);
    });

    it("only contributors and admins can become maintainers; unknown users are 404", async () => {
      const path = `/registries/${org}/skills/team-guide/maintainers`;
      const asMember = await call(apiUrl, "POST", path, { token: admin.token, body: { username: member.username } });
      expect(asMember.status).toBe(422);
      expect(asMember.body.error.message).toMatch(/contributor or admin/);
      expect((await call(apiUrl, "POST", path, { token: admin.token, body: { username: outsider.username } })).status).toBe(422);
      expect((await call(apiUrl, "POST", path, { token: admin.token, body: { username: uniqueName("ghost") } })).status).toBe(404);
      expect((await call(apiUrl, "POST", path, { token: contributor.token, body: { username: admin.username } })).status).toBe(403);
    });

    it("admins delete any skill; contributors and members cannot", async () => {
      expect((await call(apiUrl, "POST", `/registries/${org}/skills`, { token: contributor.token, body: skill("doomed") })).status).toBe(201);
      // The registry requires approval (set above): until an admin approves, members cannot even see the skill.
      expect((await call(apiUrl, "DELETE", `/registries/${org}/skills/doomed`, { token: member.token })).status).toBe(404);
      expect((await call(apiUrl, "POST", `/registries/${org}/skills/doomed/versions/1.0.0/approve`, { token: admin.token, body: {} })).status).toBe(200);
      expect((await call(apiUrl, "DELETE", `/registries/${org}/skills/doomed`, { token: member.token })).status).toBe(403);
      expect((await call(apiUrl, "DELETE", `/registries/${org}/skills/doomed`, { token: admin.token })).status).toBe(204);
    });
  });

  describe("members", () => {
    it("lists members with their roles to members, not to outsiders", async () => {
      const res = await call(apiUrl, "GET", `/registries/${org}/members`, { token: member.token });
      expect(res.status).toBe(200);
      expect(Object.fromEntries(res.body.members.map((m: { username: string; role: string }) => [m.username, m.role]))).toMatchObject({
        [admin.username]: "admin", [member.username]: "member", [contributor.username]: "contributor",
      });
      expect(res.body.members[0]).toEqual(expect.objectContaining({ user_id: expect.any(String), joined_at: expect.any(String) }));
    });

    it("inviting an existing member again, or yourself (an admin is a member), is 409", async () => {
      const again = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: member.email, role: "admin" } });
      expect(again.status).toBe(409);
      const self = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: admin.email.toUpperCase() } });
      expect(self.status).toBe(409);
      expect(self.body.error).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/your own address/) });
    });

    it("only admins invite, change roles and remove others", async () => {
      const invite = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: contributor.token, body: { email: outsider.email } });
      expect(invite.status).toBe(403);
      const promote = await call(apiUrl, "PUT", `/registries/${org}/members/${contributor.id}`, { token: contributor.token, body: { role: "admin" } });
      expect(promote.status).toBe(403);
      const remove = await call(apiUrl, "DELETE", `/registries/${org}/members/${member.id}`, { token: contributor.token });
      expect(remove.status).toBe(403);
    });

    it("changes a role, naming the allowed roles when it is unknown", async () => {
      const bad = await call(apiUrl, "PUT", `/registries/${org}/members/${member.id}`, { token: admin.token, body: { role: "owner" } });
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toBe("role: role must be one of: member, contributor, admin");
      const ok = await call(apiUrl, "PUT", `/registries/${org}/members/${member.id}`, { token: admin.token, body: { role: "contributor" } });
      expect(ok.status).toBe(200);
      expect(ok.body.member).toMatchObject({ user_id: member.id, username: member.username, role: "contributor" });
      expect((await call(apiUrl, "POST", `/registries/${org}/skills`, { token: member.token, body: skill("now-allowed") })).status).toBe(201);
      await call(apiUrl, "PUT", `/registries/${org}/members/${member.id}`, { token: admin.token, body: { role: "member" } });
      expect((await call(apiUrl, "POST", `/registries/${org}/skills`, { token: member.token, body: skill("not-anymore") })).status).toBe(403);
    });

    it("never leaves an organization without an admin: demoting or removing the last one is 409", async () => {
      const demote = await call(apiUrl, "PUT", `/registries/${org}/members/${admin.id}`, { token: admin.token, body: { role: "member" } });
      expect(demote.status).toBe(409);
      expect(demote.body.error.message).toMatch(/at least one admin/);
      const leave = await call(apiUrl, "DELETE", `/registries/${org}/members/${admin.id}`, { token: admin.token });
      expect(leave.status).toBe(409);
      // With a second admin, the first may step down.
      expect((await call(apiUrl, "PUT", `/registries/${org}/members/${contributor.id}`, { token: admin.token, body: { role: "admin" } })).status).toBe(200);
      expect((await call(apiUrl, "PUT", `/registries/${org}/members/${admin.id}`, { token: admin.token, body: { role: "contributor" } })).status).toBe(200);
      expect((await call(apiUrl, "PUT", `/registries/${org}/members/${admin.id}`, { token: contributor.token, body: { role: "admin" } })).status).toBe(200);
      expect((await call(apiUrl, "PUT", `/registries/${org}/members/${contributor.id}`, { token: admin.token, body: { role: "contributor" } })).status).toBe(200);
    });

    it("members may leave; an admin removes others; unknown members are 404", async () => {
      const leaver = await signUp(apiUrl, "leaver");
      await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: leaver.email } });
      expect((await call(apiUrl, "DELETE", `/registries/${org}/members/${leaver.id}`, { token: leaver.token })).status).toBe(204);
      expect((await call(apiUrl, "GET", `/registries/${org}`, { token: leaver.token })).status).toBe(404);
      expect((await call(apiUrl, "DELETE", `/registries/${org}/members/${leaver.id}`, { token: admin.token })).status).toBe(404);
      await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: leaver.email } });
      expect((await call(apiUrl, "DELETE", `/registries/${org}/members/${leaver.id}`, { token: admin.token })).status).toBe(204);
    });

    it("a personal registry belongs to its owner alone", async () => {
      const mine = `/registries/${outsider.username}`;
      const invite = await call(apiUrl, "POST", `${mine}/members/invite`, { token: outsider.token, body: { email: member.email } });
      expect(invite.status).toBe(403);
      expect(invite.body.error.message).toMatch(/personal registry/);
      const pending = await call(apiUrl, "POST", `${mine}/members/invite`, { token: outsider.token, body: { email: `${uniqueName("nobody")}@example.test` } });
      expect(pending.status).toBe(403);
      expect((await call(apiUrl, "PUT", `${mine}/members/${outsider.id}`, { token: outsider.token, body: { role: "member" } })).status).toBe(403);
      expect((await call(apiUrl, "DELETE", `${mine}/members/${outsider.id}`, { token: outsider.token })).status).toBe(403);
      const members = await call(apiUrl, "GET", `${mine}/members`, { token: outsider.token });
      expect(members.body.members.map((m: { username: string; role: string }) => `${m.username}:${m.role}`)).toEqual([`${outsider.username}:admin`]);
    });

    it("answers malformed user ids and bodies with 422 naming the field", async () => {
      const badId = await call(apiUrl, "PUT", `/registries/${org}/members/not-a-uuid`, { token: admin.token, body: { role: "member" } });
      expect(badId.status).toBe(422);
      expect(badId.body.error.message).toMatch(/userId/);
      const wrongType = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: 42 } });
      expect(wrongType.status).toBe(422);
      expect(wrongType.body.error.message).toMatch(/^email: /);
      const extra = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: "a@b.test", admin: true } });
      expect(extra.status).toBe(422);
      expect(extra.body.error.message).toMatch(/admin/);
      const long = await call(apiUrl, "POST", "/registries", { token: admin.token, body: { slug: uniqueName("long"), name: "x".repeat(201) } });
      expect(long.status).toBe(422);
      expect(long.body.error.message).toMatch(/^name: /);
    });
  });
});
