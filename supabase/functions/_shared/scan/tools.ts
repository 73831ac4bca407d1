/**
 * Rules `shell-tool` and `dangerous-command`: what SKILL.md's `allowed-tools`
 * lets an agent run without asking. An unrestricted shell or every tool is
 * `high`; a tool scoped to a command that can delete files, change
 * permissions or reach the network is `medium`; `Bash(git status:*)`-style
 * scoped entries are fine.
 */
import { parseSkillMd } from "../skill-md.ts";
import { excerptAt } from "./excerpt.ts";
import { Lines } from "./text.ts";
import type { Finding } from "./rules.ts";

/** Commands `allowed-tools` may grant that can delete files, change permissions or reach the network. */
const DANGEROUS_COMMANDS = ["rm", "sudo", "chmod", "chown", "curl", "wget", "nc", "netcat", "ssh", "scp", "rsync"];

/** Why one `allowed-tools` entry is risky, with its rule, or null. */
function assess(tool: string): { rule: "shell-tool" | "dangerous-command"; reason: string } | null {
  const match = /^([A-Za-z_*][\w*-]*)(?:\((.*)\))?$/.exec(tool.trim());
  const name = match?.[1] ?? tool;
  const scope = match?.[2]?.trim();
  if (name === "*") return { rule: "shell-tool", reason: "every tool, unrestricted" };
  const shell = /^(bash|shell|sh|zsh|terminal|exec|run_shell_command|powershell)$/i.test(name);
  if (shell && (scope === undefined || scope === "" || scope === "*" || scope === ":*")) return { rule: "shell-tool", reason: "an unrestricted shell" };
  const command = (scope ?? (shell ? "" : name)).split(/[\s:]/)[0]!.toLowerCase();
  if (DANGEROUS_COMMANDS.includes(command)) {
    return { rule: "dangerous-command", reason: `\`${command}\` can delete files, change permissions or reach the network` };
  }
  return null;
}

/** Why one `allowed-tools` entry is risky (e.g. "an unrestricted shell"), or null when it is not. */
export function toolRisk(tool: string): string | null {
  return assess(tool)?.reason ?? null;
}

/** The findings of SKILL.md's `allowed-tools` (`text` is the decoded SKILL.md); none when its frontmatter does not parse. */
export function toolFindings(text: string): Finding[] {
  const parsed = parseSkillMd(text);
  const tools = "problems" in parsed ? [] : (parsed.frontmatter?.allowedTools ?? []);
  const findings: Finding[] = [];
  const key = /^allowed-tools[ \t]*:/m.exec(text)?.index ?? 0;
  const lines = new Lines(text);
  for (const tool of tools) {
    const risk = assess(tool);
    if (!risk) continue;
    // The entry itself when it is on a line of its own (a YAML list), else the key's line.
    const at = text.indexOf(tool, key);
    const index = at === -1 ? key : at;
    findings.push({
      rule: risk.rule,
      severity: risk.rule === "shell-tool" ? "high" : "medium",
      file: "SKILL.md",
      line: lines.lineOf(index),
      excerpt: excerptAt(text, index),
      message: `allowed-tools grants \`${tool}\` (${risk.reason})`,
    });
  }
  return findings;
}
