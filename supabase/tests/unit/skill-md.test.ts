import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderPathProblem } from "../../functions/_shared/folder-paths.ts";
import {
  addFrontmatter,
  checkSkillFolder,
  NO_FRONTMATTER_WARNING,
  parseSkillMd,
  skillIdentity,
  type SkillMd,
} from "../../functions/_shared/skill-md.ts";
import { FIXTURES_DIR as FIXTURES, folderFiles } from "../support/api.ts";

const check = (slug: string, text: string, paths: string[] = ["SKILL.md"]) => checkSkillFolder(slug, { paths, skillMd: text });
const parsed = (text: string) => parseSkillMd(text) as SkillMd;
const plain = "# PDF Tools\n\nFill, merge and split PDF files.\nUse it for forms.\n\n## Steps\n\nRun it.\n";

describe("checkSkillFolder: errors stop an agent from loading a skill, warnings do not", () => {
  it("finds no error in any real skill; claude-api's 1068-character description is a warning", () => {
    for (const name of readdirSync(FIXTURES)) {
      const files = folderFiles(join(FIXTURES, name));
      const report = checkSkillFolder(name, { paths: files.map((f) => f.path), skillMd: readFileSync(join(FIXTURES, name, "SKILL.md")) });
      expect(report.errors, name).toEqual([]);
      if (name === "claude-api") expect(report.warnings).toContain("SKILL.md `description` is 1068 characters, over the Agent Skills limit of 1024; some agents may cut it short.");
    }
  });

  it("accepts plain markdown with one warning that agents requiring frontmatter will not load it", () => {
    expect(check("pdf-tools", plain)).toEqual({ errors: [], warnings: [NO_FRONTMATTER_WARNING] });
    expect(check("pdf-tools", "Just text.\n").warnings).toEqual([NO_FRONTMATTER_WARNING, "SKILL.md has no `# Title` heading."]);
  });

  it("refuses no SKILL.md, an empty or non-UTF-8 one, and an invalid slug", () => {
    expect(checkSkillFolder("ab", { paths: ["README.md"] }).errors).toEqual(["SKILL.md is missing."]);
    expect(check("ab", " \n\uFEFF").errors).toEqual(["SKILL.md is empty."]);
    expect(checkSkillFolder("ab", { paths: ["SKILL.md"], skillMd: new Uint8Array([0xff, 0xfe, 0x00]) }).errors).toEqual(["SKILL.md is not UTF-8 text."]);
    expect(check("A_b", "# T\n").errors[0]).toContain('"A_b" is not a valid skill slug');
  });

  it("refuses frontmatter that cannot be read: not closed, not YAML, not a mapping, fields of the wrong type", () => {
    expect(check("ab", "---\nname: ab\n# T\n").errors[0]).toContain("never closes it");
    expect(check("ab", "---\nname: [\n---\n# T\n").errors[0]).toContain("not valid YAML");
    expect(check("ab", "---\n- a\n---\n# T\n").errors).toEqual(["SKILL.md frontmatter must be a YAML mapping."]);
    expect(check("ab", "---\nname: ab\ndescription: 12\n---\n# T\n").errors).toEqual(["SKILL.md `description` must be a string."]);
    expect(check("ab", "---\nname: ab\ndescription: d\nmetadata:\n  a: [1]\n---\n# T\n").errors).toEqual(["SKILL.md `metadata.a` must be a string."]);
    expect(check("ab", "---\nname: ab\ndescription: d\nallowed-tools: {a: 1}\n---\n# T\n").errors[0]).toContain("allowed-tools");
  });

  it("refuses a frontmatter name that is invalid or not the slug", () => {
    expect(check("my-skill", "---\nname: other\ndescription: d\n---\n# T\n").errors).toEqual([
      'SKILL.md `name` "other" must equal the skill\'s folder name and slug "my-skill".',
    ]);
    expect(check("my-skill", "---\nname: My--Skill\ndescription: d\n---\n# T\n").errors[0]).toContain("lowercase letters, digits and single hyphens");
  });

  it("warns about limits real skills exceed, unknown fields, a missing name or description and a missing # Title", () => {
    const long = check("ab", `---\nname: ab\ndescription: ${"x".repeat(1025)}\ncompatibility: ${"y".repeat(501)}\nauthor: me\n---\nText.\n`);
    expect(long.errors).toEqual([]);
    expect(long.warnings).toEqual([
      "SKILL.md `description` is 1025 characters, over the Agent Skills limit of 1024; some agents may cut it short.",
      "SKILL.md `compatibility` is 501 characters, over the Agent Skills limit of 500; some agents may cut it short.",
      "SKILL.md frontmatter has the unknown field `author` (put custom fields under `metadata`).",
      "SKILL.md has no `# Title` heading.",
    ]);
    expect(check("ab", "---\nlicense: MIT\n---\n# T\n").warnings).toEqual([
      "SKILL.md frontmatter has no `name`; agents that require the Agent Skills frontmatter will not load it.",
      "SKILL.md frontmatter has no `description`; agents that require the Agent Skills frontmatter will not load it.",
    ]);
  });

  it("reads a BOM and CRLF line endings", () => {
    const text = "\uFEFF---\r\nname: ab\r\ndescription: Does things.\r\n---\r\n# Title\r\n";
    expect(check("ab", text)).toEqual({ errors: [], warnings: [] });
    expect(parsed(text).frontmatter?.description).toBe("Does things.");
  });

  it("refuses the names the CLI generates in an installed folder, at the top level only and in any case", () => {
    expect(check("ab", "# T\n", ["SKILL.md", "meta.yaml"]).errors[0]).toBe(
      '"meta.yaml" is the file `skills sync` writes into every installed skill folder; a published skill folder cannot hold a top-level "meta.yaml". The registry refuses it; rename or remove it to publish.',
    );
    expect(folderPathProblem(["SKILL.md", "Meta.YAML"])).toContain('a top-level "meta.yaml"');
    expect(folderPathProblem(["SKILL.md", ".modified"])).toContain("the marker `skills edit` leaves");
    expect(folderPathProblem(["SKILL.md", "docs/meta.yaml", "docs/.modified"])).toBeNull();
  });
});

