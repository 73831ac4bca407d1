/**
 * The excerpt of a finding: a short, single-line piece of the line it is on,
 * safe to print in a terminal, store in Postgres and show to a model:
 * invisible and control characters appear as `\u{…}` escapes (long runs
 * shortened), and secrets are redacted.
 */
import { redactSecrets } from "./secret-patterns.ts";

/** Characters of context kept before and after the position a finding points at. */
const BEFORE = 40;
const AFTER = 80;
/** Escapes shown of one run of hidden characters before the rest is counted. */
const RUN_SHOWN = 4;

/**
 * What never prints as itself: controls, format characters (zero-width,
 * bidirectional, tags), private-use and lone surrogates, line and paragraph
 * separators, variation selectors and the Hangul fillers that render blank.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u115F\u1160\u3164\uFFA0]+/gu;

/**
 * The excerpt of `text` around position `index`: the line holding it, cut to
 * about 120 characters around it (`…` marking a cut), tabs as spaces, trimmed.
 */
export function excerptAt(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index - 1) + 1;
  let end = text.indexOf("\n", index);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === "\r") end--;
  const { text: line, at } = redactSecrets(text.slice(start, end));
  const column = at(index - start);
  let from = Math.max(0, column - BEFORE);
  let to = Math.min(line.length, column + AFTER);
  // Never split a surrogate pair at a cut.
  if (from > 0 && isLowSurrogate(line.charCodeAt(from))) from--;
  if (to < line.length && isLowSurrogate(line.charCodeAt(to))) to++;
  const piece = showHidden(line.slice(from, to).replace(/\t/g, " "));
  return `${from > 0 ? "…" : ""}${piece}${to < line.length ? "…" : ""}`.trim();
}

/** `text` with every hidden character as a `\u{…}` escape; a run longer than a few ends in a count. */
export function showHidden(text: string): string {
  return text.replace(HIDDEN, (run) => {
    const chars = Array.from(run);
    const shown = chars.slice(0, RUN_SHOWN).map((c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`).join("");
    return chars.length > RUN_SHOWN ? `${shown}…(+${chars.length - RUN_SHOWN} hidden)` : shown;
  });
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
