/**
 * The hidden-Unicode rules: characters that a model reads and a reviewer
 * does not see, in any text file of a skill (SKILL.md is read as
 * instructions; scripts and references are read or run on its say).
 * - `hidden-unicode-tag` (critical): tag characters U+E0000–U+E007F spell
 *   invisible ASCII ("ASCII smuggling"). An emoji subdivision flag (🏴 then
 *   two to six lowercase tag letters or digits and the cancel tag) is the one
 *   use real text has, and is not flagged.
 * - `bidi-control` (high): embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069) reorder what is displayed ("Trojan Source"). The marks
 *   U+200E/U+200F change no order and are left to right-to-left text.
 * - `variation-selector-run` (high): a character takes at most one variation
 *   selector (U+FE00–U+FE0F, U+E0100–U+E01EF), so two or more in a row mean
 *   nothing to a renderer and are how bytes are smuggled inside an emoji.
 * - `zero-width` (medium): U+200B–U+200D, U+2060 and a U+FEFF that is not the
 *   byte-order mark hide or split words. Not flagged: one joiner inside an
 *   emoji sequence, and one zero-width (non-)joiner or space between letters
 *   of a script that uses them (Persian, Indic, Thai…), never Latin ones.
 * One finding per line per rule, for the first few lines of a file.
 */
import { excerptAt } from "./excerpt.ts";
import { Lines } from "./text.ts";
import type { Finding, RuleId } from "./rules.ts";

/** Lines reported per rule and file; further lines are counted in the last finding. */
const MAX_LINES = 5;

/** Any character a hidden-Unicode rule may flag: files without one (nearly all) are passed by one test. */
const ANY = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069\uFE00-\uFE0F\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/u;

const FLAG_TAGS = /^[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{2,6}\u{E007F}$/u;
const WAVING_BLACK_FLAG = 0x1f3f4;
const EMOJI_BEFORE_JOINER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const LETTER = /[\p{L}\p{M}]/u;
const LATIN = /\p{Script=Latin}/u;

interface HiddenRule {
  rule: RuleId;
  severity: Finding["severity"];
  pattern: RegExp;
  /** True for a match real text has a reason to hold. */
  benign?: (text: string, index: number, run: string) => boolean;
  /** The message after "<file> line <n> ", given how many characters the line holds. */
  describe: (count: number) => string;
}

const RULES: readonly HiddenRule[] = [
  {
    rule: "hidden-unicode-tag",
    severity: "critical",
    pattern: /[\u{E0000}-\u{E007F}]+/gu,
    benign: (text, index, run) => codePointBefore(text, index) === WAVING_BLACK_FLAG && FLAG_TAGS.test(run),
    describe: (n) => `hides ${plural(n, "Unicode tag character")}: text an agent reads and a reviewer cannot see`,
  },
  {
    rule: "bidi-control",
    severity: "high",
    pattern: /[\u202A-\u202E\u2066-\u2069]+/g,
    describe: (n) => `holds ${plural(n, "bidirectional control character")}, which can make text display in another order than it reads`,
  },
  {
    rule: "variation-selector-run",
    severity: "high",
    pattern: /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{2,}/gu,
    describe: (n) => `holds a run of ${n} variation selectors, which can encode hidden data`,
  },
  {
    rule: "zero-width",
    severity: "medium",
    pattern: /[\u200B-\u200D\u2060\uFEFF]+/g,
    benign: (text, index, run) => {
      if (run.length !== 1) return false;
      const before = charBefore(text, index);
      const after = String.fromCodePoint(text.codePointAt(index + 1) ?? 0);
      if (run === "\u200D" && EMOJI_BEFORE_JOINER.test(before) && EMOJI.test(after)) return true;
      return run !== "\u2060" && run !== "\uFEFF" && [before, after].every((c) => LETTER.test(c) && !LATIN.test(c));
    },
    describe: (n) => `holds ${plural(n, "zero-width character")}, which can hide or split words`,
  },
];

/** Every hidden-Unicode finding in the text of file `path`, rule by rule. */
export function hiddenUnicodeFindings(path: string, text: string): Finding[] {
  if (!ANY.test(text)) return [];
  const lines = new Lines(text);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const found: { line: number; index: number; count: number }[] = [];
    let moreLines = 0;
    let previous = 0;
    for (const match of text.matchAll(rule.pattern)) {
      if (rule.benign?.(text, match.index, match[0])) continue;
      const line = lines.lineOf(match.index);
      const count = Array.from(match[0]).length;
      const last = found[found.length - 1];
      if (line === previous) {
        if (last?.line === line) last.count += count;
        continue;
      }
      previous = line;
      if (found.length < MAX_LINES) found.push({ line, index: match.index, count });
      else moreLines++;
    }
    for (const [i, f] of found.entries()) {
      const more = i === found.length - 1 && moreLines > 0 ? ` (and ${plural(moreLines, "more line")} like it)` : "";
      findings.push({
        rule: rule.rule,
        severity: rule.severity,
        file: path,
        line: f.line,
        excerpt: excerptAt(text, f.index),
        message: `${path} line ${f.line} ${rule.describe(f.count)}${more}`,
      });
    }
  }
  return findings;
}

/** The code point that ends just before position `index`, or 0 at the start. */
function codePointBefore(text: string, index: number): number {
  if (index === 0) return 0;
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? text.codePointAt(index - 2)! : low;
}

/** The character (a whole code point) just before position `index`; empty at the start. */
function charBefore(text: string, index: number): string {
  return index === 0 ? "" : String.fromCodePoint(codePointBefore(text, index));
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
