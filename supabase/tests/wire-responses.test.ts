/**
 * Every api route's real answer, over HTTP on both databases, parses with the
 * wire schema (supabase/functions/_shared/wire/) its `reply` names and the
 * CLI checks it with. `reply` is typed by that schema, but the type allows a
 * Date for a string and cannot see a row's extra columns, a count Postgres
 * sends as a bigint string, or a null from a left join; so each answer here
 * must parse, must come out of the parse unchanged (no key the schema does
 * not know, which the CLI would silently drop), and its `*_at` strings must
 * be ISO timestamps (the CLI slices dates out of them). The last test checks
 * that every route of the api app was called.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import * as z from "zod/mini";
import { app } from "../functions/api/app.ts";
import { sha256Hex } from "../functions/_shared/digest.ts";
import * as wire from "../functions/_shared/wire/index.ts";
import { call, FIXTURES_DIR, folderFiles, signUp, signUpWithEmail, skillFiles, uniqueName, type JsonResponse, type TestUser } from "./support/api.ts";

/** `METHOD /pattern` of every api route, as Hono lists them (middleware entries are `ALL`). */
const ROUTES = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/^\/api/, "")}`));

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The `path: value` of every string under a `*_at` key of `value` that is not an ISO timestamp. */
function nonIsoTimestamps(value: unknown, at = "body"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => nonIsoTimestamps(item, `${at}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key.endsWith("_at") && typeof item === "string" && !ISO_INSTANT.test(item) ? [`${at}.${key}: ${item}`] : nonIsoTimestamps(item, `${at}.${key}`)
  );
}

/** Fails unless `res` has `status` and its body is exactly what `schema` reads. */
function expectWire<S extends z.ZodMiniType>(route: string, schema: S, status: number, res: JsonResponse): z.output<S> {
  expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBe(status);
  const parsed = z.safeParse(schema, res.body);
  expect(parsed.error?.issues, `${route} answers ${JSON.stringify(res.body)}`).toBeUndefined();
  expect(parsed.data, `${route}: keys the schema does not know`).toEqual(res.body);
  expect(nonIsoTimestamps(res.body), route).toEqual([]);
  return parsed.data!;
}

