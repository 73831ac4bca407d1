import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFrontmatter, splitList } from "../src/lib/skill/frontmatter.ts";
import { FIXTURES } from "./helpers/fs.ts";

describe("SKILL.md frontmatter", () => {
  it.each(readdirSync(FIXTURES))("reads name and description of the real skill %s", (name) => {
    const text = readFileSync(join(FIXTURES, name, "SKILL.md"), "utf8");
    const front = parseFrontmatter(text);
    expect(front.name).toBe(name);
    expect(front.description!.length).toBeGreaterThan(20);
    expect(text.endsWith(front.body)).toBe(true);
    expect(front.body.startsWith("---")).toBe(false);
  });

  it("reads a multi-line block description and the license", () => {
    const front = parseFrontmatter(readFileSync(join(FIXTURES, "claude-api", "SKILL.md"), "utf8"));
    expect(front.description).toMatch(/^Reference for the Claude API[\s\S]*\nSKIP only when/);
    expect(front.license).toBe("Complete terms in LICENSE.txt");
  });

  it("reads metadata as strings and splits tags and compat", () => {
    const front = parseFrontmatter("---\nname: x\ndescription: d\nmetadata:\n  tags: supabase, backend ,\n  compat: claude-code\n  level: 2\n---\n# X\n");
    expect(front.metadata).toEqual({ tags: "supabase, backend ,", compat: "claude-code", level: "2" });
    expect(splitList(front.metadata.tags)).toEqual(["supabase", "backend"]);
    expect(splitList(undefined)).toEqual([]);
    expect(front.body).toBe("# X\n");
  });

  it("reads an empty block and does not end the block inside a value", () => {
    expect(parseFrontmatter("---\n---\nbody")).toEqual({ metadata: {}, body: "body" });
    expect(parseFrontmatter("---\ndescription: a ---\nname: x\n---\n").name).toBe("x");
  });

  it("gives no fields without a frontmatter block", () => {
    expect(parseFrontmatter("# Title\n")).toEqual({ metadata: {}, body: "# Title\n" });
  });

  it("reads a BOM and CRLF line endings", () => {
    expect(parseFrontmatter("\uFEFF---\r\nname: x\r\ndescription: d\r\n---\r\n# X\r\n")).toEqual({ name: "x", description: "d", metadata: {}, body: "# X\r\n" });
  });

  it("rejects invalid YAML, a block never closed and wrongly typed fields", () => {
    expect(() => parseFrontmatter("---\nname: [\n---\n")).toThrow(/not valid YAML/);
    expect(() => parseFrontmatter("---\nname: x\n# X\n")).toThrow(/never closes it/);
    expect(() => parseFrontmatter("---\nname: [a]\n---\n")).toThrow(/`name` must be a string/);
    expect(() => parseFrontmatter("---\nmetadata: [a]\n---\n")).toThrow(/`metadata` must be a mapping/);
  });
});
