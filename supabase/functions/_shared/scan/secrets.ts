/**
 * Rule `secret`: files that look like they hold a credential. A known token
 * or key shape is `critical` (published, it is leaked to every reader); an
 * environment file (`.env`, `.env.local`, …) is `high` whatever it holds,
 * and its content is never excerpted.
 */
import { excerptAt } from "./excerpt.ts";
import { SECRET_PATTERNS } from "./secret-patterns.ts";
import { Lines } from "./text.ts";
import type { Finding } from "./rules.ts";

/** The findings of one file: its name, then one per secret shape found in `text` (null for a binary file). */
export function secretFindings(path: string, text: string | null): Finding[] {
  const findings: Finding[] = [];
  if (/(^|\/)\.env(\.|$)/.test(path)) {
    findings.push({ rule: "secret", severity: "high", file: path, line: 1, excerpt: "", message: `${path} looks like an environment file with secrets` });
  }
  if (text === null) return findings;
  let lines: Lines | undefined;
  for (const { what, pattern } of SECRET_PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    lines ??= new Lines(text);
    findings.push({
      rule: "secret",
      severity: "critical",
      file: path,
      line: lines.lineOf(match.index),
      excerpt: excerptAt(text, match.index),
      message: `${path} seems to contain ${what}`,
    });
  }
  return findings;
}
