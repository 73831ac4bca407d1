import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFolder, fixFolder } from "../src/lib/skill/check-folder.ts";
import { readFolder } from "../src/lib/skill/folder.ts";
import { allowedTools, uninstallableNames, validateSkill } from "../src/lib/skill/validate.ts";
import { FIXTURES, tempDir } from "./helpers/fs.ts";

const md = (text: string) => [{ path: "SKILL.md", bytes: Buffer.from(text) }];
const skill = (front: string, body = "# Title\n\nDo things.\n") => md(`---\n${front}\n---\n${body}`);

describe("validateSkill: the registry's SKILL.md rule on files read from disk", () => {
  it("finds no error in any real fixture skill", async () => {
    for (const name of readdirSync(FIXTURES)) {
      const files = (await readFolder(join(FIXTURES, name)))!;
      expect(validateSkill(name, files).errors, name).toEqual([]);
    }
  });

  it("only warns about the real claude-api skill's 1068-character description", async () => {
    const files = (await readFolder(join(FIXTURES, "claude-api")))!;
    expect(validateSkill("claude-api", files)).toEqual({
      slug: "claude-api",
      errors: [],
      warnings: ["SKILL.md `description` is 1068 characters, over the Agent Skills limit of 1024; some agents may cut it short."],
    });
  });

  it("accepts a plain `# Title` SKILL.md, warning once that agents requiring frontmatter will not load it", () => {
    const report = validateSkill("my-skill", md("# My Skill\n\nDoes things.\n"));
    expect(report.errors).toEqual([]);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain("agents that require the Agent Skills frontmatter will not load it");
  });

  it("refuses a missing or empty SKILL.md, unreadable frontmatter, a name that is not the folder's and a bad slug", () => {
    expect(validateSkill("ab", []).errors).toEqual(["SKILL.md is missing."]);
    expect(validateSkill("ab", md("  \n")).errors).toEqual(["SKILL.md is empty."]);
    expect(validateSkill("ab", md("---\nname: [\n---\n")).errors[0]).toContain("not valid YAML");
    expect(validateSkill("my-skill", skill("name: other\ndescription: x")).errors[0]).toContain('must equal the skill\'s folder name and slug "my-skill"');
    expect(validateSkill("A_b", skill("name: a-b\ndescription: x")).errors[0]).toContain("not a valid skill slug");
  });

  it("reports file names some machine cannot write side by side, and the generated meta.yaml, as errors", () => {
    const files = [...skill("name: ab\ndescription: x"), { path: "README.md", bytes: Buffer.from("a") }, { path: "readme.md", bytes: Buffer.from("b") }];
    expect(validateSkill("ab", files).errors).toEqual([
      '"README.md" and "readme.md" differ only in letter case or Unicode normalization; macOS and Windows store them as one. The registry refuses it; rename or remove it to publish.',
    ]);
    expect(uninstallableNames([{ path: "SKILL.md" }, { path: "meta.yaml" }])).toContain("`skills sync` writes into every installed skill folder");
  });

  it("reads allowed-tools as a space-separated string or a list, keeping parentheses together", () => {
    expect(allowedTools("---\nname: a\nallowed-tools: Bash(git status:*) Read Write\n---\n")).toEqual(["Bash(git status:*)", "Read", "Write"]);
    expect(allowedTools("---\nallowed-tools: [Bash, Read]\n---\n")).toEqual(["Bash", "Read"]);
    expect(allowedTools("# No frontmatter\n")).toEqual([]);
  });
});

describe("checkFolder and fixFolder: validate on disk", () => {
  const write = async (files: Record<string, string>) => {
    const dir = await tempDir();
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    return dir;
  };

  it("requires a valid meta.yaml in an installed skill only, and reports a broken one", async () => {
    const dir = await write({ "SKILL.md": "---\nname: ab\ndescription: d\n---\n# Ab\n" });
    expect(await checkFolder({ slug: "ab", dir, installed: false })).toEqual({ slug: "ab", errors: [], warnings: [] });
    expect((await checkFolder({ slug: "ab", dir, installed: true })).errors).toEqual(["meta.yaml is missing (run `skills sync` to write it)."]);
    writeFileSync(join(dir, "meta.yaml"), "registry: r\n");
    expect((await checkFolder({ slug: "ab", dir, installed: false })).errors[0]).toMatch(/^meta\.yaml is not what `skills sync` writes: version/);
    expect((await checkFolder({ slug: "ab", dir: join(dir, "gone"), installed: true })).errors[0]).toContain("run `skills sync`");
  });

  it("--fix adds frontmatter to a file without one, with the record's description or the first paragraph, and leaves others alone", async () => {
    const dir = await write({ "SKILL.md": "# Ab\n\nDoes ab.\n" });
    expect(await fixFolder({ slug: "ab", dir, installed: false }, async () => null)).toContain("a `description` from its markdown");
    expect(readFileSync(join(dir, "SKILL.md"), "utf8")).toBe("---\nname: ab\ndescription: Does ab.\n---\n# Ab\n\nDoes ab.\n");
    expect(await fixFolder({ slug: "ab", dir, installed: false }, async () => "unused")).toBeNull();
    const other = await write({ "SKILL.md": "# Cd\n" });
    expect(await fixFolder({ slug: "cd", dir: other, installed: false }, async () => "From the registry.")).toContain("from the registry");
    expect(readFileSync(join(other, "SKILL.md"), "utf8")).toBe("---\nname: cd\ndescription: From the registry.\n---\n# Cd\n");
  });
});
