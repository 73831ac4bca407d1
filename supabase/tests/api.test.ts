/**
 * The api function end to end over real HTTP, on the embedded PGlite and on a
 * real PostgreSQL server: accounts and sessions, skills and versions in a
 * personal registry, organization roles, sync, and the bad input each route
 * must refuse with a 4xx naming the problem (never a 500).
 */
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sha256Hex } from "../functions/_shared/digest.ts";
import { call, FIXTURES_DIR, folderFiles, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";

describe.each(inject("platforms"))("api on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let owner: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    owner = await signUp(apiUrl, "owner");
    stranger = await signUp(apiUrl, "stranger");
  });
  afterAll(() => sql.end());

  describe("accounts", () => {
    it("a new user gets a profile and a personal registry where they are admin", async () => {
      const res = await call(apiUrl, "GET", "/registries", { token: owner.token });
      expect(res.status).toBe(200);
      expect(res.body.registries).toEqual([
        expect.objectContaining({ slug: owner.username, name: `${owner.username}'s Skills`, type: "personal", role: "admin" }),
      ]);
      const me = await call(apiUrl, "GET", "/me", { token: owner.token });
      expect(me.body.user).toMatchObject({ id: owner.id, email: owner.email, username: owner.username });
    });

    it("refuses an existing email or username with 409", async () => {
      const again = await call(apiUrl, "POST", "/auth/register", {
        body: { email: owner.email, password: "another-password", username: uniqueName("other") },
      });
      expect(again.status).toBe(409);
      const sameName = await call(apiUrl, "POST", "/auth/register", {
        body: { email: `${uniqueName("x")}@example.test`, password: "another-password", username: owner.username },
      });
      expect(sameName.status).toBe(409);
      expect(sameName.body.error.code).toBe("CONFLICT");
    });

    it("answers a wrong password with 401 'Invalid email or password'", async () => {
      const res = await call(apiUrl, "POST", "/auth/login", { body: { email: owner.email, password: "wrong-password" } });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe("Invalid email or password");
    });

    it("logs in and refreshes a session", async () => {
      const login = await call(apiUrl, "POST", "/auth/login", { body: { email: owner.email, password: owner.password } });
      expect(login.status).toBe(200);
      expect(login.body.user.username).toBe(owner.username);
      const refreshed = await call(apiUrl, "POST", "/auth/refresh", { body: { refresh_token: login.body.session.refresh_token } });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.session.refresh_token).not.toBe(login.body.session.refresh_token);
      // GoTrue tolerates replaying the just-rotated token for a few seconds; an unknown one is refused.
      const unknown = await call(apiUrl, "POST", "/auth/refresh", { body: { refresh_token: "not-a-refresh-token" } });
      expect(unknown.status).toBe(401);
    });

    it("refuses an invalid username naming the rule", async () => {
      const res = await call(apiUrl, "POST", "/auth/register", {
        body: { email: `${uniqueName("y")}@example.test`, password: "long-enough-pw", username: "-Bad_Name" },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toMatch(/lowercase letters, digits and single hyphens/);
    });

    it("rejects requests without a valid token with 401", async () => {
      expect((await call(apiUrl, "GET", "/registries")).status).toBe(401);
      expect((await call(apiUrl, "GET", "/registries", { token: "not.a.jwt" })).status).toBe(401);
    });
  });

  describe("skills and versions", () => {
    it("a skill created in the personal registry is readable by its owner, with every file", async () => {
      const files = folderFiles(join(FIXTURES_DIR, "webapp-testing"));
      const created = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
        token: owner.token,
        body: { slug: "webapp-testing", name: "webapp-testing", description: "Playwright testing", tags: ["testing"], files },
      });
      expect(created.status).toBe(201);
      expect(created.body.version).toBe("1.0.0");
      const got = await call(apiUrl, "GET", `/registries/${owner.username}/skills/webapp-testing`, { token: owner.token });
      expect(got.status).toBe(200);
      expect(got.body.files.map((f: { path: string }) => f.path).sort()).toEqual(files.map((f) => f.path).sort());
      const executables = got.body.files.filter((f: { executable: boolean }) => f.executable).map((f: { path: string }) => f.path);
      expect(executables).toEqual(files.filter((f) => f.executable).map((f) => f.path).sort());
      expect(got.body.content).toBe(Buffer.from(files.find((f) => f.path === "SKILL.md")!.content_base64, "base64").toString());
    });

    it("a personal registry and its skills do not exist for anyone else", async () => {
      expect((await call(apiUrl, "GET", `/registries/${owner.username}`, { token: stranger.token })).status).toBe(404);
      expect((await call(apiUrl, "GET", `/registries/${owner.username}/skills/webapp-testing`, { token: stranger.token })).status).toBe(404);
      const push = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
        token: stranger.token,
        body: { slug: "intruder", name: "intruder", files: skillFiles("intruder") },
      });
      expect(push.status).toBe(404);
    });

    it("publishes a greater version and refuses one not above the latest with 409", async () => {
      const path = `/registries/${owner.username}/skills`;
      await call(apiUrl, "POST", path, { token: owner.token, body: { slug: "versioned", name: "versioned", files: skillFiles("versioned") } });
      const next = await call(apiUrl, "POST", `${path}/versioned/versions`, {
        token: owner.token,
        body: { version: "1.1.0", files: skillFiles("versioned", "Second."), changelog: "More" },
      });
      expect(next.status).toBe(201);
      const same = await call(apiUrl, "POST", `${path}/versioned/versions`, {
        token: owner.token,
        body: { version: "1.1.0", files: skillFiles("versioned", "Third.") },
      });
      expect(same.status).toBe(409);
      const lower = await call(apiUrl, "POST", `${path}/versioned/versions`, {
        token: owner.token,
        body: { version: "1.0.5", files: skillFiles("versioned", "Third.") },
      });
      expect(lower.status).toBe(409);
      const list = await call(apiUrl, "GET", `${path}/versioned/versions`, { token: owner.token });
      expect(list.body.versions.map((v: { version: string; is_latest: boolean }) => [v.version, v.is_latest])).toEqual([
        ["1.1.0", true],
        ["1.0.0", false],
      ]);
      const old = await call(apiUrl, "GET", `${path}/versioned/versions/1.0.0`, { token: owner.token });
      expect(old.body.version.content).toContain("Do the thing.");
    });

    it("refuses invalid slugs and semver with 422 naming the rule", async () => {
      const path = `/registries/${owner.username}/skills`;
      const badSlug = await call(apiUrl, "POST", path, { token: owner.token, body: { slug: "Bad Slug", name: "x", files: skillFiles("x") } });
      expect(badSlug.status).toBe(422);
      expect(badSlug.body.error.message).toMatch(/skill slug must be/);
      const badVersion = await call(apiUrl, "POST", path, {
        token: owner.token,
        body: { slug: "bad-version", name: "x", version: "v1", files: skillFiles("bad-version") },
      });
      expect(badVersion.status).toBe(422);
      expect(badVersion.body.error.message).toMatch(/not valid semver/);
    });

    it("creates and publishes from SKILL.md text alone, and takes text and folder together only when they agree", async () => {
      const path = `/registries/${owner.username}/skills`;
      const md = "# Plain steps\n\nDo it.\n";
      const slug = uniqueName("plain");
      const created = await call(apiUrl, "POST", path, { token: owner.token, body: { slug, name: "Plain steps", tags: ["docs"], content: md } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ skill: { slug, name: "Plain steps", tags: ["docs"] }, version: "1.0.0" });
      const got = await call(apiUrl, "GET", `${path}/${slug}`, { token: owner.token });
      expect(got.body).toMatchObject({ slug, version: "1.0.0", content: md, files: [{ path: "SKILL.md", sha256: sha256Hex(md), size: md.length }] });
      const published = await call(apiUrl, "POST", `${path}/${slug}/versions`, {
        token: owner.token,
        body: { version: "1.1.0", content: "# Plain steps\n\nDo it twice.\n", changelog: "Twice" },
      });
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ version: "1.1.0", changelog: "Twice" });

      // Both: the same SKILL.md inline or by reference is accepted; another one is not.
      const both = await call(apiUrl, "POST", `${path}/${slug}/versions`, {
        token: owner.token,
        body: { version: "1.2.0", content: md, files: [{ path: "SKILL.md", content_base64: Buffer.from(md).toString("base64") }] },
      });
      expect(both.status).toBe(201);
      const byReference = await call(apiUrl, "POST", `${path}/${slug}/versions`, {
        token: owner.token,
        body: { version: "1.3.0", content: md, files: [{ path: "SKILL.md", sha256: sha256Hex(md), size: md.length }] },
      });
      expect(byReference.status).toBe(201);
      const refusals: [object, RegExp][] = [
        [{ content: md, files: skillFiles(slug) }, /content differs from the SKILL.md in files/],
        [{ content: md, files: [{ path: "SKILL.md", sha256: "0".repeat(64), size: md.length }] }, /content differs from the SKILL.md in files/],
        [{ content: md, files: [{ path: "notes.md", content_base64: "eA==" }] }, /files has no SKILL.md/],
        [{}, /give content \(the SKILL.md text\) or files/],
      ];
      for (const [folder, message] of refusals) {
        const res = await call(apiUrl, "POST", `${path}/${slug}/versions`, { token: owner.token, body: { version: "2.0.0", ...folder } });
        expect(res.status, JSON.stringify(folder)).toBe(422);
        expect(res.body.error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringMatching(message) });
      }
      const none = await call(apiUrl, "POST", path, { token: owner.token, body: { slug: uniqueName("empty"), name: "x" } });
      expect(none.status).toBe(422);
    });

    it.each([["../escape.md"], ["/etc/passwd"], ["a/../../b"]])("refuses the file path %s with 422", async (bad) => {
      const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
        token: owner.token,
        body: { slug: uniqueName("paths"), name: "x", files: [...skillFiles("x"), { path: bad, content_base64: "eA==", executable: false }] },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
    });

    it("refuses a file over the per-file limit with 413 and stores nothing", async () => {
      const slug = uniqueName("huge");
      const big = Buffer.alloc(1024 * 1024 + 1, 97).toString("base64");
      const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
        token: owner.token,
        body: { slug, name: "x", files: [...skillFiles(slug), { path: "big.bin", content_base64: big, executable: false }] },
      });
      expect(res.status).toBe(413);
      expect((await call(apiUrl, "GET", `/registries/${owner.username}/skills/${slug}`, { token: owner.token })).status).toBe(404);
    });

    it("answers malformed JSON with 422, not 500", async () => {
      const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, { token: owner.token, body: "{not json" });
      expect(res.status).toBe(422);
    });

    it("updates metadata and lets only admins delete", async () => {
      const path = `/registries/${owner.username}/skills/versioned`;
      const put = await call(apiUrl, "PUT", path, { token: owner.token, body: { description: "New words", tags: ["a", "b"] } });
      expect(put.status).toBe(200);
      expect(put.body.skill).toMatchObject({ description: "New words", tags: ["a", "b"] });
      const slug = uniqueName("doomed");
      await call(apiUrl, "POST", `/registries/${owner.username}/skills`, { token: owner.token, body: { slug, name: slug, files: skillFiles(slug) } });
      expect((await call(apiUrl, "DELETE", `/registries/${owner.username}/skills/${slug}`, { token: owner.token })).status).toBe(204);
      expect((await call(apiUrl, "GET", `/registries/${owner.username}/skills/${slug}`, { token: owner.token })).status).toBe(404);
    });
  });

  describe("organization roles", () => {
    let org: string;
    let member: TestUser;
    let contributor: TestUser;
    let admin: TestUser;

    beforeAll(async () => {
      [admin, member, contributor] = await Promise.all([signUp(apiUrl, "admin"), signUp(apiUrl, "member"), signUp(apiUrl, "contrib")]);
      org = uniqueName("org");
      // Organization routes come with the organizations issue; set the registry up directly.
      const [registry] = await sql`
        insert into registries (slug, name, type, created_by) values (${org}, ${org}, 'organization', ${admin.id}) returning id`;
      await sql`insert into registry_members (registry_id, user_id, role) values
        (${registry!.id}, ${member.id}, 'member'), (${registry!.id}, ${contributor.id}, 'contributor')`;
    });

    it("members cannot create skills; contributors can", async () => {
      const asMember = await call(apiUrl, "POST", `/registries/${org}/skills`, { token: member.token, body: { slug: "by-member", name: "x", files: skillFiles("by-member") } });
      expect(asMember.status).toBe(403);
      const asContributor = await call(apiUrl, "POST", `/registries/${org}/skills`, { token: contributor.token, body: { slug: "by-contrib", name: "x", files: skillFiles("by-contrib") } });
      expect(asContributor.status).toBe(201);
      expect((await call(apiUrl, "GET", `/registries/${org}/skills/by-contrib`, { token: member.token })).status).toBe(200);
    });

    it("members cannot publish versions; the creator and admins can", async () => {
      const path = `/registries/${org}/skills/by-contrib/versions`;
      const body = (v: string) => ({ version: v, files: skillFiles("by-contrib", v) });
      expect((await call(apiUrl, "POST", path, { token: member.token, body: body("1.0.1") })).status).toBe(403);
      expect((await call(apiUrl, "POST", path, { token: contributor.token, body: body("1.0.1") })).status).toBe(201);
      expect((await call(apiUrl, "POST", path, { token: admin.token, body: body("1.0.2") })).status).toBe(201);
    });

    it("a contributor cannot publish to a skill they neither created nor maintain", async () => {
      await call(apiUrl, "POST", `/registries/${org}/skills`, { token: admin.token, body: { slug: "by-admin", name: "x", files: skillFiles("by-admin") } });
      const res = await call(apiUrl, "POST", `/registries/${org}/skills/by-admin/versions`, {
        token: contributor.token,
        body: { version: "2.0.0", files: skillFiles("by-admin", "hijack") },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/write access/);
    });
  });

  describe("sync", () => {
    beforeAll(async () => {
      const base = `/registries/${owner.username}/skills`;
      await call(apiUrl, "POST", base, { token: owner.token, body: { slug: "ranged", name: "ranged", files: skillFiles("ranged", "1.0.0") } });
      for (const v of ["1.2.0", "1.2.7", "1.9.0", "2.0.0"]) {
        await call(apiUrl, "POST", `${base}/ranged/versions`, { token: owner.token, body: { version: v, files: skillFiles("ranged", v) } });
      }
    });

    it.each([
      [undefined, "2.0.0"],
      ["1.2.0", "1.2.0"],
      [">=1.2.0", "2.0.0"],
      ["^1.2.0", "1.9.0"],
      ["~1.2.0", "1.2.7"],
      [">=1.0.0 <1.5.0", "1.2.7"],
    ])("resolves the constraint %s to %s", async (constraint, expected) => {
      const res = await call(apiUrl, "POST", "/sync", {
        token: owner.token,
        body: { skills: [{ registry: owner.username, slug: "ranged", ...(constraint ? { version: constraint } : {}) }] },
      });
      expect(res.status).toBe(200);
      expect(res.body.skills[0].version).toBe(expected);
    });

    it("resolves several skills at once with digests and manifests but no bytes, and reports failures", async () => {
      const res = await call(apiUrl, "POST", "/sync", {
        token: owner.token,
        body: {
          skills: [
            { registry: owner.username, slug: "webapp-testing" },
            { registry: owner.username, slug: "ranged", version: "^1.0.0" },
            { registry: owner.username, slug: "ranged-missing" },
            { registry: owner.username, slug: "versioned", version: ">=9.0.0" },
          ],
        },
      });
      expect(res.status).toBe(200);
      expect(res.body.skills.map((s: { slug: string; version: string }) => `${s.slug}@${s.version}`)).toEqual(["webapp-testing@1.0.0", "ranged@1.9.0"]);
      expect(res.body.skills[0].digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(res.body.skills[0].files.length).toBeGreaterThan(1);
      // SKILL.md's text and the sha256 of its bytes, for a client that writes only SKILL.md.
      for (const skill of res.body.skills) {
        expect(skill.sha256).toBe(sha256Hex(skill.content));
        expect(skill.sha256).toBe(skill.files.find((f: { path: string }) => f.path === "SKILL.md").sha256);
      }
      expect(JSON.stringify(res.body)).not.toContain("content_base64");
      expect(res.body.errors.map((e: { slug: string; code: string; error: string }) => `${e.slug}:${e.code}:${e.error}`)).toEqual([
        "ranged-missing:NOT_FOUND:not_found",
        "versioned:NO_MATCHING_VERSION:no_matching_version",
      ]);
    });

    it("leaves out the manifest of a resolution whose digest the client says it has, latest or pinned", async () => {
      const sync = (skills: object[]) => call(apiUrl, "POST", "/sync", { token: owner.token, body: { skills } });
      const full = await sync([{ registry: owner.username, slug: "ranged" }, { registry: owner.username, slug: "ranged", version: "1.2.0" }]);
      const [latest, pinned] = full.body.skills;
      const held = await sync([
        { registry: owner.username, slug: "ranged", have: latest.digest },
        { registry: owner.username, slug: "ranged", version: "1.2.0", have: pinned.digest },
        { registry: owner.username, slug: "webapp-testing", have: pinned.digest },
      ]);
      expect(held.status).toBe(200);
      expect(held.body.skills.map((s: { version: string; digest: string; files?: unknown }) => [s.version, s.digest, s.files])).toEqual([
        ["2.0.0", latest.digest, undefined],
        ["1.2.0", pinned.digest, undefined],
        ["1.0.0", expect.stringMatching(/^sha256:/), expect.arrayContaining([expect.objectContaining({ path: "SKILL.md" })])],
      ]);
      // The same skill asked twice, once held and once not: the second still gets its manifest.
      const twice = await sync([{ registry: owner.username, slug: "ranged" }, { registry: owner.username, slug: "ranged", have: latest.digest }]);
      expect(twice.body.skills.map((s: { files?: unknown; content?: string }) => [s.files, s.content])).toEqual([[latest.files, latest.content], [undefined, undefined]]);
      const reversed = await sync([{ registry: owner.username, slug: "ranged", have: latest.digest }, { registry: owner.username, slug: "ranged" }]);
      expect(reversed.body.skills.map((s: { files?: unknown; content?: string }) => [s.files, s.content])).toEqual([[undefined, undefined], [latest.files, latest.content]]);
      expect(reversed.body.skills.map((s: { sha256: string }) => s.sha256)).toEqual([latest.sha256, latest.sha256]);
      // A digest the resolution does not have changes nothing.
      const stale = await sync([{ registry: owner.username, slug: "ranged", version: "1.2.0", have: latest.digest }]);
      expect(stale.body.skills[0].files).toEqual(pinned.files);
      const bad = await sync([{ registry: owner.username, slug: "ranged", have: "abc" }]);
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toContain("have must be a sha256:<hex> folder digest");
      const failed = await sync([{ registry: owner.username, slug: "ranged-missing", have: latest.digest }]);
      expect(failed.body.errors).toEqual([
        { registry: owner.username, slug: "ranged-missing", error: "not_found", code: "NOT_FOUND", message: expect.any(String) },
      ]);
    });

    it("never resolves a skill the caller cannot read", async () => {
      const res = await call(apiUrl, "POST", "/sync", { token: stranger.token, body: { skills: [{ registry: owner.username, slug: "ranged" }] } });
      expect(res.body.skills).toEqual([]);
      // Not "forbidden": a registry the caller cannot read does not exist for them.
      expect(res.body.errors[0]).toMatchObject({ error: "not_found", code: "NOT_FOUND" });
    });

    it("serves file bytes only to readers of a version containing them", async () => {
      const sync = await call(apiUrl, "POST", "/sync", { token: owner.token, body: { skills: [{ registry: owner.username, slug: "webapp-testing" }] } });
      const hashes = sync.body.skills[0].files.map((f: { sha256: string }) => f.sha256);
      const mine = await call(apiUrl, "POST", "/blobs", { token: owner.token, body: { sha256: hashes } });
      expect(mine.body.blobs).toHaveLength(new Set(hashes).size);
      const theirs = await call(apiUrl, "POST", "/blobs", { token: stranger.token, body: { sha256: hashes } });
      expect(theirs.body.blobs).toEqual([]);
    });
  });

  it("lists skills with filters and searches across readable registries", async () => {
    const tagged = await call(apiUrl, "GET", `/registries/${owner.username}/skills?tags=testing`, { token: owner.token });
    expect(tagged.body.skills.map((s: { slug: string }) => s.slug)).toEqual(["webapp-testing"]);
    const found = await call(apiUrl, "GET", "/search?q=playwright", { token: owner.token });
    expect(found.body.results.map((s: { slug: string }) => s.slug)).toContain("webapp-testing");
    const hidden = await call(apiUrl, "GET", "/search?q=playwright", { token: stranger.token });
    expect(hidden.body.results).toEqual([]);
  });
});
