/**
 * The pure parts of the MCP Skills extension (functions/mcp/skills): the
 * `skill://` addresses, the user- and listing-bound cursors, which SKILL.md
 * frontmatter makes a skill entry, how pages are cut, a directory's
 * children, and reads answered as text only when the bytes survive it.
 */
import { describe, expect, it } from "vitest";
import type { CatalogSkill } from "../../functions/_shared/domain/skill-catalog.ts";
import { decodeListCursor, encodeListCursor } from "../../functions/mcp/skills/cursor.ts";
import { directoryChildren } from "../../functions/mcp/skills/directory.ts";
import { conformingFrontmatter, skillEntry } from "../../functions/mcp/skills/entries.ts";
import { mimeTypeOf } from "../../functions/mcp/skills/mime.ts";
import { cutPage, PAGE_FILES, PAGE_SKILLS } from "../../functions/mcp/skills/pages.ts";
import { textOf } from "../../functions/mcp/skills/read.ts";
import { parseRegistryUri, parseSkillUri, skillMdUri, skillPathUri } from "../../functions/mcp/skills/uri.ts";

const latest = { registry: "acme", slug: "refunds", version: null };

const skill = (over: Partial<CatalogSkill> = {}): CatalogSkill => ({
  registry: "acme",
  slug: "refunds",
  version: "1.2.0",
  isLatest: true,
  skillMdHead: "---\nname: refunds\ndescription: Process refunds\nlicense: MIT\nmetadata:\n  owner: billing\n---\n\n# Refunds\n",
  files: [
    { path: "SKILL.md", sha256: "a".repeat(64), size: 80 },
    { path: "references/policy.md", sha256: "b".repeat(64), size: 12 },
    { path: "references/regional/eu.md", sha256: "c".repeat(64), size: 5 },
    { path: "scripts/run.sh", sha256: "d".repeat(64), size: 9 },
  ],
  ...over,
});

describe("skill:// addresses", () => {
  it("reads the latest, pinned and root forms", () => {
    expect(parseSkillUri("skill://acme/refunds/SKILL.md")).toEqual({ skill: latest, path: "SKILL.md" });
    expect(parseSkillUri("skill://acme/1.2.0-rc.1/refunds/references/policy.md")).toEqual({
      skill: { ...latest, version: "1.2.0-rc.1" }, path: "references/policy.md",
    });
    expect(parseSkillUri("skill://acme/refunds")).toEqual({ skill: latest, path: "" });
    expect(parseRegistryUri("skill://acme")).toBe("acme");
    expect(parseRegistryUri("skill://acme/refunds")).toBeNull();
  });

  it("writes file paths percent-encoded per segment and reads them back", () => {
    const path = "assets/a b/ünïcode#1?.md";
    const uri = skillPathUri({ ...latest, version: "2.0.0" }, path);
    expect(uri).toBe("skill://acme/2.0.0/refunds/assets/a%20b/%C3%BCn%C3%AFcode%231%3F.md");
    expect(parseSkillUri(uri)).toEqual({ skill: { ...latest, version: "2.0.0" }, path });
    expect(skillMdUri(latest)).toBe("skill://acme/refunds/SKILL.md");
  });

  it("refuses what no stored skill file can be", () => {
    for (const uri of [
      "file://acme/refunds/SKILL.md", "skill://", "skill://Acme/refunds/SKILL.md", "skill://acme", "skill://acme/",
      "skill://acme/refunds/", "skill://acme/refunds//SKILL.md", "skill://acme/refunds/./SKILL.md",
      "skill://acme/refunds/%2E%2E/x", "skill://acme/refunds/a%2Fb", "skill://acme/refunds/%E0%A4", "skill://acme/refunds/a%00",
      "skill://acme/refunds/a%0Ab", "skill://acme/refunds/SKILL.md?x", "skill://acme/refunds/SKILL.md#x", "skill://acme/1.2/refunds/SKILL.md",
      "skill://acme/v1.2.0/refunds/SKILL.md", "skill://acme/1.2.0", "skill://acme/-refunds/SKILL.md", "skill://acme/refunds/\ud800",
    ]) {
      expect(parseSkillUri(uri), uri).toBeNull();
    }
  });
});