describe("parseSkillMd", () => {
  it("reads typed fields, metadata as strings and allowed-tools as a list", () => {
    const md = parsed("---\nname: x\ndescription: >\n  Two\n  lines\nmetadata:\n  level: 2\nallowed-tools: Bash(git status:*) Read\n---\n# X\n");
    expect(md.frontmatter).toMatchObject({ name: "x", description: "Two lines", metadata: { level: "2" }, allowedTools: ["Bash(git status:*)", "Read"] });
    expect(md.body).toBe("# X\n");
    expect(parsed("---\nallowed-tools: [Bash, Read]\n---\n").frontmatter?.allowedTools).toEqual(["Bash", "Read"]);
  });

  it("gives no frontmatter for plain markdown, and an empty one for an empty block", () => {
    expect(parsed(plain)).toEqual({ frontmatter: null, body: plain });
    expect(parsed("---\n---\nbody")).toMatchObject({ frontmatter: { metadata: {}, fields: {} }, body: "body" });
  });
});

describe("skillIdentity: the frontmatter, else the record, else the markdown", () => {
  it("takes name and description from the frontmatter over the record", () => {
    expect(skillIdentity("ab", parsed("---\nname: ab\ndescription: From the file.\n---\n# T\n"), { name: "Old", description: "Old." })).toEqual({
      name: "ab",
      description: "From the file.",
    });
  });

  it("keeps the record's fields for a file without frontmatter, a null description included", () => {
    expect(skillIdentity("pdf-tools", parsed(plain), { name: "PDF", description: null })).toEqual({ name: "PDF", description: null });
  });

  it("derives a new skill's name from the # Title (else the slug) and its description from the first paragraph", () => {
    expect(skillIdentity("pdf-tools", parsed(plain))).toEqual({ name: "PDF Tools", description: "Fill, merge and split PDF files. Use it for forms." });
    expect(skillIdentity("pdf-tools", parsed("```\ncode\n```\n"))).toEqual({ name: "pdf-tools", description: null });
    // A `#` line in a code block is a comment, not the title.
    expect(skillIdentity("pdf-tools", parsed("```bash\n# install it\n\nnpm i\n```\n\n# PDF Tools\n\nFills forms.\n"))).toEqual({ name: "PDF Tools", description: "Fills forms." });
    expect(check("pdf-tools", "---\nname: pdf-tools\ndescription: d\n---\n```sh\n# only a comment\n```\n").warnings).toEqual(["SKILL.md has no `# Title` heading."]);
    expect(skillIdentity("pdf-tools", parsed(`# T\n\n${"w ".repeat(700)}\n`)).description).toHaveLength(1024);
  });
});

describe("addFrontmatter", () => {
  it("adds name (the slug) and description on top, which then checks clean", () => {
    const fixed = addFrontmatter(plain, "pdf-tools", "Fills PDF forms: use it for forms.")!;
    expect(fixed).toBe(`---\nname: pdf-tools\ndescription: "Fills PDF forms: use it for forms."\n---\n${plain}`);
    expect(check("pdf-tools", fixed)).toEqual({ errors: [], warnings: [] });
  });

  it("falls back to the first paragraph, keeps CRLF, drops a BOM and leaves a file with frontmatter alone", () => {
    expect(addFrontmatter("\uFEFF# T\r\n\r\nDoes it.\r\n", "ab", null)).toBe("---\r\nname: ab\r\ndescription: Does it.\r\n---\r\n# T\r\n\r\nDoes it.\r\n");
    expect(addFrontmatter("---\nname: ab\n---\n# T\n", "ab", "d")).toBeNull();
  });
});
