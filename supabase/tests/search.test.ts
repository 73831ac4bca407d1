/**
 * Full-text search over real HTTP on both databases
 * (`GET /api/search`): ranked matches on name, description and tags,
 * tag/compat overlap filters, only readable registries, keyset pages, and
 * the `search` filter of a registry's skill list on the same code path.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, uniqueName, type TestUser } from "./support/api.ts";

describe.each(inject("platforms"))("search on $name", ({ apiUrl }) => {
  let owner: TestUser;
  let reader: TestUser;
  let outsider: TestUser;
  let org: string;
  // A word no other test uses, so results are exactly this file's skills.
  const word = `zq${randomBytes(4).toString("hex")}`;

  // SKILL.md without frontmatter, so the name and description searched are the record's.
  const create = (registry: string, slug: string, extra: Record<string, unknown>) =>
    call(apiUrl, "POST", `/registries/${registry}/skills`, { token: owner.token, body: { slug, name: slug, content: `# ${slug}\n\nSteps.\n`, ...extra } });
  const search = (user: TestUser, query: string) => call(apiUrl, "GET", `/search?${query}`, { token: user.token });
  const slugs = (res: { body: { results?: { slug: string }[]; skills?: { slug: string }[] } }) =>
    (res.body.results ?? res.body.skills ?? []).map((s) => s.slug);

  beforeAll(async () => {
    [owner, reader, outsider] = await Promise.all([signUp(apiUrl, "owner"), signUp(apiUrl, "reader"), signUp(apiUrl, "outsider")]);
    org = uniqueName("search-org");
    await call(apiUrl, "POST", "/registries", { token: owner.token, body: { slug: org, name: org } });
    await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: owner.token, body: { email: reader.email } });
    const made = await Promise.all([
      create(org, "in-name", { name: `${word} forms`, description: "Fill in documents", tags: ["pdf"], compat: ["claude-code"] }),
      create(org, "in-tags", { name: "Tagged", description: "Nothing here", tags: [word, "office"], compat: ["cursor"] }),
      create(org, "in-description", { name: "Described", description: `Mentions ${word} once, late in a long description`, compat: ["codex"] }),
      create(org, "unrelated", { name: "Unrelated", description: "Charts and spreadsheets", tags: ["office"] }),
      create(owner.username, "private-match", { name: `${word} private`, description: "Only the owner sees this" }),
    ]);
    expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  });

  it("ranks name matches above tag matches above description matches", async () => {
    const res = await search(owner, `q=${word}`);
    expect(res.status).toBe(200);
    const order = slugs(res);
    // The two name matches tie on rank and are ordered by registry/slug.
    expect(order.slice(0, 2).sort()).toEqual(["in-name", "private-match"]);
    expect(order.slice(2)).toEqual(["in-tags", "in-description"]);
    expect(res.body.results[0]).toEqual(expect.objectContaining({ registry: expect.any(String), version: "1.0.0", tags: expect.any(Array) }));
    expect(res.body.next_cursor).toBeNull();
  });

  it("shows only registries the caller belongs to", async () => {
    expect(slugs(await search(reader, `q=${word}`)).sort()).toEqual(["in-description", "in-name", "in-tags"]);
    expect(slugs(await search(outsider, `q=${word}`))).toEqual([]);
  });

  it("filters by tags and compat with array overlap, with or without a query", async () => {
    expect(slugs(await search(reader, `q=${word}&tags=office,nothing`))).toEqual(["in-tags"]);
    expect(slugs(await search(reader, `q=${word}&compat=codex,claude-code`)).sort()).toEqual(["in-description", "in-name"]);
    const tagged = await call(apiUrl, "GET", `/registries/${org}/skills?tags=office`, { token: reader.token });
    expect(slugs(tagged)).toEqual(["in-tags", "unrelated"]);
  });

  it("understands websearch syntax: exclusions and phrases", async () => {
    expect(slugs(await search(reader, `q=${encodeURIComponent(`${word} -forms`)}`)).sort()).toEqual(["in-description", "in-tags"]);
    expect(slugs(await search(reader, `q=${encodeURIComponent(`"late in a long" ${word}`)}`))).toEqual(["in-description"]);
    const stopWords = await search(reader, "q=the");
    expect(stopWords.status).toBe(200);
    expect(stopWords.body.results).toEqual([]);
  });

  it("pages with limit and next_cursor, in the same order as one page, without repeats", async () => {
    const all = slugs(await search(owner, `q=${word}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { results: { slug: string }[]; next_cursor: string | null } } = await search(
        owner, `q=${word}&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.results.length).toBeLessThanOrEqual(1);
      seen.push(...slugs(page));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const listed = await call(apiUrl, "GET", `/registries/${org}/skills?limit=3`, { token: reader.token });
    expect(listed.body.skills).toHaveLength(3);
    const rest = await call(apiUrl, "GET", `/registries/${org}/skills?limit=3&cursor=${listed.body.next_cursor}`, { token: reader.token });
    expect([...slugs(listed), ...slugs(rest)]).toEqual(["in-description", "in-name", "in-tags", "unrelated"]);
    expect(rest.body.next_cursor).toBeNull();
  });

  it("the search filter of a registry's list is the same ranked search, limited to that registry", async () => {
    const res = await call(apiUrl, "GET", `/registries/${org}/skills?search=${word}`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(slugs(res)).toEqual(["in-name", "in-tags", "in-description"]);
  });

  it("follows metadata updates: a new description is searchable at once", async () => {
    const fresh = `zq${randomBytes(4).toString("hex")}`;
    expect(slugs(await search(reader, `q=${fresh}`))).toEqual([]);
    expect((await call(apiUrl, "PUT", `/registries/${org}/skills/unrelated`, { token: owner.token, body: { description: `Now about ${fresh}` } })).status).toBe(200);
    expect(slugs(await search(reader, `q=${fresh}`))).toEqual(["unrelated"]);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=abc", "limit"],
    ["limit=1000", "limit"],
    ["cursor=not-a-cursor", "cursor"],
    [`q=${"x".repeat(201)}`, "q"],
    [`tags=${Array.from({ length: 31 }, (_, i) => `t${i}`).join(",")}`, "tags"],
  ])("answers %s with 422 naming the parameter", async (query, field) => {
    const res = await search(reader, query);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(new RegExp(field));
  });
});
