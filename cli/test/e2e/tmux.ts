/**
 * A real terminal for prompt tests: the built CLI runs in a detached tmux
 * session; tests type with `send-keys` and read the screen with `capture-pane`.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
let sessions = 0;

/** One CLI run in its own tmux session. */
export class Terminal {
  readonly name = `skills-test-${process.pid}-${sessions++}`;

  /** Starts `skills <args>` in `cwd`; the pane stays after it exits and shows `[exit N]`. */
  constructor(cwd: string, env: Record<string, string>, args: string[]) {
    const exports = Object.entries({ ...env, NO_COLOR: "1" }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ");
    const command = `cd ${JSON.stringify(cwd)} && env ${exports} ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${args.map((a) => JSON.stringify(a)).join(" ")}; echo "[exit $?]"; sleep 600`;
    execFileSync("tmux", ["new-session", "-d", "-s", this.name, "-x", "140", "-y", "40", command]);
  }

  /** The visible screen. */
  screen(): string {
    return execFileSync("tmux", ["capture-pane", "-p", "-t", this.name], { encoding: "utf8" });
  }

  /** Waits until the screen contains `text` (default 15 s). @throws with the screen when it never does. */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof text === "string" ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Types keys (tmux key names such as `Enter`, `Down`, `Space`, or literal text). */
  keys(...keys: string[]): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, ...keys]);
  }

  /** Ends the session. */
  close(): void {
    execFileSync("tmux", ["kill-session", "-t", this.name]);
  }
}
