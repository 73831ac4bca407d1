/**
 * The security scan of a skill folder, one implementation for the server
 * (on every published version) and the CLI (before installing or pushing,
 * and `skills audit`): files in, findings out, no I/O, Deno and Node alike.
 * The CLI bundles this folder.
 *
 * Rule families, one module each: `tools.ts` (what `allowed-tools` grants),
 * `scripts.ts` (executable files), `secrets.ts` (credentials),
 * `unicode.ts` (hidden characters). `rules.ts` lists every rule id with its
 * default severity and summary. Text rules skip binary files (`text.ts`).
 */
import { toolFindings } from "./tools.ts";
import { scriptFinding } from "./scripts.ts";
import { secretFindings } from "./secrets.ts";
import { hiddenUnicodeFindings } from "./unicode.ts";
import { readText } from "./text.ts";
import type { Finding } from "./rules.ts";

export { RULES, atLeast, worstSeverity, type Finding, type RuleId } from "./rules.ts";
export { toolRisk } from "./tools.ts";

/** One file of a skill folder: its path inside the folder, its bytes and its executable bit. */
export interface ScanFile {
  path: string;
  bytes: Uint8Array;
  executable: boolean;
}

/**
 * Every finding in a skill's files: SKILL.md's `allowed-tools` first, then
 * file by file in path order (JS string order), each file's findings by
 * rule family (scripts, secrets, hidden Unicode), each family's by line.
 */
export function scanSkill(files: readonly ScanFile[]): Finding[] {
  const findings: Finding[] = [];
  const texts = new Map<ScanFile, string | null>();
  const textOf = (file: ScanFile) => {
    if (!texts.has(file)) texts.set(file, readText(file.bytes));
    return texts.get(file)!;
  };
  const skillMd = files.find((f) => f.path === "SKILL.md");
  const skillMdText = skillMd && textOf(skillMd);
  if (skillMdText) findings.push(...toolFindings(skillMdText));
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const text = textOf(file);
    const script = scriptFinding(file, text);
    if (script) findings.push(script);
    findings.push(...secretFindings(file.path, text));
    if (text !== null) findings.push(...hiddenUnicodeFindings(file.path, text));
  }
  return findings;
}
