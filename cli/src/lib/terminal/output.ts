/**
 * Terminal output: colour only on a terminal and never with `NO_COLOR`, a
 * spinner only on a terminal (scripts and CI see plain lines), results on
 * stdout, progress and problems on stderr.
 */
type Style = (text: string) => string;

/** The styles commands use. */
export interface Colors {
  red: Style;
  green: Style;
  yellow: Style;
  cyan: Style;
  bold: Style;
  dim: Style;
}

const same: Style = (text) => text;
const plain: Colors = { red: same, green: same, yellow: same, cyan: same, bold: same, dim: same };

/** chalk at the level its terminal probe finds. */
async function chalkColors(): Promise<Colors> {
  const { Chalk, supportsColor } = await import("chalk");
  return new Chalk({ level: supportsColor ? supportsColor.level : 0 });
}

/** Styles for the output: plain until `useTerminalColors` finds colour can show. */
export let color: Colors = plain;

/**
 * Loads chalk when colour can show (a terminal or `FORCE_COLOR`, and no `NO_COLOR`); each entry
 * point awaits it once before printing. chalk loads only then: its terminal probe at load time
 * would cost every scripted run (hooks, CI, agents) time for nothing.
 */
export async function useTerminalColors(): Promise<void> {
  if (process.env.NO_COLOR || (!process.stdout.isTTY && !process.env.FORCE_COLOR)) return;
  color = await chalkColors();
}

let quiet = false;

/** `--quiet`: from now on `print` and spinners stay silent; data (`printJson`), warnings and errors still show. */
export function setQuiet(value: boolean): void {
  quiet = value;
}

/** Prints a human-readable result line on stdout (silent with `--quiet`). */
export function print(line = ""): void {
  if (!quiet) process.stdout.write(`${line}\n`);
}

/** Prints `value` as the JSON document of a `--json` command (2-space indent, one trailing newline). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints a warning on stderr (above a running spinner, not after its frame). */
export function warn(message: string): void {
  aboveSpinner(`${color.yellow("warning:")} ${message}\n`);
}

/** Prints an error on stderr (above a running spinner, not after its frame). */
export function printError(message: string): void {
  aboveSpinner(`${color.red("error:")} ${message}\n`);
}

/** What commands may do with a spinner. */
export interface Spinner {
  text: string;
  stop(): void;
}

/**
 * A started spinner on stderr. Off a terminal it is a silent stand-in and ora
 * is never loaded, which keeps scripted runs (CI, agents) fast to start. So it
 * is on a terminal that reports no width (`script` without a size): ora's line
 * count divides by the width, and with 0 it clears lines forever.
 */
export async function spinner(text: string): Promise<Spinner> {
  if (!process.stderr.isTTY || quiet || !process.stderr.columns) return { text, stop: () => {} };
  const { default: ora } = await import("ora");
  return (active = ora({ text, stream: process.stderr }).start());
}

/** What the output needs of the spinner last started (ora's own methods). */
interface ActiveSpinner {
  readonly isSpinning: boolean;
  start(): unknown;
  stop(): unknown;
  clear(): unknown;
  render(): unknown;
}

let active: ActiveSpinner | undefined;

/** Writes `text` on stderr with a running spinner's line cleared first and drawn again after it. */
function aboveSpinner(text: string): void {
  const spinning = active?.isSpinning === true;
  if (spinning) active!.clear();
  process.stderr.write(text);
  if (spinning) active!.render();
}

/**
 * Runs `ask` (a question on the terminal) with the running spinner, if any, stopped and its
 * line cleared, and starts it again after: a question drawn behind a spinner frame looks like
 * a hung command, and a spinning ora swallows the keys typed on stdin.
 */
export async function withSpinnerPaused<T>(ask: () => Promise<T>): Promise<T> {
  const paused = active?.isSpinning === true ? active : undefined;
  paused?.stop();
  try {
    return await ask();
  } finally {
    if (paused && paused === active) paused.start();
  }
}

/** Rows as columns padded to the widest cell (the last column is not padded). */
export function columns(rows: readonly (readonly string[])[], gap = 2): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + gap)))
      .join("")
      .trimEnd(),
  );
}

/** A description on one line; on a terminal cut to `max` characters so tables stay readable. */
export function brief(text: string | null, max = 80): string {
  const line = (text ?? "").replace(/\s+/g, " ").trim();
  return process.stdout.isTTY && line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
