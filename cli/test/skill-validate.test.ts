import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFolder } from "../src/lib/skill/folder.ts";
import { allowedTools, validateSkill } from "../src/lib/skill/validate.ts";
import { FIXTURES } from "./helpers/fs.ts";

const md = (text: string) => [{ path: "SKILL.md", bytes: Buffer.from(text) }];
const skill = (front: string, body = "# Title\n\nDo things.\n") => md(`---\n${front}\n---\n${body}`);

describe("validateSkill (Agent Skills format)", () => {
  it("accepts real fixture skills without errors", async () => {
    for (const name of ["brand-guidelines", "canvas-design", "skill-creator", "web-artifacts-builder"]) {
      const files = (await readFolder(join(FIXTURES, name)))!;
      expect(validateSkill(name, files).errors, name).toEqual([]);
    }
  });

  it("refuses the real claude-api skill, whose description is longer than the format's 1024 characters", async () => {
    const files = (await readFolder(join(FIXTURES, "claude-api")))!;
    expect(validateSkill("claude-api", files).errors).toEqual(["SKILL.md `description` is 1068 characters; at most 1024 are allowed."]);
  });

  it("a missing # Title is a warning, not an error", () => {
    const report = validateSkill("my-skill", skill("name: my-skill\ndescription: Does things.", "Just text.\n"));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual(["SKILL.md has no `# Title` heading."]);
  });

  it("requires name and description, with their lengths and the name equal to the folder", () => {
    expect(validateSkill("my-skill", skill("description: x")).errors).toEqual(["SKILL.md frontmatter needs `name`."]);
    expect(validateSkill("my-skill", skill("name: my-skill")).errors).toEqual(["SKILL.md frontmatter needs `description`."]);
    expect(validateSkill("my-skill", skill("name: other\ndescription: x")).errors[0]).toContain('must equal the folder name "my-skill"');
    expect(validateSkill("my-skill", skill("name: My--Skill\ndescription: x")).errors[0]).toContain("lowercase letters, digits and single hyphens");
    expect(validateSkill("my-skill", skill(`name: my-skill\ndescription: ${"x".repeat(1025)}`)).errors[0]).toContain("at most 1024");
    expect(validateSkill("my-skill", skill(`name: my-skill\ndescription: x\ncompatibility: ${"y".repeat(501)}`)).errors[0]).toContain("at most 500");
  });

  it("checks metadata is a string map and allowed-tools a string or list; unknown fields warn", () => {
    expect(validateSkill("ab", skill("name: ab\ndescription: x\nmetadata:\n  a: [1]")).errors).toEqual(["SKILL.md `metadata.a` must be a string."]);
    expect(validateSkill("ab", skill("name: ab\ndescription: x\nallowed-tools: {a: 1}")).errors[0]).toContain("allowed-tools");
    expect(validateSkill("ab", skill("name: ab\ndescription: x\nauthor: me")).warnings[0]).toContain("unknown field `author`");
  });

  it("refuses an empty or missing SKILL.md, no frontmatter, bad YAML, a bad meta.yaml and a bad slug", () => {
    expect(validateSkill("ab", []).errors).toEqual(["SKILL.md is missing."]);
    expect(validateSkill("ab", md("  \n")).errors).toEqual(["SKILL.md is empty."]);
    expect(validateSkill("ab", md("# Title\n")).errors[0]).toContain("no YAML frontmatter");
    expect(validateSkill("ab", md("---\nname: [\n---\n")).errors[0]).toContain("not valid YAML");
    const withMeta = [...skill("name: ab\ndescription: x"), { path: "meta.yaml", bytes: Buffer.from("a: [") }];
    expect(validateSkill("ab", withMeta).errors[0]).toContain("meta.yaml is not valid YAML");
    expect(validateSkill("A_b", skill("name: a-b\ndescription: x")).errors[0]).toContain("not a valid skill slug");
  });

  it("reports file names some machine cannot write side by side as an error naming both paths", () => {
    const files = [...skill("name: ab\ndescription: x"), { path: "README.md", bytes: Buffer.from("a") }, { path: "readme.md", bytes: Buffer.from("b") }];
    expect(validateSkill("ab", files).errors).toEqual([
      '"README.md" and "readme.md" differ only in letter case or Unicode normalization; macOS and Windows store them as one. The registry refuses file names that some machines cannot create; rename to publish.',
    ]);
    expect(validateSkill("ab", [...skill("name: ab\ndescription: x"), { path: "aux.md", bytes: Buffer.from("") }]).errors[0]).toContain("device name Windows reserves");
  });

  it("reads allowed-tools as a space-separated string or a list, keeping parentheses together", () => {
    expect(allowedTools("---\nname: a\nallowed-tools: Bash(git status:*) Read Write\n---\n")).toEqual(["Bash(git status:*)", "Read", "Write"]);
    expect(allowedTools("---\nallowed-tools: [Bash, Read]\n---\n")).toEqual(["Bash", "Read"]);
  });
});
