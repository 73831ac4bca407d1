/**
 * One SKILL.md rule for the API and the MCP tools, on both databases: a folder
 * an agent cannot load is refused (422 VALIDATION_ERROR, or a tool error)
 * and nothing is stored; what only a limit or the format's frontmatter
 * objects to is published with `warnings`; and the skill's listing follows
 * the frontmatter's name and description, else keeps its record.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NO_FRONTMATTER_WARNING } from "../functions/_shared/skill-md.ts";
import { call, signUp, uniqueName, type TestUser } from "./support/api.ts";
import { callTool, connectMcp, textOf } from "./support/mcp.ts";

const file = (path: string, text: string) => ({ path, content_base64: Buffer.from(text).toString("base64"), executable: false });
const withFrontmatter = (name: string, description: string, body = "# Tide tables\n\nRead them.\n") =>
  `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}`;
const PLAIN = "# Tide Tables\n\nReads the tide tables of a harbour.\nUse it before sailing.\n\n## Steps\n\nLook.\n";

describe.each(inject("platforms"))("the SKILL.md rule on $name", ({ url, apiUrl }) => {
  let owner: TestUser;
  let mcp: Client;
  const skills = () => `/registries/${owner.username}/skills`;
  const create = (slug: string, text: string, extra: Record<string, unknown> = {}) =>
    call(apiUrl, "POST", skills(), { token: owner.token, body: { slug, name: "Given name", files: [file("SKILL.md", text)], ...extra } });
  const publish = (slug: string, version: string, text: string) =>
    call(apiUrl, "POST", `${skills()}/${slug}/versions`, { token: owner.token, body: { version, files: [file("SKILL.md", text)] } });
  /** The skill as the registry's listing shows it, or undefined. */
  const listed = async (slug: string) => {
    const res = await call(apiUrl, "GET", skills(), { token: owner.token });
    return (res.body.skills as { slug: string; name: string; description: string | null; version: string }[]).find((s) => s.slug === slug);
  };

  beforeAll(async () => {
    owner = await signUp(apiUrl, "rule");
    mcp = await connectMcp(url, owner.token);
  });
  afterAll(() => mcp.close());

  describe("API", () => {
    it.each([
      ["a frontmatter name that is not the slug", () => withFrontmatter("other-name", "d"), 'must equal the skill\'s folder name and slug'],
      ["frontmatter that is not YAML", () => "---\nname: [\n---\n# T\n", "frontmatter is not valid YAML"],
      ["a description that is not a string", (slug: string) => `---\nname: ${slug}\ndescription: [a]\n---\n# T\n`, "`description` must be a string"],
    ])("refuses %s with 422 VALIDATION_ERROR and stores nothing", async (_what, text, message) => {
      const slug = uniqueName("bad");
      const res = await create(slug, text(slug));
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe("VALIDATION_ERROR");
      expect(res.body.error.message).toContain(message);
      expect(await listed(slug)).toBeUndefined();
    });

    it("refuses a top-level meta.yaml, the file sync generates, naming it", async () => {
      const slug = uniqueName("meta");
      const res = call(apiUrl, "POST", skills(), {
        token: owner.token,
        body: { slug, name: slug, files: [file("SKILL.md", withFrontmatter(slug, "d")), file("meta.yaml", "version: 1.0.0\n")] },
      });
      expect((await res).status).toBe(422);
      expect((await res).body.error.message).toContain('a published skill folder cannot hold a top-level "meta.yaml"');
    });

    it("publishes a plain `# Title` skill with one warning; the request's name, else the markdown, names it", async () => {
      const slug = uniqueName("plain");
      const res = await create(slug, PLAIN);
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([NO_FRONTMATTER_WARNING]);
      expect(res.body.skill).toMatchObject({ name: "Given name", description: "Reads the tide tables of a harbour. Use it before sailing." });
      expect(await listed(slug)).toMatchObject({ name: "Given name", description: "Reads the tide tables of a harbour. Use it before sailing." });

      // A later version without frontmatter keeps the record as it is.
      const next = await publish(slug, "1.0.1", PLAIN.replace("Look.", "Look twice."));
      expect(next.status).toBe(201);
      expect(next.body.warnings).toEqual([NO_FRONTMATTER_WARNING]);
      expect(await listed(slug)).toMatchObject({ name: "Given name", version: "1.0.1" });
    });

    it("takes name and description from the frontmatter over the request, and follows it on every publish", async () => {
      const slug = uniqueName("front");
      const res = await create(slug, withFrontmatter(slug, "From the file."), { description: "From the request." });
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([]);
      expect(res.body.skill).toMatchObject({ name: slug, description: "From the file." });

      const long = "x".repeat(1100);
      const next = await publish(slug, "1.1.0", withFrontmatter(slug, long));
      expect(next.status).toBe(201);
      expect(next.body.warnings).toEqual(["SKILL.md `description` is 1100 characters, over the Agent Skills limit of 1024; some agents may cut it short."]);
      expect(await listed(slug)).toMatchObject({ name: slug, description: long, version: "1.1.0" });

      const bad = await publish(slug, "1.2.0", withFrontmatter("not-it", "d"));
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe("VALIDATION_ERROR");
      expect(await listed(slug)).toMatchObject({ version: "1.1.0", description: long });
    });
  });

  describe("MCP", () => {
    it("create_skill needs no name: a plain `# Title` skill is named by it, and the result says the warning once", async () => {
      const slug = uniqueName("mcp-plain");
      const created = await callTool(mcp, "create_skill", { registry: owner.username, slug, content: PLAIN });
      expect(created.isError, textOf(created)).toBeFalsy();
      expect(created.structuredContent).toMatchObject({ slug, name: "Tide Tables", warnings: [NO_FRONTMATTER_WARNING] });
      expect(textOf(created).split("agents that require the Agent Skills frontmatter").length).toBe(2);
      expect(await listed(slug)).toMatchObject({ name: "Tide Tables", description: "Reads the tide tables of a harbour. Use it before sailing." });
    });

    it("create_skill and update_skill take name and description from the frontmatter, so the listing follows the file", async () => {
      const slug = uniqueName("mcp-front");
      const created = await callTool(mcp, "create_skill", {
        registry: owner.username, slug, name: "Tide tables", description: "Argument.", content: withFrontmatter(slug, "First words."),
      });
      expect(created.structuredContent).toMatchObject({ name: slug, warnings: [] });
      expect(await listed(slug)).toMatchObject({ name: slug, description: "First words." });

      const updated = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "1.0.1", content: withFrontmatter(slug, "Second words.") });
      expect(updated.isError, textOf(updated)).toBeFalsy();
      expect(updated.structuredContent).toMatchObject({ version: "1.0.1", warnings: [] });
      expect(await listed(slug)).toMatchObject({ description: "Second words.", version: "1.0.1" });
    });

    it("create_skill and update_skill refuse a SKILL.md an agent cannot load as a tool error", async () => {
      const slug = uniqueName("mcp-bad");
      const create = await callTool(mcp, "create_skill", { registry: owner.username, slug, content: "---\nname: [\n---\n# T\n" });
      expect(create.isError).toBe(true);
      expect(textOf(create)).toMatch(/^VALIDATION_ERROR: .*frontmatter is not valid YAML/);
      expect(await listed(slug)).toBeUndefined();

      expect((await callTool(mcp, "create_skill", { registry: owner.username, slug, content: PLAIN })).isError).toBeFalsy();
      const update = await callTool(mcp, "update_skill", { registry: owner.username, slug, version: "1.0.1", content: withFrontmatter("wrong-name", "d") });
      expect(update.isError).toBe(true);
      expect(textOf(update)).toContain("VALIDATION_ERROR: ");
      expect(textOf(update)).toContain('"wrong-name" must equal');
      expect(await listed(slug)).toMatchObject({ version: "1.0.0" });
    });
  });
});
