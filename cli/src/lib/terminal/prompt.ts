/**
 * Asking for a missing value: only on a terminal. Without one a missing value
 * is a usage error (exit 2) naming the flag, so scripts fail fast instead of
 * hanging on a prompt. Every question here is asked with the running spinner
 * stopped (`withSpinnerPaused`), so it shows on its own line.
 */
import { createInterface } from "node:readline/promises";
import { usageError } from "../errors.ts";
import { withSpinnerPaused } from "./output.ts";

/** Whether both stdin and stdout are terminals. */
export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/**
 * `value` if given, else the user's answer to `question` (or `fallback` when they just press Enter).
 * @param flag the option that supplies the value, for the error message.
 * @param options.secret hide the typed characters (passwords).
 * @throws CliError USAGE when there is no value and no terminal, or the answer is empty.
 */
export async function valueOrPrompt(
  value: string | undefined,
  flag: string,
  question: string,
  options: { fallback?: string; secret?: boolean } = {},
): Promise<string> {
  if (value !== undefined && value !== "") return value;
  if (!interactive()) throw usageError(`Missing ${flag} (no terminal to ask for it).`);
  const suffix = options.fallback ? ` (${options.fallback})` : "";
  const answer = (await withSpinnerPaused(() => (options.secret ? askSecret(`${question}: `) : ask(`${question}${suffix}: `)))).trim();
  const result = answer || options.fallback;
  if (!result) throw usageError(`Missing ${flag}.`);
  return result;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Reads a line without echoing it (readline has no hidden mode, so mute its output). */
async function askSecret(question: string): Promise<string> {
  process.stdout.write(question);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  try {
    return await rl.question("");
  } finally {
    rl.close();
    process.stdout.write("\n");
  }
}

/** Asks a yes/no question on the terminal (@inquirer/prompts). @throws CliError USAGE without a terminal. */
export async function confirm(message: string, fallback: boolean): Promise<boolean> {
  if (!interactive()) throw usageError(`${message} (no terminal to ask; pass --yes)`);
  const { confirm: ask } = await import("@inquirer/prompts");
  return withSpinnerPaused(() => ask({ message, default: fallback }));
}

/** Asks to pick one of `choices` with the arrow keys. @throws CliError USAGE without a terminal. */
export async function select<T>(message: string, choices: readonly { name: string; value: T }[]): Promise<T> {
  if (!interactive()) throw usageError(`${message} (no terminal to ask)`);
  const { select: ask } = await import("@inquirer/prompts");
  return withSpinnerPaused(() => ask({ message, choices: [...choices] }));
}

/** Asks to tick any of `choices` (space toggles, enter confirms). @throws CliError USAGE without a terminal. */
export async function checkbox<T>(message: string, choices: readonly { name: string; value: T; checked: boolean }[]): Promise<T[]> {
  if (!interactive()) throw usageError(`${message} (no terminal to ask)`);
  const { checkbox: ask } = await import("@inquirer/prompts");
  return withSpinnerPaused(() => ask({ message, choices: [...choices] }));
}