describe("list cursors", () => {
  it("continue only the listing and the user they were issued for", () => {
    const cursor = encodeListCursor("skills/list", "user-1", { registry: "acme", slug: "refunds" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain("user-1");
    expect(decodeListCursor("skills/list", "user-1", cursor)).toEqual({ registry: "acme", slug: "refunds" });
    expect(decodeListCursor("skills/list", "user-2", cursor)).toBeNull();
    expect(decodeListCursor("resources/list", "user-1", cursor)).toBeNull();
    for (const junk of ["", "!!!", btoa("[]"), btoa('[1,"skills/list"]'), btoa("null")]) {
      expect(decodeListCursor("skills/list", "user-1", junk), junk).toBeNull();
    }
  });
});

describe("skill entries", () => {
  it("carry the frontmatter as written and every file with its digest and size", () => {
    expect(skillEntry(skill(), false)).toEqual({
      uri: "skill://acme/refunds/SKILL.md",
      frontmatter: { name: "refunds", description: "Process refunds", license: "MIT", metadata: { owner: "billing" } },
      resources: [
        { uri: "skill://acme/refunds/SKILL.md", digest: `sha256:${"a".repeat(64)}`, size: 80 },
        { uri: "skill://acme/refunds/references/policy.md", digest: `sha256:${"b".repeat(64)}`, size: 12 },
        { uri: "skill://acme/refunds/references/regional/eu.md", digest: `sha256:${"c".repeat(64)}`, size: 5 },
        { uri: "skill://acme/refunds/scripts/run.sh", digest: `sha256:${"d".repeat(64)}`, size: 9 },
      ],
    });
    expect(skillEntry(skill(), true)!.uri).toBe("skill://acme/1.2.0/refunds/SKILL.md");
  });

  it("exist only for a frontmatter whose name is the slug and whose description fits Agent Skills", () => {
    const withMd = (content: string) => conformingFrontmatter(skill({ skillMdHead: content }));
    expect(withMd("# Refunds\n")).toBeNull();
    expect(withMd("---\nname: refunds\n---\n")).toBeNull();
    expect(withMd("---\nname: refunds\ndescription: '  '\n---\n")).toBeNull();
    expect(withMd("---\nname: other\ndescription: x\n---\n")).toBeNull();
    expect(withMd("---\nname: refunds\ndescription: [x]\n---\n")).toBeNull();
    expect(withMd(`---\nname: refunds\ndescription: ${"x".repeat(1025)}\n---\n`)).toBeNull();
    expect(withMd("---\nname: refunds\ndescription: x\nlimit: .inf\n---\n")).toBeNull();
    expect(withMd("---\nname: refunds\ndescription: [unclosed\n---\n")).toBeNull();
    expect(withMd(`---\nname: refunds\ndescription: ${"é".repeat(1024)}\n---\n`)).toMatchObject({ name: "refunds" });
    expect(withMd("\uFEFF---\r\nname: refunds\r\ndescription: x\r\nversion: 2\r\n---\r\n")).toEqual({ name: "refunds", description: "x", version: 2 });
  });
});

describe("pages", () => {
  const many = (count: number, files: number) =>
    Array.from({ length: count }, (_, i) => skill({ slug: `s${i}`, files: Array.from({ length: files }, (_, j) => ({ path: `f${j}`, sha256: "a".repeat(64), size: 1 })) }));

  it("hold a fixed number of skills, fewer when their files would be too many, and at least one", () => {
    expect(cutPage(many(PAGE_SKILLS + 1, 1))).toMatchObject({ page: { length: PAGE_SKILLS }, more: true });
    expect(cutPage(many(PAGE_SKILLS, 1))).toMatchObject({ page: { length: PAGE_SKILLS }, more: false });
    expect(cutPage(many(10, 512))).toMatchObject({ page: { length: Math.floor(PAGE_FILES / 512) }, more: true });
    expect(cutPage(many(2, PAGE_FILES + 1))).toMatchObject({ page: { length: 1 }, more: true });
    expect(cutPage([])).toEqual({ page: [], more: false });
  });
});

describe("directories", () => {
  it("list direct children, files with metadata and folders as inode/directory", () => {
    expect(directoryChildren(skill(), latest, "")).toEqual([
      { uri: "skill://acme/refunds/SKILL.md", name: "refunds", description: "Process refunds", mimeType: "text/markdown", size: 80 },
      { uri: "skill://acme/refunds/references", name: "references", mimeType: "inode/directory" },
      { uri: "skill://acme/refunds/scripts", name: "scripts", mimeType: "inode/directory" },
    ]);
    expect(directoryChildren(skill(), latest, "references")).toEqual([
      { uri: "skill://acme/refunds/references/policy.md", name: "policy.md", mimeType: "text/markdown", size: 12 },
      { uri: "skill://acme/refunds/references/regional", name: "regional", mimeType: "inode/directory" },
    ]);
    expect(directoryChildren(skill(), latest, "refer")).toBeNull();
    expect(directoryChildren(skill(), latest, "scripts/run.sh")).toBeNull();
  });
});

describe("reads", () => {
  it("are text exactly when the bytes are UTF-8 without NUL, byte-order mark kept", () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, 0x68, 0x69]);
    expect(Buffer.from(textOf(bom)!, "utf8").equals(Buffer.from(bom))).toBe(true);
    expect(textOf(Uint8Array.from([0x68, 0x00, 0x69]))).toBeNull();
    expect(textOf(Uint8Array.from([0xff, 0xfe]))).toBeNull();
    expect(textOf(new TextEncoder().encode("# Ünïcode\r\n"))).toBe("# Ünïcode\r\n");
  });

  it("name a MIME type from the file name alone", () => {
    expect(mimeTypeOf("SKILL.md")).toBe("text/markdown");
    expect(mimeTypeOf("scripts/x.PY")).toBe("text/x-python");
    expect(mimeTypeOf("fonts/a.ttf")).toBe("font/ttf");
    expect(mimeTypeOf("LICENSE")).toBe("text/plain");
    expect(mimeTypeOf(".gitignore")).toBe("application/octet-stream");
    expect(mimeTypeOf("data.bin")).toBe("application/octet-stream");
  });
});
