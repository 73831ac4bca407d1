import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readFolder } from "../src/lib/skill/folder.ts";
import { scanSkill, toolRisk } from "../src/lib/skill/security.ts";
import { FIXTURES } from "./helpers/fs.ts";

const file = (path: string, text: string | Buffer, executable = false) => ({ path, bytes: Buffer.from(text), executable });

describe("security findings", () => {
  it("flags an unrestricted shell, every tool and dangerous commands in allowed-tools, not scoped safe ones", () => {
    expect(toolRisk("Bash")).toBe("an unrestricted shell");
    expect(toolRisk("Bash(*)")).toBe("an unrestricted shell");
    expect(toolRisk("*")).toBe("every tool, unrestricted");
    expect(toolRisk("Bash(curl:*)")).toContain("`curl`");
    expect(toolRisk("Bash(rm -rf:*)")).toContain("`rm`");
    expect(toolRisk("sudo")).toContain("`sudo`");
    expect(toolRisk("Bash(git status:*)")).toBeNull();
    expect(toolRisk("Read")).toBeNull();
    const findings = scanSkill([file("SKILL.md", "---\nname: a\nallowed-tools: Bash Read\n---\n")]);
    expect(findings).toEqual([
      {
        rule: "shell-tool",
        severity: "high",
        file: "SKILL.md",
        line: 3,
        excerpt: "allowed-tools: Bash Read",
        message: "allowed-tools grants `Bash` (an unrestricted shell)",
      },
    ]);
  });

  it("flags executable scripts and shebang files", () => {
    const findings = scanSkill([file("SKILL.md", "# a\n"), file("scripts/run.sh", "echo hi\n", true), file("tool.py", "#!/usr/bin/env python\n")]);
    expect(findings.map((f) => f.message)).toEqual(["scripts/run.sh is an executable script", "tool.py is a script"]);
  });

  it("flags files that look like they hold secrets, and env files", () => {
    const findings = scanSkill([
      file("SKILL.md", "# a\nUse key AKIAIOSFODNN7EXAMPLE here\n"),
      file("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n"),
      file(".env", "X=1\n"),
      file("ok.md", "api_key = os.environ['KEY']  # an example, not a secret\n"),
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      ".env looks like an environment file with secrets",
      "SKILL.md seems to contain an AWS access key",
      "id_rsa seems to contain a private key",
    ]);
  });

  it("finds only the executable scripts in the real fixtures, at medium (low for a shebang file without the exec bit), and never dumps binary files", async () => {
    const files = (await readFolder(join(FIXTURES, "canvas-design")))!;
    expect(scanSkill(files)).toEqual([]);
    const builder = (await readFolder(join(FIXTURES, "web-artifacts-builder")))!;
    expect(scanSkill(builder)).toEqual(
      ["bundle-artifact.sh", "init-artifact.sh"].map((name) => ({
        rule: "executable-script",
        severity: "medium",
        file: `scripts/${name}`,
        line: 1,
        excerpt: "#!/bin/bash",
        message: `scripts/${name} is an executable script`,
      })),
    );
    const creator = scanSkill((await readFolder(join(FIXTURES, "skill-creator")))!);
    expect(creator.every((f) => f.rule === "executable-script")).toBe(true);
    expect(creator.filter((f) => f.severity === "low").map((f) => f.file)).toEqual(["eval-viewer/generate_review.py"]);
    expect(creator.filter((f) => f.severity === "medium")).toHaveLength(7);
  });

  it("finds nothing but executable scripts in any of the twelve fixtures (no hidden-Unicode false alarms on their emoji and typography)", async () => {
    const found = new Map<string, string[]>();
    for (const name of readdirSync(FIXTURES).sort()) {
      const rules = scanSkill((await readFolder(join(FIXTURES, name)))!).map((f) => f.rule);
      if (rules.length > 0) found.set(name, [...new Set(rules)]);
    }
    expect(Object.fromEntries(found)).toEqual({
      "skill-creator": ["executable-script"],
      "slack-gif-creator": ["executable-script"],
      "web-artifacts-builder": ["executable-script"],
      "webapp-testing": ["executable-script"],
    });
  });
});
