/**
 * Issue reports reach maintainers: `report_skill_issue` through
 * MCP stores a report any reader may file; the API lists it to the skill's
 * maintainers and registry admins only, and they close it. Also at the SQL
 * level, as each actor, so RLS itself is pinned and not only the route.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, uniqueName, type TestUser } from "./support/api.ts";
import { callTool, connectMcp, createOrganization, textOf } from "./support/mcp.ts";
import { asActor } from "./support/sql-as.ts";
import { issueListResponse } from "../functions/_shared/wire/index.ts";

describe.each(inject("platforms"))("skill issue reports on $name", ({ url, apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let admin: TestUser;
  let author: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let org: string;
  let slug: string;
  let skillId: string;
  const issuesPath = () => `/registries/${org}/skills/${slug}/issues`;

  beforeAll(async () => {
    [admin, author, member, outsider] = await Promise.all([
      signUp(apiUrl, "admin"), signUp(apiUrl, "author"), signUp(apiUrl, "member"), signUp(apiUrl, "outsider"),
    ]);
    org = await createOrganization(sql, admin, [{ user: author, role: "contributor" }, { user: member, role: "member" }]);
    slug = uniqueName("flaky");
    const authorMcp = await connectMcp(url, author.token);
    await callTool(authorMcp, "create_skill", { registry: org, slug, name: "Flaky", content: `---\nname: ${slug}\ndescription: d\n---\n\nRun it.\n` });
    await authorMcp.close();
    const [row] = await sql<{ id: string }[]>`select s.id from skills s join registries r on r.id = s.registry_id where r.slug = ${org} and s.slug = ${slug}`;
    skillId = row!.id;
  });
  afterAll(() => sql.end());

  it("a member reports through MCP; the author and the admin read it with the open count; others cannot", async () => {
    const client = await connectMcp(url, member.token);
    const report = await callTool(client, "report_skill_issue", {
      registry: org, slug, issue: "Step 2 uses a flag that no longer exists", context: "Converting a PDF",
    });
    await client.close();
    expect(report.isError).toBeFalsy();
    expect(report.structuredContent).toEqual({ id: expect.any(String), registry: org, slug, status: "open" });

    for (const reader of [author, admin]) {
      const res = await call(apiUrl, "GET", issuesPath(), { token: reader.token });
      expect(res.status).toBe(200);
      expect(issueListResponse.parse(res.body)).toEqual(res.body);
      expect(res.body.open_count).toBe(1);
      expect(res.body.issues).toEqual([
        expect.objectContaining({
          id: report.structuredContent!.id,
          issue: "Step 2 uses a flag that no longer exists",
          context: "Converting a PDF",
          status: "open",
          reported_by: member.username,
        }),
      ]);
    }
    const asMember = await call(apiUrl, "GET", issuesPath(), { token: member.token });
    expect(asMember.status).toBe(403);
    expect(asMember.body.error.message).toMatch(/Only maintainers/);
    expect((await call(apiUrl, "GET", issuesPath(), { token: outsider.token })).status).toBe(404);
    expect((await call(apiUrl, "GET", issuesPath())).status).toBe(401);
  });

  it("a maintainer closes a report: it leaves the open list and the open count", async () => {
    const client = await connectMcp(url, member.token);
    const report = await callTool(client, "report_skill_issue", { registry: org, slug, issue: "Typo in the title" });
    await client.close();
    const id = report.structuredContent!.id as string;
    const before = await call(apiUrl, "GET", issuesPath(), { token: admin.token });
    const closed = await call(apiUrl, "PATCH", `${issuesPath()}/${id}`, { token: author.token, body: { status: "closed" } });
    expect(closed.status).toBe(200);
    expect(closed.body.issue).toMatchObject({ id, status: "closed" });
    const after = await call(apiUrl, "GET", issuesPath(), { token: admin.token });
    expect(after.body.open_count).toBe(before.body.open_count - 1);
    expect(after.body.issues.map((i: { id: string }) => i.id)).not.toContain(id);
    const all = await call(apiUrl, "GET", `${issuesPath()}?status=all`, { token: admin.token });
    expect(all.body.issues.map((i: { id: string }) => i.id)).toContain(id);

    expect((await call(apiUrl, "PATCH", `${issuesPath()}/${id}`, { token: member.token, body: { status: "open" } })).status).toBe(403);
    const bad = await call(apiUrl, "PATCH", `${issuesPath()}/${id}`, { token: admin.token, body: { status: "wontfix" } });
    expect(bad.status).toBe(422);
    expect((await call(apiUrl, "PATCH", `${issuesPath()}/not-a-uuid`, { token: admin.token, body: { status: "open" } })).status).toBe(422);
    expect((await call(apiUrl, "GET", `${issuesPath()}?status=weird`, { token: admin.token })).status).toBe(422);
  });

  describe("RLS on skill_issues", () => {
    const actor = (u: TestUser) => ({ id: u.id, email: u.email });
    const insertAs = (u: TestUser, reporter: string) =>
      asActor(sql, actor(u), (tx) => tx`insert into skill_issues (skill_id, reported_by, issue) values (${skillId}, ${reporter}, 'x')`);

    it("readers insert in their own name only; outsiders and anon cannot insert", async () => {
      expect(await insertAs(member, member.id)).not.toBeInstanceOf(Error);
      expect(await insertAs(member, admin.id)).toBeInstanceOf(Error);
      expect(await insertAs(outsider, outsider.id)).toBeInstanceOf(Error);
      const anon = await asActor(sql, "anon", (tx) => tx`insert into skill_issues (skill_id, issue) values (${skillId}, 'x')`);
      expect(anon).toBeInstanceOf(Error);
    });

    it("maintainers and admins read; members, outsiders and anon see no rows", async () => {
      const count = (a: Parameters<typeof asActor>[1]) =>
        asActor(sql, a, async (tx) => (await tx<{ n: number }[]>`select count(*)::int as n from skill_issues where skill_id = ${skillId}`)[0]!.n);
      expect(await count(actor(author))).toBeGreaterThan(0);
      expect(await count(actor(admin))).toBeGreaterThan(0);
      expect(await count(actor(member))).toBe(0);
      expect(await count(actor(outsider))).toBe(0);
      expect(await count("anon")).toBeInstanceOf(Error);
    });

    it("triage changes the status only, never the reporter's words", async () => {
      const rewrite = await asActor(sql, actor(admin), (tx) => tx`update skill_issues set issue = 'rewritten' where skill_id = ${skillId}`);
      expect(rewrite).toBeInstanceOf(Error);
      const close = await asActor(sql, actor(member), async (tx) => (await tx`update skill_issues set status = 'closed' where skill_id = ${skillId}`).count);
      expect(close).toBe(0);
    });
  });

  it("tool errors name the problem", async () => {
    const client = await connectMcp(url, member.token);
    const missing = await callTool(client, "report_skill_issue", { registry: org, slug: "no-such-skill", issue: "x" });
    expect(textOf(missing)).toBe(`NOT_FOUND: Skill 'no-such-skill' not found in registry '${org}'`);
    const empty = await callTool(client, "report_skill_issue", { registry: org, slug, issue: "   " });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toMatch(/issue/);
    await client.close();
  });
});
