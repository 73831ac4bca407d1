/**
 * Security warnings for `sync` and `push` (README "Agent folders and security
 * warnings"): skills whose `allowed-tools` grant a shell or every tool, that
 * carry executable scripts, or that look like they hold secrets are flagged
 * before they are installed or published. Warnings, not errors: the user
 * accepts them (a prompt, or `--yes` in CI). Pure: files in, findings out.
 */
import { isBinaryFileSync } from "isbinaryfile";
import { allowedTools, type SkillFile } from "./validate.ts";
import { byPath } from "../order.ts";

/** One reason to look twice at a skill. */
export interface Finding {
  kind: "tools" | "script" | "secret";
  /** The file it was found in. */
  path: string;
  message: string;
}

/** Commands `allowed-tools` may grant that can delete files, change permissions or reach the network. */
const DANGEROUS_COMMANDS = ["rm", "sudo", "chmod", "chown", "curl", "wget", "nc", "netcat", "ssh", "scp", "rsync"];

/** High-confidence secret shapes only: a false alarm on every `api_key` example would teach people to pass --yes blindly. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ["a private key", /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----/],
  ["an AWS access key", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["a GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/],
  ["a Slack token", /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/],
  ["an Anthropic API key", /\bsk-ant-[A-Za-z0-9_-]{20,}/],
  ["an OpenAI API key", /\bsk-(?:proj-)?[A-Za-z0-9]{32,}\b/],
  ["a Stripe live key", /\b[rs]k_live_[A-Za-z0-9]{16,}\b/],
  ["a Google API key", /\bAIza[0-9A-Za-z_-]{35}\b/],
];

/** Every finding in a skill's files, in path order. */
export function scanSkill(files: readonly (SkillFile & { executable: boolean })[]): Finding[] {
  const findings: Finding[] = [];
  const skillMd = files.find((f) => f.path === "SKILL.md");
  if (skillMd) {
    for (const tool of allowedTools(Buffer.from(skillMd.bytes).toString("utf8"))) {
      const reason = toolRisk(tool);
      if (reason) findings.push({ kind: "tools", path: "SKILL.md", message: `allowed-tools grants \`${tool}\` (${reason})` });
    }
  }
  for (const file of [...files].sort(byPath)) {
    const bytes = Buffer.from(file.bytes);
    const binary = bytes.length > 0 && isBinaryFileSync(bytes);
    const shebang = !binary && bytes.subarray(0, 2).toString("latin1") === "#!";
    if (file.executable || shebang) {
      findings.push({ kind: "script", path: file.path, message: `${file.path} is ${file.executable ? "an executable" : "a"} script` });
    }
    if (/(^|\/)\.env(\.|$)/.test(file.path)) {
      findings.push({ kind: "secret", path: file.path, message: `${file.path} looks like an environment file with secrets` });
    }
    if (binary) continue;
    const text = bytes.toString("utf8");
    for (const [what, pattern] of SECRET_PATTERNS) {
      if (pattern.test(text)) findings.push({ kind: "secret", path: file.path, message: `${file.path} seems to contain ${what}` });
    }
  }
  return findings;
}

/** Why one `allowed-tools` entry is risky, or null. `Bash(git status:*)`-style scoped entries are fine unless the command is dangerous. */
export function toolRisk(tool: string): string | null {
  const match = /^([A-Za-z_*][\w*-]*)(?:\((.*)\))?$/.exec(tool.trim());
  const name = match?.[1] ?? tool;
  const scope = match?.[2]?.trim();
  if (name === "*") return "every tool, unrestricted";
  const shell = /^(bash|shell|sh|zsh|terminal|exec|run_shell_command|powershell)$/i.test(name);
  if (shell && (scope === undefined || scope === "" || scope === "*" || scope === ":*")) return "an unrestricted shell";
  const command = (scope ?? (shell ? "" : name)).split(/[\s:]/)[0]!.toLowerCase();
  if (DANGEROUS_COMMANDS.includes(command)) return `\`${command}\` can delete files, change permissions or reach the network`;
  return null;
}