describe.each(inject("platforms"))("api answers on $name parse with the wire schemas", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  const called = new Set<string>();
  let owner: TestUser;
  let contributor: TestUser;
  let org: string;
  const skill = "webapp-testing";
  const second = uniqueName("wire");
  const third = uniqueName("plain");

  /** Calls `route` (`METHOD /pattern`) at `path` and checks its answer against `schema`. */
  async function answer<S extends z.ZodMiniType>(
    route: string,
    path: string,
    schema: S,
    status: number,
    options: { token?: string; body?: unknown } = {},
  ): Promise<z.output<S>> {
    called.add(route);
    return expectWire(route, schema, status, await call(apiUrl, route.split(" ")[0]!, path, options));
  }

  /** Calls a route that answers 204 with no body. */
  async function noContent(route: string, path: string, token: string): Promise<void> {
    called.add(route);
    expect(await call(apiUrl, route.split(" ")[0]!, path, { token }), route).toEqual({ status: 204, body: null });
  }

  const skills = () => `/registries/${org}/skills`;

  beforeAll(async () => {
    [owner, contributor] = await Promise.all([signUp(apiUrl, "owner"), signUp(apiUrl, "contrib")]);
    org = uniqueName("wire-team");
  });
  afterAll(() => sql.end());

  it("health, auth and me", async () => {
    await answer("GET /health", "/health", wire.healthResponse, 200);
    const username = uniqueName("reg");
    const email = `${username}@example.test`;
    const password = "correct-horse-battery";
    const registered = await answer("POST /auth/register", "/auth/register", wire.registerResponse, 201, { body: { email, password, username } });
    expect(registered.session).not.toBeNull();
    const login = await answer("POST /auth/login", "/auth/login", wire.authResponse, 200, { body: { email, password } });
    await answer("POST /auth/refresh", "/auth/refresh", wire.authResponse, 200, { body: { refresh_token: login.session.refresh_token } });
    const me = await answer("GET /me", "/me", wire.meResponse, 200, { token: login.session.access_token });
    expect(me.user).toMatchObject({ email, username });
    expectWire("an error", wire.errorBody, 401, await call(apiUrl, "GET", "/me"));
  });

  it("registries", async () => {
    const created = await answer("POST /registries", "/registries", wire.registryResponse, 201, {
      token: owner.token,
      body: { slug: org, name: "Wire Team", description: "Checks answers" },
    });
    expect(created.registry).toMatchObject({ slug: org, role: "admin", skill_count: 0 });
    const list = await answer("GET /registries", "/registries", wire.registriesResponse, 200, { token: owner.token });
    expect(list.registries.map((r) => r.slug)).toEqual(expect.arrayContaining([org, owner.username]));
    await answer("GET /registries/:slug", `/registries/${org}`, wire.registryResponse, 200, { token: owner.token });
    const updated = await answer("PUT /registries/:slug", `/registries/${org}`, wire.registryResponse, 200, {
      token: owner.token,
      body: { description: null },
    });
    expect(updated.registry.description).toBeNull();
  });

  it("members and invitations: a direct membership, an accepted and a declined invitation", async () => {
    const invite = "POST /registries/:slug/members/invite";
    const invitePath = `/registries/${org}/members/invite`;
    const direct = await answer(invite, invitePath, wire.inviteResponse, 200, { token: owner.token, body: { email: contributor.email, role: "contributor" } });
    expect("member" in direct).toBe(true);
    const [acceptEmail, declineEmail] = [uniqueName("accept"), uniqueName("decline")].map((name) => `${name}@example.test`);
    for (const email of [acceptEmail, declineEmail]) {
      const pending = await answer(invite, invitePath, wire.inviteResponse, 201, { token: owner.token, body: { email } });
      expect("invitation" in pending).toBe(true);
    }

    const [accepter, decliner] = await Promise.all([signUpWithEmail(apiUrl, acceptEmail!), signUpWithEmail(apiUrl, declineEmail!)]);
    const idOf = async (user: TestUser) => {
      const { invitations } = await answer("GET /invitations", "/invitations", wire.invitationsResponse, 200, { token: user.token });
      expect(invitations).toHaveLength(1);
      return invitations[0]!.id;
    };
    const accepted = await answer(
      "POST /registries/:slug/invitations/:id/accept",
      `/registries/${org}/invitations/${await idOf(accepter)}/accept`,
      wire.acceptInvitationResponse,
      200,
      { token: accepter.token },
    );
    expect(accepted.member.user_id).toBe(accepter.id);
    const declined = await answer(
      "POST /registries/:slug/invitations/:id/decline",
      `/registries/${org}/invitations/${await idOf(decliner)}/decline`,
      wire.declineInvitationResponse,
      200,
      { token: decliner.token },
    );
    expect(declined.invitation.status).toBe("declined");

    const { members } = await answer("GET /registries/:slug/members", `/registries/${org}/members`, wire.membersResponse, 200, { token: owner.token });
    expect(members.map((m) => m.username).sort()).toEqual([accepter.username, contributor.username, owner.username].sort());
    const role = await answer("PUT /registries/:slug/members/:userId", `/registries/${org}/members/${accepter.id}`, wire.memberResponse, 200, {
      token: owner.token,
      body: { role: "contributor" },
    });
    expect(role.member.role).toBe("contributor");
    await noContent("DELETE /registries/:slug/members/:userId", `/registries/${org}/members/${accepter.id}`, owner.token);
  });

  it("skills: create (inline bytes, by reference, SKILL.md text alone), list page by page, get, update", async () => {
    await answer("POST /registries/:slug/skills", skills(), wire.createSkillResponse, 201, {
      token: owner.token,
      body: { slug: skill, name: skill, description: "Playwright testing", tags: ["testing"], metadata: { owner: "qa" }, files: folderFiles(join(FIXTURES_DIR, skill)) },
    });
    // The second skill names bytes uploaded first, as `skills push` does, and has no description.
    const md = Buffer.from(`---\nname: ${second}\ndescription: d\n---\n\n# ${second}\n`);
    await answer("POST /blobs/upload", "/blobs/upload", wire.storedBlobsResponse, 200, {
      token: contributor.token,
      body: { blobs: [{ sha256: sha256Hex(md), content_base64: md.toString("base64") }] },
    });
    await answer("POST /registries/:slug/skills", skills(), wire.createSkillResponse, 201, {
      token: contributor.token,
      body: { slug: second, name: second, files: [{ path: "SKILL.md", sha256: sha256Hex(md), size: md.length }] },
    });

    // The third is the body a client that knows only SKILL.md sends.
    const created = await answer("POST /registries/:slug/skills", skills(), wire.createSkillResponse, 201, {
      token: owner.token,
      body: { slug: third, name: "Plain", content: `# Plain\n\nSteps.\n` },
    });
    expect(created).toMatchObject({ skill: { slug: third, name: "Plain" }, version: "1.0.0" });

    const first = await answer("GET /registries/:slug/skills", `${skills()}?limit=2`, wire.skillListResponse, 200, { token: owner.token });
    expect(first.next_cursor).toEqual(expect.any(String));
    const last = await answer("GET /registries/:slug/skills", `${skills()}?limit=2&cursor=${encodeURIComponent(first.next_cursor!)}`, wire.skillListResponse, 200, {
      token: owner.token,
    });
    expect(last.next_cursor).toBeNull();
    expect([...first.skills, ...last.skills].map((s) => s.slug).sort()).toEqual([second, skill, third].sort());

    const detail = await answer("GET /registries/:slug/skills/:skillSlug", `${skills()}/${skill}`, wire.skillDetailResponse, 200, { token: owner.token });
    expect(detail).toMatchObject({ slug: skill, metadata: { owner: "qa" }, created_by: owner.username });
    const plain = await answer("GET /registries/:slug/skills/:skillSlug", `${skills()}/${third}`, wire.skillDetailResponse, 200, { token: owner.token });
    expect(plain).toMatchObject({ version: "1.0.0", content: `# Plain\n\nSteps.\n`, files: [{ path: "SKILL.md" }] });
    const updated = await answer("PUT /registries/:slug/skills/:skillSlug", `${skills()}/${second}`, wire.updateSkillResponse, 200, {
      token: owner.token,
      body: { description: null, tags: ["wire"] },
    });
    expect(updated.skill).toMatchObject({ description: null, tags: ["wire"] });
  });

  it("versions: publish with and without a changelog, list, get one", async () => {
    const versions = `${skills()}/${second}/versions`;
    const route = "POST /registries/:slug/skills/:skillSlug/versions";
    const withLog = await answer(route, versions, wire.publishVersionResponse, 201, {
      token: contributor.token,
      body: { version: "1.1.0", files: skillFiles(second, "Second."), changelog: "More" },
    });
    expect(withLog.changelog).toBe("More");
    const without = await answer(route, versions, wire.publishVersionResponse, 201, { token: owner.token, body: { version: "1.2.0", files: skillFiles(second, "Third.") } });
    expect(without.changelog).toBeNull();
    const text = await answer(route, `${skills()}/${third}/versions`, wire.publishVersionResponse, 201, {
      token: owner.token,
      body: { version: "1.1.0", content: "# Plain\n\nMore steps.\n", changelog: "More steps" },
    });
    expect(text).toMatchObject({ version: "1.1.0", changelog: "More steps" });
    const list = await answer("GET /registries/:slug/skills/:skillSlug/versions", versions, wire.versionsResponse, 200, { token: owner.token });
    expect(list.versions.map((v) => v.version)).toEqual(["1.2.0", "1.1.0", "1.0.0"]);
    // The schema still reads the decimal string of servers that sent the bigint column as is; this one sends bytes as a number.
    expect(list.versions.map((v) => typeof v.total_size)).toEqual(["number", "number", "number"]);
    const one = await answer("GET /registries/:slug/skills/:skillSlug/versions/:version", `${versions}/1.1.0`, wire.versionDetailResponse, 200, { token: owner.token });
    expect(one.version).toMatchObject({ version: "1.1.0", changelog: "More", is_latest: false });
  });

  it("maintainers", async () => {
    const maintainers = `${skills()}/${skill}/maintainers`;
    const added = await answer("POST /registries/:slug/skills/:skillSlug/maintainers", maintainers, wire.maintainerResponse, 201, {
      token: owner.token,
      body: { username: contributor.username },
    });
    expect(added.maintainer.username).toBe(contributor.username);
    const list = await answer("GET /registries/:slug/skills/:skillSlug/maintainers", maintainers, wire.maintainersResponse, 200, { token: owner.token });
    expect(list.maintainers.map((m) => m.username)).toContain(contributor.username);
    await noContent("DELETE /registries/:slug/skills/:skillSlug/maintainers/:username", `${maintainers}/${contributor.username}`, owner.token);
  });

  it("issues: one with its reporter and context, one without either", async () => {
    // Reports come in through the MCP tool; stored directly here, the route only reads them.
    await sql`
      insert into skill_issues (skill_id, reported_by, issue, context)
      select s.id, r.reporter, r.issue, r.context
      from skills s join registries g on g.id = s.registry_id,
        (values (${contributor.id}::uuid, 'Step 2 is outdated', 'Running it'), (null::uuid, 'Typo', null)) as r(reporter, issue, context)
      where g.slug = ${org} and s.slug = ${skill}`;
    const issues = `${skills()}/${skill}/issues`;
    const list = await answer("GET /registries/:slug/skills/:skillSlug/issues", `${issues}?status=all`, wire.issueListResponse, 200, { token: owner.token });
    expect(list).toMatchObject({ open_count: 2, issues: [expect.anything(), expect.anything()] });
    const closed = await answer("PATCH /registries/:slug/skills/:skillSlug/issues/:id", `${issues}/${list.issues[0]!.id}`, wire.issueResponse, 200, {
      token: owner.token,
      body: { status: "closed" },
    });
    expect(closed.issue.status).toBe("closed");
  });

  it("search, page by page", async () => {
    const first = await answer("GET /search", `/search?q=${encodeURIComponent(second)}&limit=1`, wire.searchResponse, 200, { token: owner.token });
    expect(first.results.map((r) => r.slug)).toEqual([second]);
    const everything = await answer("GET /search", "/search?limit=1", wire.searchResponse, 200, { token: owner.token });
    expect(everything.next_cursor).toEqual(expect.any(String));
  });

  it("sync, with and without the digest the client has, and each kind of error", async () => {
    const full = await answer("POST /sync", "/sync", wire.syncResponse, 200, {
      token: owner.token,
      body: {
        skills: [
          { registry: org, slug: skill },
          { registry: org, slug: second, version: "^1.1.0" },
          { registry: org, slug: "no-such-skill" },
          { registry: org, slug: skill, version: ">=9.0.0" },
          { registry: org, slug: second, version: "not a range" },
          { registry: org, slug: second, version: "1.1.0" },
        ],
      },
    });
    expect(full.skills.map((s) => [s.slug, s.version, (s.files?.length ?? 0) > 0, s.content?.startsWith("---\n")])).toEqual([
      [skill, "1.0.0", true, true],
      [second, "1.2.0", true, true],
      [second, "1.1.0", true, true],
    ]);
    expect(full.skills[2]!.content).toContain("Second.");
    for (const synced of full.skills) expect(synced.sha256).toBe(sha256Hex(synced.content!));
    expect(full.errors.map((e) => [e.code, e.error]).sort()).toEqual([
      ["INVALID_CONSTRAINT", "no_matching_version"],
      ["NOT_FOUND", "not_found"],
      ["NO_MATCHING_VERSION", "no_matching_version"],
    ]);
    // Held: the latest of one skill, a version below the latest of another.
    const older: wire.VersionDetail = (await call(apiUrl, "GET", `${skills()}/${second}/versions/1.1.0`, { token: owner.token })).body.version;
    const have = await answer("POST /sync", "/sync", wire.syncResponse, 200, {
      token: owner.token,
      body: {
        skills: [
          { registry: org, slug: skill, have: full.skills[0]!.digest },
          { registry: org, slug: second, version: "1.1.0", have: older.digest },
        ],
      },
    });
    expect(have.skills.map((s) => [s.slug, s.sha256, s.content, s.files])).toEqual([
      [skill, full.skills[0]!.sha256, undefined, undefined],
      [second, sha256Hex(older.content), undefined, undefined],
    ]);
  });

  it("blobs: missing, upload, PUT, download", async () => {
    const [small, raw] = [randomBytes(64), randomBytes(2048)];
    const hashes = [sha256Hex(small), sha256Hex(raw)];
    const missing = await answer("POST /blobs/missing", "/blobs/missing", wire.missingBlobsResponse, 200, { token: owner.token, body: { sha256: hashes } });
    expect(missing.missing.sort()).toEqual([...hashes].sort());
    await answer("POST /blobs/upload", "/blobs/upload", wire.storedBlobsResponse, 200, {
      token: owner.token,
      body: { blobs: [{ sha256: hashes[0], content_base64: small.toString("base64") }] },
    });
    const route = "PUT /blobs/:sha256";
    called.add(route);
    const put = await fetch(`${apiUrl}/blobs/${hashes[1]}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/octet-stream" },
      body: raw,
    });
    expectWire(route, wire.storedBlobsResponse, 200, { status: put.status, body: await put.json() });
    const { blobs } = await answer("POST /blobs", "/blobs", wire.blobsResponse, 200, { token: owner.token, body: { sha256: hashes } });
    expect(blobs.map((b) => b.sha256).sort()).toEqual([...hashes].sort());
  });

  it("machine tokens: create, list, revoke", async () => {
    const name = uniqueName("ci");
    const created = await answer("POST /tokens", "/tokens", wire.createdTokenResponse, 201, {
      token: owner.token,
      body: { name, registries: [org], read_only: true, expires_in_days: 7 },
    });
    expect(created.machine_token).toMatchObject({ name, registries: [org], read_only: true, last_used_at: null });
    const list = await answer("GET /tokens", "/tokens", wire.tokensResponse, 200, { token: owner.token });
    expect(list.tokens.map((t) => t.name)).toContain(name);
    await noContent("DELETE /tokens/:name", `/tokens/${name}`, owner.token);
  });

  it("deleting a skill answers no content", async () => {
    await noContent("DELETE /registries/:slug/skills/:skillSlug", `${skills()}/${second}`, owner.token);
  });

  it("governance: a pending publish, reviews, approve and reject, yank and deprecate, the audit trail", async () => {
    const policy = (publish_policy: string) =>
      answer("PUT /registries/:slug", `/registries/${org}`, wire.registryResponse, 200, { token: owner.token, body: { publish_policy } });
    await policy("require_approval");
    const slug = `reviewed-${Date.now().toString(36)}`;
    const created = await answer("POST /registries/:slug/skills", skills(), wire.createSkillResponse, 201, {
      token: contributor.token,
      body: { slug, name: slug, content: `# Reviewed\n\nSteps.\n` },
    });
    expect(created).toMatchObject({ status: "pending", reviewers: [owner.username] });
    const waiting = await answer("GET /registries/:slug/reviews", `/registries/${org}/reviews`, wire.reviewsResponse, 200, { token: owner.token });
    expect(waiting.reviews.map((r) => r.skill)).toContain(slug);
    const version = `${skills()}/${slug}/versions/1.0.0`;
    const approved = await answer("POST /registries/:slug/skills/:skillSlug/versions/:version/approve", `${version}/approve`, wire.reviewResponse, 200, {
      token: owner.token,
      body: { note: "Looks good" },
    });
    expect(approved.version).toMatchObject({ status: "approved", is_latest: true, review_note: "Looks good" });
    await answer("POST /registries/:slug/skills/:skillSlug/versions", `${skills()}/${slug}/versions`, wire.publishVersionResponse, 201, {
      token: contributor.token,
      body: { version: "1.1.0", content: `# Reviewed\n\nMore steps.\n` },
    });
    const rejected = await answer("POST /registries/:slug/skills/:skillSlug/versions/:version/reject", `${skills()}/${slug}/versions/1.1.0/reject`,
      wire.reviewResponse, 200, { token: owner.token, body: {} });
    expect(rejected.version).toMatchObject({ status: "rejected", is_latest: false });
    const yanked = await answer("POST /registries/:slug/skills/:skillSlug/versions/:version/yank", `${version}/yank`, wire.versionStateResponse, 200, {
      token: contributor.token,
      body: { reason: "Broken step" },
    });
    expect(yanked.version).toMatchObject({ yanked: { reason: "Broken step" }, is_latest: false });
    await answer("POST /registries/:slug/skills/:skillSlug/versions/:version/unyank", `${version}/unyank`, wire.versionStateResponse, 200, {
      token: contributor.token,
    });
    const deprecated = await answer("POST /registries/:slug/skills/:skillSlug/versions/:version/deprecate", `${version}/deprecate`,
      wire.versionStateResponse, 200, { token: contributor.token, body: { message: "Use 2.x" } });
    expect(deprecated.version).toMatchObject({ deprecated: "Use 2.x", is_latest: true });
    await answer("POST /registries/:slug/skills/:skillSlug/versions/:version/undeprecate", `${version}/undeprecate`, wire.versionStateResponse, 200, {
      token: contributor.token,
    });
    const skillDeprecated = await answer("POST /registries/:slug/skills/:skillSlug/deprecate", `${skills()}/${slug}/deprecate`,
      wire.skillDeprecationResponse, 200, { token: owner.token, body: { message: "Moved" } });
    expect(skillDeprecated.skill.deprecated).toBe("Moved");
    await answer("POST /registries/:slug/skills/:skillSlug/undeprecate", `${skills()}/${slug}/undeprecate`, wire.skillDeprecationResponse, 200, {
      token: owner.token,
    });
    const audit = await answer("GET /registries/:slug/audit", `/registries/${org}/audit?limit=5`, wire.auditResponse, 200, { token: owner.token });
    expect(audit.events[0]).toMatchObject({ action: "skill.undeprecate", target: slug, actor: owner.username });
    expect(audit.next_cursor).toEqual(expect.any(String));
    await policy("open");
  });

  it("called every route of the api app", () => {
    expect([...ROUTES].filter((route) => !called.has(route))).toEqual([]);
  });
});
