/**
 * The MCP Skills extension (io.modelcontextprotocol/skills) through the
 * official SDK client, on the embedded PGlite and on a real PostgreSQL
 * server: the capability, skills/list over pages, skills/get, every file of
 * a real skill read back against its digest and size, directory reads, the
 * ordinary Resources methods, exact versions that stay put, RLS between
 * users, and bad URIs and cursors answered as -32602.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { call, FIXTURES_DIR, folderFiles, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";
import { connectMcp, createOrganization } from "./support/mcp.ts";

const EXTENSION = "io.modelcontextprotocol/skills";
const anyResult = z.looseObject({});

interface Entry {
  uri: string;
  frontmatter: Record<string, unknown>;
  resources: { uri: string; digest: string; size: number }[];
}

const sha256 = (bytes: Buffer) => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

/** The bytes a resources/read content stands for. */
const bytesOf = (content: { text?: string; blob?: string }) =>
  content.text !== undefined ? Buffer.from(content.text, "utf8") : Buffer.from(content.blob!, "base64");

describe.each(inject("platforms"))("mcp skills extension on $name", ({ url, apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  const clients: Client[] = [];
  const as = async (user: TestUser) => {
    const client = await connectMcp(url, user.token);
    clients.push(client);
    return client;
  };
  const request = async (client: Client, method: string, params: Record<string, unknown> = {}) =>
    (await client.request({ method, params }, anyResult)) as Record<string, any>;
  /** The JSON-RPC error code a request fails with (undefined when it succeeds). */
  const errorCode = async (client: Client, method: string, params: Record<string, unknown>) => {
    try {
      await request(client, method, params);
      return undefined;
    } catch (error) {
      return { code: (error as { code?: number }).code, message: (error as Error).message };
    }
  };
  const publish = async (user: TestUser, registry: string, slug: string, files: unknown[]) => {
    const res = await call(apiUrl, "POST", `/registries/${registry}/skills`, { token: user.token, body: { slug, name: slug, files } });
    if (res.status !== 201) throw new Error(`publish ${slug}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const skillMd = (text: string) => [{ path: "SKILL.md", content_base64: Buffer.from(text).toString("base64"), executable: false }];

  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let org: string;
  let mcp: Client;

  beforeAll(async () => {
    [owner, admin, member, outsider] = await Promise.all([
      signUp(apiUrl, "skillhost"), signUp(apiUrl, "orgadmin"), signUp(apiUrl, "orgmember"), signUp(apiUrl, "outsider"),
    ]);
    org = await createOrganization(sql, admin, [{ user: member, role: "member" }]);
    mcp = await as(owner);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sql.end();
  });

  it("declares the extension with directory reads, resources, and no change notifications", async () => {
    const capabilities = mcp.getServerCapabilities()!;
    expect(capabilities.extensions).toEqual({ [EXTENSION]: { directoryRead: true } });
    expect(capabilities.resources).toBeDefined();
    expect(capabilities.resources!.listChanged).toBeFalsy();
    expect(capabilities.tools).toBeDefined();
    expect(capabilities.tools!.listChanged).toBeFalsy();
    const instructions = mcp.getInstructions()!;
    expect(instructions).toContain("skill://<registry>/<slug>/SKILL.md");
    expect(instructions.length).toBeLessThan(1000);
  });

  it("skills/list pages through every conforming skill of the caller, and leaves the others to resources", async () => {
    const lister = await signUp(apiUrl, "lister");
    const client = await as(lister);
    // Two registries: the lister's own (27 skills and 3 that are not skills to the extension), then a team's.
    const team = await createOrganization(sql, admin, [{ user: lister, role: "member" }]);
    const slugs = Array.from({ length: 27 }, (_, i) => `paged-${String(i).padStart(2, "0")}`);
    const teamSlugs = ["team-a", "team-b", "team-c"];
    await Promise.all([
      ...slugs.map((slug) => publish(lister, lister.username, slug, skillFiles(slug))),
      ...teamSlugs.map((slug) => publish(admin, team, slug, skillFiles(slug))),
    ]);
    // Published, but not skills to the extension: no frontmatter, no description, one longer than Agent Skills allows.
    const unlisted = ["long-description", "no-description", "plain-notes"];
    await publish(lister, lister.username, "plain-notes", skillMd("# Plain notes\n\nNo frontmatter here.\n"));
    await publish(lister, lister.username, "no-description", skillMd("---\nname: no-description\n---\n\n# No description\n"));
    await publish(lister, lister.username, "long-description", skillMd(`---\nname: long-description\ndescription: ${"é".repeat(1025)}\n---\n\n# Long\n`));

    const first = await request(client, "skills/list");
    expect(first).toMatchObject({ resultType: "complete", cacheScope: "private", ttlMs: expect.any(Number) });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await request(client, "skills/list", { cursor: first.nextCursor });
    expect(second.nextCursor).toBeUndefined();
    const entries: Entry[] = [...first.skills, ...second.skills];
    expect(first.skills.length).toBeGreaterThan(0);
    expect(second.skills.length).toBeGreaterThan(0);
    expect(entries.map((e) => e.uri)).toEqual([
      ...slugs.map((slug) => `skill://${lister.username}/${slug}/SKILL.md`),
      ...teamSlugs.map((slug) => `skill://${team}/${slug}/SKILL.md`),
    ]);
    const md = Buffer.from(skillFiles("paged-00")[0]!.content_base64, "base64");
    expect(entries[0]).toEqual({
      uri: `skill://${lister.username}/paged-00/SKILL.md`,
      frontmatter: { name: "paged-00", description: "Test skill paged-00" },
      resources: [{ uri: `skill://${lister.username}/paged-00/SKILL.md`, digest: sha256(md), size: md.length }],
    });

    // The others are still ordinary resources, but no skill.
    for (const slug of unlisted) {
      const uri = `skill://${lister.username}/${slug}/SKILL.md`;
      const read = await client.readResource({ uri });
      expect((read.contents[0] as { text: string }).text).toContain("# ");
      expect(await errorCode(client, "skills/get", { uri })).toEqual({ code: -32602, message: expect.stringContaining(`No skill is served at ${uri}`) });
    }
    const listed = [];
    let cursor: string | undefined;
    do {
      const page = await client.listResources(cursor === undefined ? {} : { cursor });
      listed.push(...page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(listed).toContain(`skill://${lister.username}/plain-notes/SKILL.md`);
    expect(listed).toContain(`skill://${lister.username}/paged-26/SKILL.md`);
    expect(listed).toHaveLength(33);

    // The registry's directory pages over its skills' folders in the same order.
    const folders: string[] = [];
    let page = await request(client, "resources/directory/read", { uri: `skill://${lister.username}` });
    folders.push(...page.resources.map((r: { uri: string }) => r.uri));
    expect(page.nextCursor).toEqual(expect.any(String));
    expect(page.resources[0]).toEqual({ uri: `skill://${lister.username}/long-description`, name: "long-description", mimeType: "inode/directory" });
    expect(page.resources.find((r: { name: string }) => r.name === "paged-00")).toMatchObject({ description: "Test skill paged-00" });
    const folderCursor = page.nextCursor;
    page = await request(client, "resources/directory/read", { uri: `skill://${lister.username}`, cursor: folderCursor });
    folders.push(...page.resources.map((r: { uri: string }) => r.uri));
    expect(page.nextCursor).toBeUndefined();
    expect(folders).toEqual([...unlisted.slice(0, 2), ...slugs, "plain-notes"].map((slug) => `skill://${lister.username}/${slug}`));
    expect((await request(client, "resources/directory/read", { uri: `skill://${team}` })).resources.map((r: { name: string }) => r.name)).toEqual(teamSlugs);
    expect(await errorCode(client, "resources/directory/read", { uri: `skill://${team}`, cursor: folderCursor })).toMatchObject({ code: -32602 });

    // A cursor is the caller's own and its listing's own.
    const invalid = { code: -32602, message: expect.stringContaining("Invalid cursor") };
    expect(await errorCode(await as(outsider), "skills/list", { cursor: first.nextCursor })).toEqual(invalid);
    expect(await errorCode(client, "resources/list", { cursor: first.nextCursor })).toEqual(invalid);
    expect(await errorCode(client, "resources/directory/read", { uri: `skill://${lister.username}`, cursor: first.nextCursor })).toEqual(invalid);
    expect(await errorCode(await as(outsider), "resources/directory/read", { uri: `skill://${lister.username}`, cursor: folderCursor })).toEqual(invalid);
    expect(await errorCode(client, "skills/list", { cursor: "bm90LWEtY3Vyc29y" })).toEqual(invalid);
    expect(await errorCode(client, "skills/list", { cursor: "%%%" })).toEqual(invalid);
    expect(await errorCode(client, "skills/list", { cursor: 42 })).toEqual({ code: -32602, message: expect.any(String) });
  });

  it("a real skill: skills/get's entry, and every file read through resources/read matches its digest, size and bytes", async () => {
    const dir = join(FIXTURES_DIR, "theme-factory");
    const files = folderFiles(dir);
    await publish(owner, owner.username, "theme-factory", files);
    const uri = `skill://${owner.username}/theme-factory/SKILL.md`;
    const got = await request(mcp, "skills/get", { uri });
    expect(got).toMatchObject({ resultType: "complete", cacheScope: "private", ttlMs: expect.any(Number) });
    const entry = got.skill as Entry;
    expect(entry.uri).toBe(uri);
    const text = readFileSync(join(dir, "SKILL.md"), "utf8");
    expect(entry.frontmatter).toEqual(parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]!));
    expect(entry.resources.map((r) => r.uri).sort()).toEqual(
      files.map((f) => `skill://${owner.username}/theme-factory/${f.path}`).sort(),
    );
    let binary = 0;
    for (const resource of entry.resources) {
      const local = readFileSync(join(dir, resource.uri.slice(`skill://${owner.username}/theme-factory/`.length)));
      const read = await mcp.readResource({ uri: resource.uri });
      expect(read.contents).toHaveLength(1);
      const content = read.contents[0] as { uri: string; mimeType: string; text?: string; blob?: string };
      expect(content.uri).toBe(resource.uri);
      if (content.blob !== undefined) binary++;
      const bytes = bytesOf(content);
      expect(bytes.length).toBe(resource.size);
      expect(sha256(bytes)).toBe(resource.digest);
      expect(bytes.equals(local)).toBe(true);
    }
    expect(binary).toBe(1);
    const pdf = await mcp.readResource({ uri: `skill://${owner.username}/theme-factory/theme-showcase.pdf` });
    expect(pdf.contents[0]).toMatchObject({ mimeType: "application/pdf", blob: expect.any(String) });
    const md = await mcp.readResource({ uri });
    expect(md.contents[0]).toMatchObject({ mimeType: "text/markdown", text });
  });

  it("resources/directory/read lists a skill's root and subdirectories, and refuses files and absent directories", async () => {
    const root = `skill://${owner.username}/theme-factory`;
    const top = await request(mcp, "resources/directory/read", { uri: root });
    expect(top.resultType).toBe("complete");
    expect(top.nextCursor).toBeUndefined();
    expect(top.resources).toEqual([
      { uri: `${root}/LICENSE.txt`, name: "LICENSE.txt", mimeType: "text/plain", size: expect.any(Number) },
      { uri: `${root}/SKILL.md`, name: "theme-factory", description: expect.stringContaining("Toolkit for styling"), mimeType: "text/markdown", size: expect.any(Number) },
      { uri: `${root}/theme-showcase.pdf`, name: "theme-showcase.pdf", mimeType: "application/pdf", size: 124310 },
      { uri: `${root}/themes`, name: "themes", mimeType: "inode/directory" },
    ]);
    const themes = await request(mcp, "resources/directory/read", { uri: `${root}/themes` });
    expect(themes.resources).toHaveLength(10);
    expect(themes.resources[0]).toEqual({ uri: `${root}/themes/arctic-frost.md`, name: "arctic-frost.md", mimeType: "text/markdown", size: 544 });
    expect(await errorCode(mcp, "resources/directory/read", { uri: `${root}/SKILL.md` })).toEqual({
      code: -32602, message: expect.stringContaining("is not a directory resource"),
    });
    for (const uri of [`${root}/nowhere`, `${root}/themes/arctic-frost.md/x`, `skill://${owner.username}/no-such-skill`]) {
      expect(await errorCode(mcp, "resources/directory/read", { uri }), uri).toEqual({ code: -32602, message: expect.stringContaining("No directory resource") });
    }
    expect(await errorCode(mcp, "resources/directory/read", { uri: root, cursor: "x" })).toMatchObject({ code: -32602 });
  });

  it("resources/templates/list gives the latest and the pinned file address", async () => {
    const { resourceTemplates } = await mcp.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      "skill://{registry}/{slug}/{+path}",
      "skill://{registry}/{version}/{slug}/{+path}",
    ]);
  });

  it("a pinned version's entry and files stay the same after a newer version is published", async () => {
    const slug = uniqueName("pinned");
    await publish(owner, owner.username, slug, skillFiles(slug, "First edition."));
    const pinned = `skill://${owner.username}/1.0.0/${slug}/SKILL.md`;
    const before = await request(mcp, "skills/get", { uri: pinned });
    expect(before.skill.uri).toBe(pinned);
    expect(before.skill.resources.map((r: { uri: string }) => r.uri)).toEqual([pinned]);

    const next = await call(apiUrl, "POST", `/registries/${owner.username}/skills/${slug}/versions`, {
      token: owner.token,
      body: { version: "1.1.0", files: [...skillFiles(slug, "Second edition."), { path: "notes.md", content_base64: Buffer.from("n\n").toString("base64"), executable: false }] },
    });
    expect(next.status).toBe(201);
    const after = await request(mcp, "skills/get", { uri: pinned });
    expect(after.skill).toEqual(before.skill);
    expect(after.ttlMs).toBeGreaterThanOrEqual(before.ttlMs);
    const old = await mcp.readResource({ uri: pinned });
    expect((old.contents[0] as { text: string }).text).toContain("First edition.");
    expect(await errorCode(mcp, "resources/read", { uri: `skill://${owner.username}/1.0.0/${slug}/notes.md` })).toMatchObject({ code: -32602 });

    const latest = await request(mcp, "skills/get", { uri: `skill://${owner.username}/${slug}/SKILL.md` });
    expect(latest.skill.resources.map((r: { uri: string }) => r.uri)).toEqual([
      `skill://${owner.username}/${slug}/SKILL.md`, `skill://${owner.username}/${slug}/notes.md`,
    ]);
    expect(latest.skill.resources[0].digest).not.toBe(before.skill.resources[0].digest);
    const newer = await request(mcp, "skills/get", { uri: `skill://${owner.username}/1.1.0/${slug}/SKILL.md` });
    expect(newer.skill.resources[0].digest).toBe(latest.skill.resources[0].digest);
    expect(await errorCode(mcp, "skills/get", { uri: `skill://${owner.username}/2.0.0/${slug}/SKILL.md` })).toMatchObject({ code: -32602 });
  });

  it("RLS: a private organization's skills are listed to a member and do not exist for anyone else", async () => {
    const slug = uniqueName("secret");
    await publish(admin, org, slug, [...skillFiles(slug), { path: "ref/a.md", content_base64: Buffer.from("a\n").toString("base64"), executable: false }]);
    const uri = `skill://${org}/${slug}/SKILL.md`;

    const memberEntries = (await request(await as(member), "skills/list")).skills as Entry[];
    expect(memberEntries.map((e) => e.uri)).toContain(uri);

    const stranger = await as(outsider);
    const strangerList = await request(stranger, "skills/list");
    expect(strangerList.skills.filter((e: Entry) => e.uri.startsWith(`skill://${org}/`))).toEqual([]);
    expect((await stranger.listResources()).resources.filter((r) => r.uri.startsWith(`skill://${org}/`))).toEqual([]);
    // The same answers as for a skill that was never published.
    const missing = `skill://${org}/never-published/SKILL.md`;
    const hidden = await errorCode(stranger, "skills/get", { uri });
    expect(hidden).toEqual({ code: -32602, message: expect.stringContaining(`No skill is served at ${uri}`) });
    expect((await errorCode(stranger, "skills/get", { uri: missing }))!.message).toBe(hidden!.message.replace(uri, missing));
    for (const [method, target] of [
      ["resources/read", uri], ["resources/read", `skill://${org}/${slug}/ref/a.md`], ["resources/read", `skill://${org}/1.0.0/${slug}/SKILL.md`],
      ["resources/directory/read", `skill://${org}/${slug}`], ["resources/directory/read", `skill://${org}/${slug}/ref`],
      ["resources/directory/read", `skill://${org}`],
    ] as const) {
      expect(await errorCode(stranger, method, { uri: target }), `${method} ${target}`).toMatchObject({ code: -32602 });
    }
    expect((await errorCode(stranger, "resources/directory/read", { uri: `skill://${org}` }))!.message)
      .toBe((await errorCode(stranger, "resources/directory/read", { uri: "skill://no-such-registry" }))!.message.replace("skill://no-such-registry", `skill://${org}`));
    const reader = await as(member);
    expect((await reader.readResource({ uri: `skill://${org}/${slug}/ref/a.md` })).contents[0]).toMatchObject({ text: "a\n" });
    expect((await request(reader, "resources/directory/read", { uri: `skill://${org}` })).resources.map((r: { name: string }) => r.name)).toContain(slug);
    // A registry the caller belongs to that holds no skill yet is an empty directory.
    expect(await request(await as(outsider), "resources/directory/read", { uri: `skill://${outsider.username}` })).toMatchObject({ resources: [] });
  });

  it("answers malformed and foreign URIs, and missing params, with -32602", async () => {
    const reg = owner.username;
    const bad = [
      "", "theme-factory", "https://example.com/SKILL.md", "skill://", `skill://${reg}`, `skill://${reg}/`,
      `skill://${reg}/theme-factory/`, `skill://${reg}/Theme-Factory/SKILL.md`, `skill://UPPER/theme-factory/SKILL.md`,
      `skill://${reg}/theme-factory/../theme-factory/SKILL.md`, `skill://${reg}/theme-factory/./SKILL.md`,
      `skill://${reg}/theme-factory//SKILL.md`, `skill://${reg}/theme-factory/SKILL.md?x=1`, `skill://${reg}/theme-factory/SKILL.md#top`,
      `skill://${reg}/theme-factory/%ZZ`, `skill://${reg}/theme-factory/a%00b`, `skill://${reg}/theme-factory/%2e%2e/x`,
      `skill://${reg}/1.0/theme-factory/SKILL.md`, `skill://${reg}/01.0.0/theme-factory/SKILL.md`, `skill://user:pw@${reg}/x/SKILL.md`,
      `skill://${reg}/theme-factory/themes`, `skill://${reg}/theme-factory/${"a/".repeat(400)}SKILL.md`, "skill://x/\ud800/SKILL.md",
    ];
    for (const uri of bad) {
      for (const method of ["skills/get", "resources/read"]) {
        expect(await errorCode(mcp, method, { uri }), `${method} ${uri}`).toMatchObject({ code: -32602 });
      }
    }
    // A directory, though no file: the skill's folder, and the registry's.
    for (const uri of bad.filter((u) => !u.endsWith("/themes") && u !== `skill://${reg}`)) {
      expect(await errorCode(mcp, "resources/directory/read", { uri }), uri).toMatchObject({ code: -32602 });
    }
    // skills/get names a skill by its SKILL.md only.
    for (const uri of [`skill://${reg}/theme-factory`, `skill://${reg}/theme-factory/LICENSE.txt`]) {
      expect(await errorCode(mcp, "skills/get", { uri }), uri).toMatchObject({ code: -32602 });
    }
    for (const method of ["skills/get", "resources/read", "resources/directory/read"]) {
      expect(await errorCode(mcp, method, {}), method).toMatchObject({ code: -32602 });
      expect(await errorCode(mcp, method, { uri: 7 }), method).toMatchObject({ code: -32602 });
    }
  });
});
