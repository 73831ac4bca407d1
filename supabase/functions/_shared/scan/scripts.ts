/**
 * Rule `executable-script`: files an agent may run. A file with the
 * executable bit is `medium` (`high` when it is a binary no reviewer can
 * read); a text file that starts with a shebang line but is not executable
 * is `low`.
 */
import { excerptAt } from "./excerpt.ts";
import type { Finding } from "./rules.ts";

/** The finding of one file, or null; `text` is null for a binary file. */
export function scriptFinding(file: { path: string; executable: boolean }, text: string | null): Finding | null {
  const shebang = text !== null && text.startsWith("#!");
  if (!file.executable && !shebang) return null;
  return {
    rule: "executable-script",
    severity: !file.executable ? "low" : text === null ? "high" : "medium",
    file: file.path,
    line: 1,
    excerpt: shebang ? excerptAt(text, 0) : "",
    message: `${file.path} is ${file.executable ? (text === null ? "an executable binary" : "an executable script") : "a script"}`,
  };
}
