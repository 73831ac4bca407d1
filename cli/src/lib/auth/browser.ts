/**
 * The user's side of a browser login: opening the authorize URL in their
 * browser, or reading the code they paste (`--no-browser`).
 */
import { spawn } from "node:child_process";
import { CliError } from "../errors.ts";

/**
 * Opens `url` in the user's browser, best effort: `$BROWSER` when set
 * (`none` opens nothing, as many tools agree), else the OS opener. Spawned
 * directly rather than with the `open` package, whose vendored xdg-open does
 * not survive bundling.
 * @returns whether an opener was started.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const configured = env.BROWSER;
  if (configured === "none") return false;
  const [command, args] = configured
    ? [configured, [url]]
    : process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads one line (the pasted code) from stdin, terminal or pipe.
 * @throws CliError USAGE when stdin ends first.
 */
export async function readPastedCode(prompt: string): Promise<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once("close", () => reject(new CliError("USAGE", "No code was pasted.")));
      rl.question(prompt, (answer) => resolve(answer.trim()));
    });
  } finally {
    rl.close();
  }
}
