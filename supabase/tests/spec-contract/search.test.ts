/**
 * `GET /api/search?q=&tags=&compat=` as a client written from the contract
 * uses it: `{results: [{registry, slug, name, description, tags, compat,
 * version}]}` across every registry the caller can read, text matched on
 * name, description and tags, tags and compat filtered by overlap, and
 * nothing from registries the caller is not in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpecClient, expectError, specPlatforms, unique, type SpecUser } from "./spec-client.ts";

describe.each(specPlatforms())("contract: search on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);
  let owner: SpecUser;
  let reader: SpecUser;
  let outsider: SpecUser;
  let org: string;
  // A word no other test uses, so each result list holds exactly this file's skills.
  const word = unique("zq").replace("-", "");
  const tag = unique("tg").replace("-", "");

  const search = async (user: SpecUser, query: string) => {
    const res = await api.get(`/search?${query}`, user.accessToken);
    expect(res.status).toBe(200);
    return res.body.results as { registry: string; slug: string }[];
  };
  const keys = (results: { registry: string; slug: string }[]) => results.map((r) => `${r.registry}/${r.slug}`).sort();

  beforeAll(async () => {
    [owner, reader, outsider] = await Promise.all([api.register("seowner"), api.register("sereader"), api.register("seout")]);
    org = await api.createRegistry(owner, "seorg");
    await api.addMember(owner, org, reader, "member");
    await api.createSkill(owner, org, {
      slug: "by-name",
      name: `${word} Edge Functions`,
      description: "Deno handlers",
      tags: [tag, "backend"],
      compat: ["claude-code"],
    });
    await api.publish(owner, org, "by-name", "1.3.0", `# ${word} Edge Functions\n\nSecond.\n`);
    await api.createSkill(owner, org, { slug: "by-description", name: "Forms", description: `Fills in ${word} documents`, tags: ["pdf"], compat: ["cursor"] });
    await api.createSkill(owner, org, { slug: "by-tag", name: "Tagged", description: "Nothing to see", tags: [word], compat: ["codex"] });
    await api.createSkill(owner, owner.username, { slug: "private-one", name: `${word} private`, description: "Only the owner reads this", tags: [tag] });
  });

  it("finds by text in name, description and tags and answers the contract's fields", async () => {
    const results = await search(reader, `q=${word}`);
    expect(keys(results)).toEqual([`${org}/by-description`, `${org}/by-name`, `${org}/by-tag`]);
    expect(results.find((r) => r.slug === "by-name")).toEqual(
      expect.objectContaining({
        registry: org,
        slug: "by-name",
        name: `${word} Edge Functions`,
        description: "Deno handlers",
        tags: [tag, "backend"],
        compat: ["claude-code"],
        version: "1.3.0",
      }),
    );
  });

  it("searches every registry the caller can read, personal ones included", async () => {
    expect(keys(await search(owner, `q=${word}`))).toEqual([
      `${org}/by-description`,
      `${org}/by-name`,
      `${org}/by-tag`,
      `${owner.username}/private-one`,
    ].sort());
  });

  it("shows nothing from registries the caller is not in", async () => {
    expect(await search(outsider, `q=${word}`)).toEqual([]);
    expect(await search(outsider, `tags=${tag}`)).toEqual([]);
  });

  it("filters by comma-separated tags (any of them)", async () => {
    expect(keys(await search(reader, `tags=${tag}`))).toEqual([`${org}/by-name`]);
    expect(keys(await search(owner, `tags=${tag},nothing-${word}`))).toEqual([`${org}/by-name`, `${owner.username}/private-one`].sort());
    expect(keys(await search(reader, `q=${word}&tags=pdf,${word}`))).toEqual([`${org}/by-description`, `${org}/by-tag`]);
  });

  it("filters by comma-separated compat (any of them), alone or with a query", async () => {
    expect(keys(await search(reader, `q=${word}&compat=cursor,codex`))).toEqual([`${org}/by-description`, `${org}/by-tag`]);
    expect(keys(await search(reader, `q=${word}&compat=claude-code`))).toEqual([`${org}/by-name`]);
    expect(keys(await search(reader, `tags=${tag}&compat=cursor`))).toEqual([]);
  });

  it("answers 401 UNAUTHORIZED without a token", async () => {
    expectError(await api.get(`/search?q=${word}`), 401, "UNAUTHORIZED");
  });
});
