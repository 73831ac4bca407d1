/**
 * How `sync`, `add`, `update` and `push` accept security findings (README
 * "Agent folders and security warnings"): `--yes` accepts them with a warning
 * on stderr (CI), a terminal asks, and anything else refuses, so nothing
 * flagged lands unseen.
 */
import { warn } from "./output.ts";
import type { Finding } from "../skill/security.ts";

/** A skill about to be installed (or published) whose files raised security findings. */
export interface FlaggedSkill {
  slug: string;
  version: string;
  findings: Finding[];
}

/** The findings of every flagged skill, one line each, under its name. */
export function refusalMessage(flagged: readonly FlaggedSkill[]): string {
  return [
    "Security warnings:",
    ...flagged.flatMap((f) => [`  ${f.slug} v${f.version}:`, ...f.findings.map((x) => `    - ${x.message}`)]),
  ].join("\n");
}


/** The `accept` callback for `runSync` (and push) given the `--yes` flag. */
export function acceptFindings(yes: boolean | undefined, verb = "Install"): (flagged: readonly FlaggedSkill[]) => Promise<boolean> {
  return async (flagged) => {
    if (yes) {
      warn(`${refusalMessage(flagged)}\n(accepted with --yes)`);
      return true;
    }
    // Prompts (readline) load only when there is something to ask about.
    const { confirm, interactive } = await import("./prompt.ts");
    if (!interactive()) return false;
    process.stderr.write(`${refusalMessage(flagged)}\n`);
    return confirm(`${verb} ${flagged.length === 1 ? "it" : "them"} anyway?`, false);
  };
}
