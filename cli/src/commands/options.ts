/**
 * The options several commands share, each a fresh `Option` per command (commander
 * keeps a reference to the option it adds) whose flags type the command's options.
 */
import { Option } from "@commander-js/extra-typings";

/** `--json`: print the command's JSON shape instead of text. */
export const jsonOption = () => new Option("--json", "print JSON (shape documented in the README)");

/** `--api-url <url>`: which API to talk to when the project does not say. */
export const apiUrlOption = () => new Option("--api-url <url>", "API URL (default: $SKILLS_API_URL, the project's first source, your last login)");

/** `-y, --yes`: accept security findings and never prompt. */
export const yesOption = () => new Option("-y, --yes", "accept security warnings and ask nothing (CI)");

/** The "Examples:" block a command adds after its help (`addHelpText("after", …)`), one `$ line` each. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}
