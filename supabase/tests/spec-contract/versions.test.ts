/**
 * The version routes as a client written from the contract uses them: a new
 * version is published from `{version, content, changelog}` and answers
 * `{version, changelog}`, must be valid semver above the latest, becomes the
 * skill's latest, and every version stays listed and readable with its own
 * content.
 *
 * The contract names the list and single-version routes without showing their
 * bodies; the tests expect `{versions: [...]}` with each entry's `version`,
 * and the single version's `content` wrapped as `{version: {...}}` or flat.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpecClient, expectError, resource, skillMarkdown, specPlatforms, unique, type SpecUser } from "./spec-client.ts";

describe.each(specPlatforms())("contract: versions on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);
  let owner: SpecUser;
  let outsider: SpecUser;
  let registry: string;

  beforeAll(async () => {
    [owner, outsider] = await Promise.all([api.register("veowner"), api.register("veout")]);
    registry = owner.username;
  });

  const versionsPath = (slug: string) => `/registries/${registry}/skills/${slug}/versions`;

  it("publishes a version from `{version, content, changelog}` (201 `{version, changelog}`) that becomes the latest", async () => {
    const slug = unique("pub");
    await api.createSkill(owner, registry, { slug, name: "Pub" });
    const content = skillMarkdown("Pub", "Added error handling patterns.");
    const res = await api.post(versionsPath(slug), { version: "1.4.0", content, changelog: "Added error handling patterns" }, owner.accessToken);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ version: "1.4.0", changelog: "Added error handling patterns" }));
    const detail = await api.get(`/registries/${registry}/skills/${slug}`, owner.accessToken);
    expect(detail.body).toEqual(expect.objectContaining({ version: "1.4.0", content }));
  });

  it("publishes without a changelog", async () => {
    const slug = unique("nolog");
    await api.createSkill(owner, registry, { slug });
    const res = await api.post(versionsPath(slug), { version: "1.0.1", content: skillMarkdown("No log") }, owner.accessToken);
    expect(res.status).toBe(201);
    expect(res.body.version).toBe("1.0.1");
  });

  it("answers 409 CONFLICT to a version that is not greater than the latest", async () => {
    const slug = unique("order");
    await api.createSkill(owner, registry, { slug });
    await api.publish(owner, registry, slug, "1.2.0", skillMarkdown("Order", "1.2.0"));
    for (const version of ["1.2.0", "1.1.9", "1.0.0", "0.9.0"]) {
      expectError(await api.post(versionsPath(slug), { version, content: skillMarkdown("Order", version) }, owner.accessToken), 409, "CONFLICT");
    }
    expect((await api.get(`/registries/${registry}/skills/${slug}`, owner.accessToken)).body.version).toBe("1.2.0");
  });

  it("answers 422 VALIDATION_ERROR to an invalid semver and to a body without content", async () => {
    const slug = unique("bad");
    await api.createSkill(owner, registry, { slug });
    for (const version of ["2", "2.0", "v2.0.0", "two", "2.0.0.0", ""]) {
      expectError(await api.post(versionsPath(slug), { version, content: skillMarkdown("Bad") }, owner.accessToken), 422, "VALIDATION_ERROR");
    }
    expectError(await api.post(versionsPath(slug), { version: "2.0.0" }, owner.accessToken), 422, "VALIDATION_ERROR");
    expectError(await api.post(versionsPath(slug), { version: "2.0.0", content: 42 }, owner.accessToken), 422, "VALIDATION_ERROR");
    expectError(await api.post(versionsPath(slug), { content: skillMarkdown("Bad") }, owner.accessToken), 422, "VALIDATION_ERROR");
  });

  it("lists every version and reads each one back with its own content and changelog", async () => {
    const slug = unique("hist");
    const contents: Record<string, string> = {
      "1.0.0": skillMarkdown("Hist", "One."),
      "1.1.0": skillMarkdown("Hist", "Two."),
      "2.0.0": skillMarkdown("Hist", "Three."),
    };
    await api.createSkill(owner, registry, { slug, name: "Hist", content: contents["1.0.0"] });
    await api.publish(owner, registry, slug, "1.1.0", contents["1.1.0"]!, "Second");
    await api.publish(owner, registry, slug, "2.0.0", contents["2.0.0"]!, "Third");

    const list = await api.get(versionsPath(slug), owner.accessToken);
    expect(list.status).toBe(200);
    expect((list.body.versions as { version: string }[]).map((v) => v.version).sort()).toEqual(["1.0.0", "1.1.0", "2.0.0"]);

    for (const [version, content] of Object.entries(contents)) {
      const res = await api.get(`${versionsPath(slug)}/${version}`, owner.accessToken);
      expect(res.status).toBe(200);
      expect(resource(res.body, "version")).toEqual(expect.objectContaining({ version, content }));
    }
    expect(resource((await api.get(`${versionsPath(slug)}/1.1.0`, owner.accessToken)).body, "version").changelog).toBe("Second");
  });

  it("answers 404 NOT_FOUND for a version that does not exist and for a skill the caller cannot see", async () => {
    const slug = unique("nf");
    await api.createSkill(owner, registry, { slug });
    expectError(await api.get(`${versionsPath(slug)}/9.9.9`, owner.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(versionsPath(unique("missing")), owner.accessToken), 404, "NOT_FOUND");
    expectError(await api.post(versionsPath(unique("missing")), { version: "1.0.0", content: skillMarkdown("Missing") }, owner.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(versionsPath(slug), outsider.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`${versionsPath(slug)}/1.0.0`, outsider.accessToken), 404, "NOT_FOUND");
    expectError(
      await api.post(versionsPath(slug), { version: "2.0.0", content: skillMarkdown("Intruder") }, outsider.accessToken),
      404,
      "NOT_FOUND",
    );
  });

  it("answers 401 UNAUTHORIZED to version routes without a token", async () => {
    const slug = unique("anon");
    await api.createSkill(owner, registry, { slug });
    expectError(await api.get(versionsPath(slug)), 401, "UNAUTHORIZED");
    expectError(await api.get(`${versionsPath(slug)}/1.0.0`), 401, "UNAUTHORIZED");
    expectError(await api.post(versionsPath(slug), { version: "2.0.0", content: skillMarkdown("Anon") }), 401, "UNAUTHORIZED");
  });
});
