/**
 * `POST /api/sync` as a client written from the contract uses it: it sends
 * `{skills: [{registry, slug, version?}]}` and writes each answered skill from
 * the answer alone, so every resolved item must carry registry, slug, version,
 * the SKILL.md `content` and its hex `sha256` (what the lockfile keeps), and
 * every failure must say which skill and why (`not_found`,
 * `no_matching_version`). Constraints are exact versions, `>=`, `^`, `~` or
 * none (the latest).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpecClient, expectError, sha256Hex, skillMarkdown, specPlatforms, unique, type SpecUser } from "./spec-client.ts";

/** The versions published of the skill the constraint tests resolve against, oldest first. */
const VERSIONS = ["1.0.0", "1.1.0", "1.1.5", "1.2.0", "2.0.0"];

describe.each(specPlatforms())("contract: sync on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);
  let owner: SpecUser;
  let reader: SpecUser;
  let outsider: SpecUser;
  let org: string;
  const slug = "supabase-edge";
  const contentOf = (version: string) => skillMarkdown("Supabase Edge Functions", `Release ${version}.`);

  const sync = async (user: SpecUser, skills: { registry: string; slug: string; version?: string }[]) => {
    const res = await api.post("/sync", { skills }, user.accessToken);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ skills: expect.any(Array), errors: expect.any(Array) }));
    return res.body as { skills: any[]; errors: any[] };
  };

  beforeAll(async () => {
    [owner, reader, outsider] = await Promise.all([api.register("syowner"), api.register("syreader"), api.register("syout")]);
    org = await api.createRegistry(owner, "syorg");
    await api.addMember(owner, org, reader, "member");
    await api.createSkill(owner, org, { slug, name: "Supabase Edge Functions", tags: ["supabase"], compat: ["claude-code"], content: contentOf("1.0.0") });
    for (const version of VERSIONS.slice(1)) await api.publish(owner, org, slug, version, contentOf(version));
    await api.createSkill(owner, owner.username, { slug: "zod-v4", name: "Zod v4", content: skillMarkdown("Zod v4") });
  });

  it("resolves each skill to registry, slug, version, SKILL.md content and the hex sha256 of that content", async () => {
    const answer = await sync(reader, [{ registry: org, slug }]);
    expect(answer.errors).toEqual([]);
    expect(answer.skills).toHaveLength(1);
    expect(answer.skills[0]).toEqual(
      expect.objectContaining({ registry: org, slug, version: "2.0.0", content: contentOf("2.0.0"), sha256: sha256Hex(contentOf("2.0.0")) }),
    );
    expect(answer.skills[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["no constraint", undefined, "2.0.0"],
    ["an exact version", "1.1.0", "1.1.0"],
    ["an exact older version", "1.0.0", "1.0.0"],
    [">=", ">=1.1.0", "2.0.0"],
    ["^", "^1.0.0", "1.2.0"],
    ["~", "~1.1.0", "1.1.5"],
  ])("resolves %s (%s) to %s", async (_label, version, expected) => {
    const request = version === undefined ? { registry: org, slug } : { registry: org, slug, version };
    const answer = await sync(reader, [request]);
    expect(answer.errors).toEqual([]);
    expect(answer.skills).toEqual([
      expect.objectContaining({ registry: org, slug, version: expected, content: contentOf(expected), sha256: sha256Hex(contentOf(expected)) }),
    ]);
  });

  it("resolves several skills from several registries in one request, as the contract's example asks", async () => {
    const answer = await sync(owner, [
      { registry: org, slug, version: ">=1.1.0" },
      { registry: owner.username, slug: "zod-v4" },
      { registry: org, slug: "edge-functions", version: "2.0.0" },
    ]);
    expect(answer.skills).toHaveLength(2);
    expect(answer.skills).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ registry: org, slug, version: "2.0.0", sha256: sha256Hex(contentOf("2.0.0")) }),
        expect.objectContaining({
          registry: owner.username,
          slug: "zod-v4",
          version: "1.0.0",
          content: skillMarkdown("Zod v4"),
          sha256: sha256Hex(skillMarkdown("Zod v4")),
        }),
      ]),
    );
    expect(answer.errors).toEqual([expect.objectContaining({ registry: org, slug: "edge-functions", error: "not_found" })]);
  });

  it("hashes the UTF-8 bytes of a SKILL.md that is not ASCII, and answers that text unchanged", async () => {
    const content = "# Café Skill — 日本語\n\nUse “smart quotes” and emoji 🚀 freely.\n";
    await api.createSkill(owner, owner.username, { slug: "unicode-skill", name: "Café Skill", content });
    const answer = await sync(owner, [{ registry: owner.username, slug: "unicode-skill" }]);
    expect(answer.skills).toEqual([expect.objectContaining({ content, sha256: sha256Hex(content) })]);
  });

  it("reports `no_matching_version` for a constraint no published version meets", async () => {
    for (const version of ["3.0.0", "^3.0.0", "~1.3.0", ">=2.0.1"]) {
      const answer = await sync(reader, [{ registry: org, slug, version }]);
      expect(answer.skills).toEqual([]);
      expect(answer.errors).toEqual([expect.objectContaining({ registry: org, slug, error: "no_matching_version" })]);
    }
  });

  it("reports `not_found` for a missing skill, a missing registry and a registry the caller is not in", async () => {
    const nowhere = unique("nowhere");
    const answer = await sync(outsider, [
      { registry: org, slug },
      { registry: nowhere, slug: "anything" },
      { registry: outsider.username, slug: "never-made" },
      { registry: owner.username, slug: "zod-v4" },
    ]);
    expect(answer.skills).toEqual([]);
    expect(answer.errors).toHaveLength(4);
    expect(answer.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ registry: org, slug, error: "not_found" }),
        expect.objectContaining({ registry: nowhere, slug: "anything", error: "not_found" }),
        expect.objectContaining({ registry: outsider.username, slug: "never-made", error: "not_found" }),
        expect.objectContaining({ registry: owner.username, slug: "zod-v4", error: "not_found" }),
      ]),
    );
  });

  it("answers an empty request with empty lists", async () => {
    expect(await sync(reader, [])).toEqual(expect.objectContaining({ skills: [], errors: [] }));
  });

  it("answers 422 VALIDATION_ERROR to a body that is not a list of skills", async () => {
    expectError(await api.post("/sync", { skills: "supabase-edge" }, reader.accessToken), 422, "VALIDATION_ERROR");
    expectError(await api.post("/sync", { skills: [{ registry: org }] }, reader.accessToken), 422, "VALIDATION_ERROR");
    expectError(await api.post("/sync", {}, reader.accessToken), 422, "VALIDATION_ERROR");
  });

  it("answers 401 UNAUTHORIZED without a token", async () => {
    expectError(await api.post("/sync", { skills: [{ registry: org, slug }] }), 401, "UNAUTHORIZED");
  });
});
