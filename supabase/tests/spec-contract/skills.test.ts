/**
 * The skill routes as a client written from the contract uses them: a skill
 * is created from `{slug, name, description, tags, compat, content, version?}`
 * where `content` is the whole SKILL.md, listed with its latest version, read
 * back flat with that content, updated and deleted; roles decide who may
 * write, and bad or duplicate input answers the contract's errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpecClient, expectError, skillMarkdown, specPlatforms, unique, type SpecUser } from "./spec-client.ts";

describe.each(specPlatforms())("contract: skills on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);
  let admin: SpecUser;
  let contributor: SpecUser;
  let member: SpecUser;
  let outsider: SpecUser;
  let org: string;

  beforeAll(async () => {
    [admin, contributor, member, outsider] = await Promise.all([
      api.register("skadmin"),
      api.register("skcontrib"),
      api.register("skmember"),
      api.register("skout"),
    ]);
    org = await api.createRegistry(admin, "skorg");
    await api.addMember(admin, org, contributor, "contributor");
    await api.addMember(admin, org, member, "member");
  });

  it("creates a skill from the contract's body (201 `{skill, version}`, version defaulting to 1.0.0)", async () => {
    const slug = unique("edge");
    const content = skillMarkdown("Supabase Edge Functions", "Write Deno handlers.");
    const res = await api.post(
      `/registries/${org}/skills`,
      { slug, name: "Supabase Edge Functions", description: "Edge function patterns", tags: ["supabase", "backend"], compat: ["claude-code", "cursor"], content },
      admin.accessToken,
    );
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        skill: expect.objectContaining({
          slug,
          name: "Supabase Edge Functions",
          description: "Edge function patterns",
          tags: ["supabase", "backend"],
          compat: ["claude-code", "cursor"],
        }),
        version: "1.0.0",
      }),
    );
  });

  it("creates a skill at the initial version the body names", async () => {
    const slug = unique("zod");
    const res = await api.post(`/registries/${org}/skills`, { slug, name: "Zod v4", content: skillMarkdown("Zod v4"), version: "2.1.0" }, admin.accessToken);
    expect(res.status).toBe(201);
    expect(res.body.version).toBe("2.1.0");
    expect((await api.get(`/registries/${org}/skills/${slug}`, admin.accessToken)).body.version).toBe("2.1.0");
  });

  it("lists a registry's skills with slug, name, description, tags, compat, latest version, creator and updated_at", async () => {
    const slug = unique("listed");
    await api.createSkill(admin, org, { slug, name: "Listed", description: "In the list", tags: ["listing"], compat: ["codex"] });
    await api.publish(admin, org, slug, "1.3.0", skillMarkdown("Listed", "Second."));
    const res = await api.get(`/registries/${org}/skills`, member.accessToken);
    expect(res.status).toBe(200);
    const entry = res.body.skills.find((s: { slug: string }) => s.slug === slug);
    expect(entry).toEqual(
      expect.objectContaining({
        slug,
        name: "Listed",
        description: "In the list",
        tags: ["listing"],
        compat: ["codex"],
        version: "1.3.0",
        created_by: admin.username,
        updated_at: expect.any(String),
      }),
    );
    expect(Number.isNaN(Date.parse(entry.updated_at))).toBe(false);
  });

  it("filters a registry's list by tags, compat and search", async () => {
    const word = unique("zq").replace("-", "");
    const tagged = unique("tagged");
    const other = unique("other");
    await api.createSkill(admin, org, { slug: tagged, name: `Tagged ${word}`, tags: [word], compat: ["cursor"] });
    await api.createSkill(admin, org, { slug: other, name: "Other", description: `About ${word}`, tags: ["misc"], compat: ["codex"] });
    const slugs = async (query: string) =>
      ((await api.get(`/registries/${org}/skills?${query}`, member.accessToken)).body.skills as { slug: string }[]).map((s) => s.slug);
    expect(await slugs(`tags=${word},nothing`)).toEqual([tagged]);
    expect(await slugs("compat=codex,nothing")).toContain(other);
    expect(await slugs("compat=codex,nothing")).not.toContain(tagged);
    expect((await slugs(`search=${word}`)).sort()).toEqual([other, tagged].sort());
  });

  it("answers the skill detail flat, with the latest version's full SKILL.md, creator and maintainers", async () => {
    const slug = unique("detail");
    const first = skillMarkdown("Detail", "First version.");
    const latest = skillMarkdown("Detail", "Latest version.");
    await api.createSkill(admin, org, { slug, name: "Detail", description: "Read me", tags: ["a"], compat: ["claude-code"], content: first });
    await api.publish(admin, org, slug, "1.1.0", latest, "Second");
    const res = await api.get(`/registries/${org}/skills/${slug}`, member.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        slug,
        name: "Detail",
        description: "Read me",
        tags: ["a"],
        compat: ["claude-code"],
        version: "1.1.0",
        content: latest,
        created_by: admin.username,
        maintainers: expect.any(Array),
        updated_at: expect.any(String),
      }),
    );
    expect(res.body.maintainers.every((m: unknown) => typeof m === "string")).toBe(true);
  });

  it("keeps a SKILL.md that opens with `# Title` and has no frontmatter byte for byte", async () => {
    const slug = unique("plain");
    const content = "# Plain Skill\n\nNo frontmatter here.\n\n## Steps\n\n1. Read.\n2. Act.\n";
    await api.createSkill(admin, org, { slug, name: "Plain Skill", content });
    expect((await api.get(`/registries/${org}/skills/${slug}`, admin.accessToken)).body.content).toBe(content);
  });

  it("updates a skill's metadata (200) and the detail shows it", async () => {
    const slug = unique("upd");
    await api.createSkill(admin, org, { slug, name: "Before", description: "Old", tags: ["old"] });
    const res = await api.put(`/registries/${org}/skills/${slug}`, { name: "After", description: "New", tags: ["new"], compat: ["cursor"] }, admin.accessToken);
    expect(res.status).toBe(200);
    expect((await api.get(`/registries/${org}/skills/${slug}`, admin.accessToken)).body).toEqual(
      expect.objectContaining({ slug, name: "After", description: "New", tags: ["new"], compat: ["cursor"] }),
    );
  });

  it("deletes a skill, after which it answers 404", async () => {
    const slug = unique("gone");
    await api.createSkill(admin, org, { slug });
    const res = await api.delete(`/registries/${org}/skills/${slug}`, admin.accessToken);
    expect([200, 204]).toContain(res.status);
    expectError(await api.get(`/registries/${org}/skills/${slug}`, admin.accessToken), 404, "NOT_FOUND");
    expect(((await api.get(`/registries/${org}/skills`, admin.accessToken)).body.skills as { slug: string }[]).map((s) => s.slug)).not.toContain(slug);
  });

  it("answers 409 CONFLICT to a slug that already exists in the registry", async () => {
    const slug = unique("dup");
    await api.createSkill(admin, org, { slug });
    const res = await api.post(`/registries/${org}/skills`, { slug, name: "Again", content: skillMarkdown("Again") }, admin.accessToken);
    expectError(res, 409, "CONFLICT");
  });

  it("answers 422 VALIDATION_ERROR to a bad slug, an invalid semver and a body without content", async () => {
    const create = (body: Record<string, unknown>) => api.post(`/registries/${org}/skills`, body, admin.accessToken);
    for (const slug of ["Bad_Slug", "UPPER", "-lead", "trail-", "a", "has space"]) {
      expectError(await create({ slug, name: "Bad", content: skillMarkdown("Bad") }), 422, "VALIDATION_ERROR");
    }
    expectError(await create({ slug: unique("semver"), name: "Semver", content: skillMarkdown("Semver"), version: "v1" }), 422, "VALIDATION_ERROR");
    expectError(await create({ slug: unique("semver"), name: "Semver", content: skillMarkdown("Semver"), version: "1.0" }), 422, "VALIDATION_ERROR");
    expectError(await create({ slug: unique("nocontent"), name: "No content" }), 422, "VALIDATION_ERROR");
    expectError(await create({ slug: unique("noname"), content: skillMarkdown("No name") }), 422, "VALIDATION_ERROR");
  });

  it("lets a contributor create skills and edit their own, but not another's (403 FORBIDDEN)", async () => {
    const own = unique("own");
    await api.createSkill(contributor, org, { slug: own, name: "Own" });
    expect((await api.put(`/registries/${org}/skills/${own}`, { description: "Mine" }, contributor.accessToken)).status).toBe(200);
    await api.publish(contributor, org, own, "1.0.1", skillMarkdown("Own", "Fixed."));

    const theirs = unique("theirs");
    await api.createSkill(admin, org, { slug: theirs, name: "Theirs" });
    expectError(await api.put(`/registries/${org}/skills/${theirs}`, { description: "Hijacked" }, contributor.accessToken), 403, "FORBIDDEN");
    expectError(
      await api.post(`/registries/${org}/skills/${theirs}/versions`, { version: "9.0.0", content: skillMarkdown("Theirs", "Hijacked") }, contributor.accessToken),
      403,
      "FORBIDDEN",
    );
    expect((await api.get(`/registries/${org}/skills/${theirs}`, admin.accessToken)).body.version).toBe("1.0.0");
  });

  it("lets a contributor neither delete another's skill (403 FORBIDDEN) nor keep an admin from editing theirs", async () => {
    const theirs = unique("keep");
    await api.createSkill(contributor, org, { slug: theirs, name: "Keep" });
    const other = unique("others");
    await api.createSkill(admin, org, { slug: other, name: "Others" });
    expectError(await api.delete(`/registries/${org}/skills/${other}`, contributor.accessToken), 403, "FORBIDDEN");
    expect((await api.get(`/registries/${org}/skills/${other}`, admin.accessToken)).status).toBe(200);

    expect((await api.put(`/registries/${org}/skills/${theirs}`, { description: "Edited by an admin" }, admin.accessToken)).status).toBe(200);
    await api.publish(admin, org, theirs, "1.1.0", skillMarkdown("Keep", "Admin fix."));
    expect((await api.get(`/registries/${org}/skills/${theirs}`, contributor.accessToken)).body).toEqual(
      expect.objectContaining({ description: "Edited by an admin", version: "1.1.0" }),
    );
  });

  it("moves a skill's updated_at forward when a version is published", async () => {
    const slug = unique("fresh");
    await api.createSkill(admin, org, { slug });
    const before = Date.parse((await api.get(`/registries/${org}/skills/${slug}`, admin.accessToken)).body.updated_at);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.publish(admin, org, slug, "1.0.1", skillMarkdown("Fresh", "Newer."));
    const after = Date.parse((await api.get(`/registries/${org}/skills/${slug}`, admin.accessToken)).body.updated_at);
    expect(after).toBeGreaterThan(before);
  });

  it("answers 422 VALIDATION_ERROR to metadata of the wrong type and to a body that is not JSON", async () => {
    const slug = unique("types");
    await api.createSkill(admin, org, { slug });
    expectError(await api.put(`/registries/${org}/skills/${slug}`, { tags: "not-a-list" }, admin.accessToken), 422, "VALIDATION_ERROR");
    expectError(
      await api.post(`/registries/${org}/skills`, { slug: unique("tags"), name: "Tags", content: skillMarkdown("Tags"), compat: "cursor" }, admin.accessToken),
      422,
      "VALIDATION_ERROR",
    );
    expectError(await api.request("POST", `/registries/${org}/skills`, { token: admin.accessToken, rawBody: "{not json" }), 422, "VALIDATION_ERROR");
  });

  it("lets a plain member read but not push (403 FORBIDDEN)", async () => {
    const slug = unique("read");
    await api.createSkill(admin, org, { slug });
    expect((await api.get(`/registries/${org}/skills/${slug}`, member.accessToken)).status).toBe(200);
    expectError(
      await api.post(`/registries/${org}/skills`, { slug: unique("push"), name: "Push", content: skillMarkdown("Push") }, member.accessToken),
      403,
      "FORBIDDEN",
    );
    expectError(
      await api.post(`/registries/${org}/skills/${slug}/versions`, { version: "1.1.0", content: skillMarkdown("Push") }, member.accessToken),
      403,
      "FORBIDDEN",
    );
    expectError(await api.put(`/registries/${org}/skills/${slug}`, { name: "Renamed" }, member.accessToken), 403, "FORBIDDEN");
  });

  it("answers 404 NOT_FOUND for a skill that does not exist or sits in a registry the caller is not in", async () => {
    const slug = unique("hidden");
    await api.createSkill(admin, org, { slug });
    expectError(await api.get(`/registries/${org}/skills/${unique("missing")}`, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.put(`/registries/${org}/skills/${unique("missing")}`, { name: "X" }, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.delete(`/registries/${org}/skills/${unique("missing")}`, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${unique("noreg")}/skills`, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${org}/skills/${slug}`, outsider.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${org}/skills`, outsider.accessToken), 404, "NOT_FOUND");
    expectError(await api.put(`/registries/${org}/skills/${slug}`, { name: "X" }, outsider.accessToken), 404, "NOT_FOUND");
    expectError(
      await api.post(`/registries/${org}/skills`, { slug: unique("intrude"), name: "X", content: skillMarkdown("X") }, outsider.accessToken),
      404,
      "NOT_FOUND",
    );
  });

  it("answers 401 UNAUTHORIZED to skill routes without a token", async () => {
    const slug = unique("anon");
    await api.createSkill(admin, org, { slug });
    expectError(await api.get(`/registries/${org}/skills`), 401, "UNAUTHORIZED");
    expectError(await api.get(`/registries/${org}/skills/${slug}`), 401, "UNAUTHORIZED");
    expectError(await api.post(`/registries/${org}/skills`, { slug: unique("x"), name: "X", content: skillMarkdown("X") }), 401, "UNAUTHORIZED");
  });
});
