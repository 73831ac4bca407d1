/**
 * The credential shapes the `secret` rule looks for, and their redaction:
 * every excerpt the scan prints or stores goes through `redactSecrets`, so a
 * finding never repeats a secret, whichever rule found the line.
 */

/** A credential shape: what to call it, and the prefix an excerpt may keep (it names the kind, not the secret). */
export interface SecretPattern {
  what: string;
  pattern: RegExp;
  keep: RegExp;
}

/** High-confidence shapes only: a false alarm on every `api_key` example would teach people to pass --yes blindly. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    what: "a private key",
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----/,
    // The armour line names the key type; the key itself is on the lines after it.
    keep: /^.*$/,
  },
  { what: "an AWS access key", pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, keep: /^(?:AKIA|ASIA)/ },
  { what: "a GitHub token", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/, keep: /^(?:gh[pousr]_|github_pat_)/ },
  { what: "a Slack token", pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}\b/, keep: /^xox[baprs]-/ },
  { what: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{20,}/, keep: /^sk-ant-/ },
  { what: "an OpenAI API key", pattern: /\bsk-(?:proj-)?[A-Za-z0-9]{32,}\b/, keep: /^sk-(?:proj-)?/ },
  { what: "a Stripe live key", pattern: /\b[rs]k_live_[A-Za-z0-9]{16,}\b/, keep: /^[rs]k_live_/ },
  { what: "a Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, keep: /^AIza/ },
];

/** What replaces the rest of a secret in an excerpt. */
export const REDACTED = "…[redacted]";

/** The same shapes, global, for replacing every occurrence in a line. */
const GLOBAL = SECRET_PATTERNS.map((p) => ({ ...p, pattern: new RegExp(p.pattern.source, "g") }));

/**
 * `line` with every secret cut to its kind's prefix plus `REDACTED`.
 * @returns the text and `at`, which maps a position of `line` to the same place in the text.
 */
export function redactSecrets(line: string): { text: string; at: (index: number) => number } {
  const cuts: { index: number; end: number; replacement: string }[] = [];
  for (const { pattern, keep } of GLOBAL) {
    for (const match of line.matchAll(pattern)) {
      const kept = keep.exec(match[0])?.[0] ?? "";
      if (kept.length < match[0].length) cuts.push({ index: match.index, end: match.index + match[0].length, replacement: kept + REDACTED });
    }
  }
  if (cuts.length === 0) return { text: line, at: (index) => index };
  cuts.sort((a, b) => a.index - b.index);
  let text = "";
  let from = 0;
  const shifts: { end: number; shift: number }[] = [];
  for (const cut of cuts) {
    // Overlapping shapes (an OpenAI key inside an Anthropic one): the first cut covers both.
    if (cut.index < from) continue;
    text += line.slice(from, cut.index) + cut.replacement;
    shifts.push({ end: cut.end, shift: text.length - cut.end });
    from = cut.end;
  }
  text += line.slice(from);
  return {
    text,
    at: (index) => {
      let shift = 0;
      for (const s of shifts) if (s.end <= index) shift = s.shift;
      return index + shift;
    },
  };
}
