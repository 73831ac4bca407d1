/**
 * The rules of the security scan, by stable id: what each looks for and the
 * severity it reports by default. Ids never change meaning (a server stores
 * them with each version, code-scanning tools key alerts on them); a new
 * concern gets a new id.
 */
import type { ScanFinding, Severity } from "../wire/scan.ts";

/** Each rule's default severity and one-line summary (SARIF's `shortDescription`). */
export const RULES = {
  "shell-tool": { severity: "high", summary: "allowed-tools grants an unrestricted shell or every tool" },
  "dangerous-command": {
    severity: "medium",
    summary: "allowed-tools grants a command that can delete files, change permissions or reach the network",
  },
  "executable-script": { severity: "medium", summary: "the skill ships an executable file or a script with a shebang line" },
  secret: { severity: "critical", summary: "a file looks like it holds a credential (private key, API token, environment file)" },
  "hidden-unicode-tag": {
    severity: "critical",
    summary: "Unicode tag characters (U+E0000-U+E007F): text an agent reads and a reviewer cannot see",
  },
  "bidi-control": { severity: "high", summary: "bidirectional control characters that make text display in another order than it reads" },
  "variation-selector-run": { severity: "high", summary: "a run of variation selectors, which can encode hidden data" },
  "zero-width": { severity: "medium", summary: "zero-width characters that can hide or split words" },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

/** A rule id of this scanner. */
export type RuleId = keyof typeof RULES;

/** A finding of this scanner: the wire shape with a known rule id. */
export interface Finding extends ScanFinding {
  rule: RuleId;
}

/** Severities by rank, lowest first (the order of `SEVERITIES`). */
const RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** True when `severity` is `threshold` or worse (e.g. `atLeast(f.severity, "high")`). */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return RANK[severity] >= RANK[threshold];
}

/** The worst severity among `findings`, or null when there are none. */
export function worstSeverity(findings: readonly { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || RANK[f.severity] > RANK[worst]) worst = f.severity;
  return worst;
}
