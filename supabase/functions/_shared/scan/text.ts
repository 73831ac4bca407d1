/**
 * A file's bytes as the text rules read them: binary files are skipped (a
 * PNG's bytes match secret shapes and hold "hidden characters" by chance),
 * text is decoded as UTF-8, or as UTF-16 when it starts with that byte-order
 * mark, and positions are turned into 1-based lines.
 */

/** How many leading bytes decide whether a file is binary. */
const SNIFF = 512;

const UTF8 = new TextDecoder("utf-8");
const UTF16LE = new TextDecoder("utf-16le");
const UTF16BE = new TextDecoder("utf-16be");

/**
 * The text of `bytes`, or null when they look binary: a NUL byte, a PDF
 * header, or more than 10% of the first 512 bytes being control characters
 * or bytes that are not UTF-8 (the heuristic of the `isbinaryfile` package,
 * which this scan used before it was shared). Empty files are text. A
 * leading byte-order mark is dropped.
 */
export function readText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return UTF16LE.decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return UTF16BE.decode(bytes);
  return looksBinary(bytes) ? null : UTF8.decode(bytes);
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF);
  if (n === 0) return false;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return false;
  if (n >= 5 && bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46 && bytes[4] === 0x2d) return true;
  let suspicious = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    // Printable ASCII, DEL, and \a \b \t \n \v \f \r are ordinary text.
    if ((b >= 7 && b <= 14) || (b >= 32 && b <= 127)) continue;
    const extra = b >= 0xc0 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf7 ? 3 : 0;
    if (extra > 0 && continuation(bytes, i + 1, extra)) {
      i += extra;
      continue;
    }
    suspicious++;
  }
  return suspicious * 100 > n * 10;
}

/** Whether `count` UTF-8 continuation bytes follow at `from`. */
function continuation(bytes: Uint8Array, from: number, count: number): boolean {
  if (from + count > bytes.length) return false;
  for (let i = from; i < from + count; i++) if ((bytes[i]! & 0xc0) !== 0x80) return false;
  return true;
}

/** Maps string positions of one text to 1-based lines; the line table is built on first use. */
export class Lines {
  #starts: number[] | undefined;

  constructor(readonly text: string) {}

  /** The 1-based line holding position `index`. */
  lineOf(index: number): number {
    const starts = (this.#starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
