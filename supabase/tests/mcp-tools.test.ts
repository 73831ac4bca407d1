/**
 * The seven MCP tools (functions/mcp/tools) through the official SDK client over
 * Streamable HTTP, on the embedded PGlite and on a real PostgreSQL server:
 * results as a short text + structuredContent, directory skills and the
 * file paths SKILL.md links with, large binaries named by URI, RLS through every
 * tool, and bad input answered as tool errors.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";
import { callTool, connectMcp, createOrganization, textOf } from "./support/mcp.ts";

const SKILL_MD = (name: string, body: string) => `---\nname: ${name}\ndescription: ${body}\n---\n\n# ${name}\n\n${body}\n`;

describe.each(inject("platforms"))("mcp tools on $name", ({ url, apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let owner: TestUser;
  let admin: TestUser;
  let contributor: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let mcp: Client;
  let org: string;
  const clients: Client[] = [];

  const as = async (user: TestUser) => {
    const client = await connectMcp(url, user.token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    [owner, admin, contributor, member, outsider] = await Promise.all([
      signUp(apiUrl, "owner"), signUp(apiUrl, "admin"), signUp(apiUrl, "contrib"), signUp(apiUrl, "member"), signUp(apiUrl, "outsider"),
    ]);
    org = await createOrganization(sql, admin, [
      { user: contributor, role: "contributor" },
      { user: member, role: "member" },
    ]);
    mcp = await as(owner);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sql.end();
  });

  it("lists the seven tools with descriptions, schemas and annotations", async () => {
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ["create_skill", "get_skill", "list_registries", "list_skills", "report_skill_issue", "search_skills", "update_skill"],
    );
    for (const tool of tools) {
      expect(tool.description!.length).toBeGreaterThan(60);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      const reads = ["list_skills", "get_skill", "search_skills", "list_registries"].includes(tool.name);
      expect(tool.annotations?.readOnlyHint).toBe(reads);
    }
    const create = tools.find((t) => t.name === "create_skill")!;
    // A SKILL.md's frontmatter (else its `# Title`) names the skill, so `name` is optional.
    expect(create.inputSchema.required).toEqual(["registry", "slug", "content"]);
  });

  it("says null as anyOf, never as a type list (the MCP Inspector 2.x warns on type: [string, null])", async () => {
    const { tools } = await mcp.listTools();
    const typeLists: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}[${i}]`));
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if (key === "type" && Array.isArray(value)) typeLists.push(at);
          walk(value, `${at}.${key}`);
        }
      }
    };
    for (const tool of tools) walk({ input: tool.inputSchema, output: tool.outputSchema }, tool.name);
    expect(typeLists).toEqual([]);
    const search = tools.find((t) => t.name === "search_skills")!;
    const result = (search.outputSchema!.properties!.results as { items: { properties: Record<string, unknown> } }).items;
    expect(result.properties.version).toEqual(expect.objectContaining({ anyOf: [expect.objectContaining({ type: "string" }), { type: "null" }] }));
  });

  it("list_registries names the caller's registries and role", async () => {
    const result = await callTool(await as(member), "list_registries");
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      registries: [
        expect.objectContaining({ slug: org, type: "organization", role: "member" }),
        expect.objectContaining({ slug: member.username, type: "personal", role: "admin" }),
      ],
    });
    // The text is a short summary, not the structured result's JSON again.
    expect(textOf(result).split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^- ${org} \\(organization, your role: member\\)`)),
      expect.stringMatching(new RegExp(`^- ${member.username} \\(personal, your role: admin\\)`)),
    ]);
    expect(result.content).toHaveLength(1);
  });

  it("create_skill, then list, search, get and update it", async () => {
    const slug = uniqueName("tide");
    const word = `quokka${slug.slice(-6)}`;
    const created = await callTool(mcp, "create_skill", {
      registry: owner.username,
      slug,
      name: "Tide tables",
      description: `Reads ${word} tide tables`,
      content: SKILL_MD(slug, `Read the ${word} tide tables.`),
      tags: ["sea"],
      compat: ["claude-code"],
    });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toMatchObject({ registry: owner.username, slug, version: "1.0.0" });
    expect(created.structuredContent!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const listed = await callTool(mcp, "list_skills", { registry: owner.username, tags: ["sea"] });
    expect(listed.structuredContent).toEqual({
      // The frontmatter's name and description win over the arguments: the listing follows the file.
      skills: [{ registry: owner.username, slug, name: slug, description: `Read the ${word} tide tables.`, version: "1.0.0", tags: ["sea"], compat: ["claude-code"] }],
      next_cursor: null,
    });
    expect(textOf(listed)).toBe(`- ${owner.username}/${slug}@1.0.0: ${slug}: Read the ${word} tide tables.`);
    const found = await callTool(mcp, "search_skills", { query: word });
    expect((found.structuredContent!.results as { slug: string }[]).map((r) => r.slug)).toEqual([slug]);
    expect(textOf(found)).toBe(`- ${owner.username}/${slug}@1.0.0: ${slug}: Read the ${word} tide tables.`);
    const none = await callTool(mcp, "search_skills", { query: "what is it about" });
    expect(none.structuredContent).toEqual({ results: [], next_cursor: null });
    expect(textOf(none)).toMatch(/^No skill matches/);

    const got = await callTool(mcp, "get_skill", { registry: owner.username, slug });
    expect(got.structuredContent).toMatchObject({ version: "1.0.0", path: "SKILL.md", encoding: "utf-8", content: SKILL_MD(slug, `Read the ${word} tide tables.`) });
    // The model reads SKILL.md itself, under one line naming it; not the JSON.
    expect(textOf(got)).toBe(`${owner.username}/${slug}@1.0.0: SKILL.md (${got.structuredContent!.size} bytes)\n\n${SKILL_MD(slug, `Read the ${word} tide tables.`)}`);

    const updated = await callTool(mcp, "update_skill", {
      registry: owner.username, slug, version: "1.1.0", content: SKILL_MD(slug, "Read the tide tables twice."), changelog: "twice",
    });
    expect(updated.structuredContent).toMatchObject({ version: "1.1.0", previous_version: "1.0.0", files_kept: 0 });
    expect(textOf(updated)).toBe(`Published ${owner.username}/${slug} version 1.1.0 (was 1.0.0); 0 other files kept.`);
    const latest = await callTool(mcp, "get_skill", { registry: owner.username, slug });
    expect(latest.structuredContent).toMatchObject({ version: "1.1.0", content: expect.stringContaining("twice") });
    const old = await callTool(mcp, "get_skill", { registry: owner.username, slug, version: "1.0.0" });
    expect(old.structuredContent).toMatchObject({ version: "1.0.0", content: expect.not.stringContaining("twice") });
  });

  it("directory skills: get_skill lists every file, reads one, and update_skill keeps them", async () => {
    const slug = uniqueName("kit");
    const binary = Buffer.from([0, 255, 1, 254, 2, 253]);
    const files = [
      ...skillFiles(slug, "See references/guide.md and run scripts/run.sh."),
      { path: "references/guide.md", content_base64: Buffer.from("# Guide\n\nStep one.\n").toString("base64"), executable: false },
      { path: "scripts/run.sh", content_base64: Buffer.from("#!/bin/sh\necho hi\n").toString("base64"), executable: true },
      { path: "assets/blob.bin", content_base64: binary.toString("base64"), executable: false },
    ];
    const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, { token: owner.token, body: { slug, name: slug, files } });
    expect(res.status).toBe(201);

    const got = await callTool(mcp, "get_skill", { registry: owner.username, slug });
    expect(got.structuredContent!.files).toEqual([
      { path: "SKILL.md", size: expect.any(Number), executable: false },
      { path: "assets/blob.bin", size: 6, executable: false },
      { path: "references/guide.md", size: 19, executable: false },
      { path: "scripts/run.sh", size: 18, executable: true },
    ]);
    expect(textOf(got)).toMatch(/Other files of the skill \(read one with get_skill and `file`\): assets\/blob\.bin, references\/guide\.md, scripts\/run\.sh\n/);
    // SKILL.md links files as ./references/guide.md: every spelling of that path reads the same file.
    for (const file of ["references/guide.md", "./references/guide.md", "references/./guide.md", "/references/guide.md"]) {
      const guide = await callTool(mcp, "get_skill", { registry: owner.username, slug, file });
      expect(guide.structuredContent, file).toMatchObject({
        path: "references/guide.md", encoding: "utf-8", content: "# Guide\n\nStep one.\n", size: 19, mime_type: "text/markdown",
        sha256: createHash("sha256").update("# Guide\n\nStep one.\n").digest("hex"),
        uri: `skill://${owner.username}/1.0.0/${slug}/references/guide.md`,
      });
    }
    const blob = await callTool(mcp, "get_skill", { registry: owner.username, slug, file: "assets/blob.bin" });
    expect(blob.structuredContent).toMatchObject({ encoding: "base64", content: binary.toString("base64") });
    const outside = await callTool(mcp, "get_skill", { registry: owner.username, slug, file: "../kit/SKILL.md" });
    expect(textOf(outside)).toMatch(/^NOT_FOUND: File '\.\.\/kit\/SKILL\.md'/);
    const missing = await callTool(mcp, "get_skill", { registry: owner.username, slug, file: "nope.md" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^NOT_FOUND: File 'nope.md'/);

    // The kept files are named by sha256, not re-sent: their bytes are not uploaded again (an upload would renew these rows).
    const kept = files.slice(1).map((f) => createHash("sha256").update(Buffer.from(f.content_base64, "base64")).digest("hex"));
    await sql`update blob_uploads set created_at = now() - interval '1 hour' where user_id = ${owner.id} and sha256 in ${sql(kept)}`;
    const updated = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "1.0.1", content: SKILL_MD(slug, "New words.") });
    expect(updated.structuredContent).toMatchObject({ files_kept: 3 });
    const renewed = await sql`select 1 from blob_uploads where user_id = ${owner.id} and sha256 in ${sql(kept)} and created_at > now() - interval '1 minute'`;
    expect(renewed.count).toBe(0);
    const after = await callTool(mcp, "get_skill", { registry: owner.username, slug, file: "scripts/run.sh" });
    expect(after.structuredContent).toMatchObject({ version: "1.0.1", content: "#!/bin/sh\necho hi\n" });
    expect((after.structuredContent!.files as { path: string; executable: boolean }[]).find((f) => f.path === "scripts/run.sh")!.executable).toBe(true);
  });

  it("get_skill describes a binary file over 64 KiB with its URI instead of inlining it, and resources/read returns its bytes", async () => {
    const slug = uniqueName("media");
    const big = randomBytes(100 * 1024);
    const icon = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200)]);
    const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
      token: owner.token,
      body: {
        slug, name: slug, files: [
          ...skillFiles(slug, "Use ./assets/clip.bin and ./assets/icon.png."),
          { path: "assets/clip.bin", content_base64: big.toString("base64"), executable: false },
          { path: "assets/icon.png", content_base64: icon.toString("base64"), executable: false },
        ],
      },
    });
    expect(res.status).toBe(201);

    const uri = `skill://${owner.username}/1.0.0/${slug}/assets/clip.bin`;
    const clip = await callTool(mcp, "get_skill", { registry: owner.username, slug, file: "./assets/clip.bin" });
    expect(clip.isError).toBeFalsy();
    expect(clip.structuredContent).toEqual(expect.objectContaining({
      path: "assets/clip.bin", size: big.length, sha256: createHash("sha256").update(big).digest("hex"),
      mime_type: "application/octet-stream", uri,
    }));
    expect(clip.structuredContent).not.toHaveProperty("content");
    expect(clip.structuredContent).not.toHaveProperty("encoding");
    expect(JSON.stringify(clip).length).toBeLessThan(4096);
    expect(clip.content).toEqual([
      { type: "text", text: expect.stringContaining(`read it from ${uri}`) },
      { type: "resource_link", uri, name: "assets/clip.bin", mimeType: "application/octet-stream", size: big.length },
    ]);
    const read = await mcp.readResource({ uri });
    expect(Buffer.from((read.contents[0] as { blob: string }).blob, "base64").equals(big)).toBe(true);

    // A small image is inlined, and shown to the client as an image.
    const png = await callTool(mcp, "get_skill", { registry: owner.username, slug, file: "assets/icon.png" });
    expect(png.structuredContent).toMatchObject({ encoding: "base64", content: icon.toString("base64"), mime_type: "image/png" });
    expect(png.content[1]).toEqual({ type: "image", data: icon.toString("base64"), mimeType: "image/png" });
  });

  it("list_skills and search_skills page with the API's cursors", async () => {
    const client = await as(await signUp(apiUrl, "pager"));
    const me = ((await callTool(client, "list_registries")).structuredContent!.registries as { slug: string }[])[0]!.slug;
    for (const slug of ["page-a", "page-b", "page-c"]) {
      await callTool(client, "create_skill", { registry: me, slug, name: slug, content: SKILL_MD(slug, "paged wombat") });
    }
    const first = await callTool(client, "list_skills", { registry: me, limit: 2 });
    expect((first.structuredContent!.skills as { slug: string }[]).map((s) => s.slug)).toEqual(["page-a", "page-b"]);
    const rest = await callTool(client, "list_skills", { registry: me, limit: 2, cursor: first.structuredContent!.next_cursor });
    expect(rest.structuredContent).toEqual({ skills: [expect.objectContaining({ slug: "page-c" })], next_cursor: null });
    const searched = await callTool(client, "search_skills", { query: "wombat", limit: 1 });
    expect(searched.structuredContent!.results).toHaveLength(1);
    expect(searched.structuredContent!.next_cursor).toEqual(expect.any(String));
    const bad = await callTool(client, "list_skills", { cursor: "not-a-cursor" });
    expect(textOf(bad)).toMatch(/^VALIDATION_ERROR: cursor is not one this API returned/);
  });

  describe("access control through the tools", () => {
    let orgSkill: string;

    beforeAll(async () => {
      orgSkill = uniqueName("shared");
      const created = await callTool(await as(contributor), "create_skill", {
        registry: org, slug: orgSkill, name: "Shared", description: "Team skill", content: SKILL_MD(orgSkill, "Team rules."),
      });
      expect(created.isError).toBeFalsy();
    });

    it("a member reads the organization's skills but cannot create or update them", async () => {
      const client = await as(member);
      const listed = await callTool(client, "list_skills", { registry: org });
      expect((listed.structuredContent!.skills as { slug: string }[]).map((s) => s.slug)).toEqual([orgSkill]);
      const update = await callTool(client, "update_skill", { registry: org, slug: orgSkill, version: "2.0.0", content: "# hijack" });
      expect(update.isError).toBe(true);
      expect(textOf(update)).toMatch(/^FORBIDDEN: You don't have write access/);
      const create = await callTool(client, "create_skill", { registry: org, slug: uniqueName("x"), name: "x", content: "# x" });
      expect(create.isError).toBe(true);
      expect(textOf(create)).toMatch(/^FORBIDDEN: Only contributors and admins/);
      const latest = await callTool(client, "get_skill", { registry: org, slug: orgSkill });
      expect(latest.structuredContent).toMatchObject({ version: "1.0.0" });
    });

    it("an admin updates a contributor's skill; a taken slug is a conflict", async () => {
      const client = await as(admin);
      const update = await callTool(client, "update_skill", { registry: org, slug: orgSkill, version: "1.0.1", content: SKILL_MD(orgSkill, "Fixed.") });
      expect(update.isError).toBeFalsy();
      const again = await callTool(client, "create_skill", { registry: org, slug: orgSkill, name: "dup", content: "# dup" });
      expect(textOf(again)).toMatch(/^CONFLICT: A skill named/);
    });

    it("a non-member sees nothing of a private registry", async () => {
      const client = await as(outsider);
      for (const [tool, args] of [
        ["list_skills", { registry: org }],
        ["get_skill", { registry: org, slug: orgSkill }],
        ["update_skill", { registry: org, slug: orgSkill, version: "9.0.0", content: "# x" }],
        ["report_skill_issue", { registry: org, slug: orgSkill, issue: "probe" }],
      ] as const) {
        const result = await callTool(client, tool, args);
        expect(result.isError, tool).toBe(true);
        expect(textOf(result), tool).toMatch(/^NOT_FOUND: Registry '.*' not found$/);
      }
      const everything = await callTool(client, "list_skills");
      expect(everything.structuredContent).toEqual({ skills: [], next_cursor: null });
      const search = await callTool(client, "search_skills", { query: "Team skill" });
      expect(search.structuredContent).toEqual({ results: [], next_cursor: null });
    });
  });

  describe("bad input comes back as tool errors naming the problem", () => {
    const cases: [string, string, Record<string, unknown>, RegExp][] = [
      ["unknown tool", "delete_everything", {}, /Tool delete_everything not found/],
      ["missing required argument", "get_skill", { registry: "someone" }, /slug/],
      ["wrong argument type", "list_skills", { tags: "not-an-array" }, /tags/],
      ["bad slug", "get_skill", { registry: "someone", slug: "Not A Slug" }, /skill slug must be/],
      ["over-long content", "create_skill", { registry: "someone", slug: "big", name: "big", content: "x".repeat(1_000_001) }, /content/],
      ["over-long issue", "report_skill_issue", { registry: "someone", slug: "big", issue: "x".repeat(10_001) }, /issue/],
    ];
    it.each(cases)("%s", async (_label, tool, args, message) => {
      const result = await callTool(mcp, tool, args);
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(message);
    });

    it("invalid semver and a version not above the latest", async () => {
      const slug = uniqueName("ver");
      await callTool(mcp, "create_skill", { registry: owner.username, slug, name: slug, content: SKILL_MD(slug, "v"), version: "2.0.0" });
      const invalid = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "2.1", content: "# v" });
      expect(textOf(invalid)).toBe("VALIDATION_ERROR: Version '2.1' is not valid semver (MAJOR.MINOR.PATCH, e.g. 1.0.0)");
      const lower = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "1.9.9", content: "# v" });
      expect(textOf(lower)).toBe("CONFLICT: Version 1.9.9 is not greater than the latest version 2.0.0");
      const badCreate = await callTool(mcp, "create_skill", { registry: owner.username, slug: uniqueName("v"), name: "v", content: "# v", version: "one" });
      expect(textOf(badCreate)).toMatch(/^VALIDATION_ERROR: Version 'one' is not valid semver/);
    });
  });
});
