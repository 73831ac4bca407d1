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
    expect(findings).toEqual([{ kind: "tools", path: "SKILL.md", message: "allowed-tools grants `Bash` (an unrestricted shell)" }]);
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

  it("finds only the executable scripts in the real fixtures, and never dumps binary files", async () => {
    const files = (await readFolder(join(FIXTURES, "canvas-design")))!;
    expect(scanSkill(files)).toEqual([]);
    const builder = (await readFolder(join(FIXTURES, "web-artifacts-builder")))!;
    expect(scanSkill(builder).map((f) => f.kind)).toEqual(["script", "script"]);
  });
});
