/**
 * How `sync`, `add`, `update` and `push` accept security findings (README
 * "Agent folders and security warnings"): `--yes` accepts them with a warning
 * on stderr (CI), a terminal asks, and anything else refuses, so nothing
 * flagged lands unseen. In a project an acceptance is remembered for the
 * skill and the digest of its files (`project/accepted.ts`), so the same
 * content is not asked about again.
 */
import { warn, withSpinnerPaused } from "./output.ts";
import type { Finding } from "../skill/security.ts";

/** A skill about to be installed (or published) whose files raised security findings. */
export interface FlaggedSkill {
  slug: string;
  /** The version being installed or published. */
  version: string;
  /** The digest of the files scanned. */
  digest: string;
  findings: Finding[];
}

/** What a command does with flagged skills: resolves true to go on. */
export type Accept = (flagged: readonly FlaggedSkill[]) => Promise<boolean>;

/** The findings of every flagged skill, one line each, under its name. */
export function refusalMessage(flagged: readonly FlaggedSkill[]): string {
  return [
    "Security warnings:",
    ...flagged.flatMap((f) => [`  ${f.slug} v${f.version}:`, ...f.findings.map((x) => `    - ${x.message}`)]),
  ].join("\n");
}

/** The question asked about `flagged`: it names the skill and version when there is one. */
export function acceptQuestion(flagged: readonly FlaggedSkill[], verb: string): string {
  const only = flagged.length === 1 ? flagged[0]! : undefined;
  return `${verb} ${only ? `${only.slug} v${only.version}` : `these ${flagged.length} skills`} anyway?`;
}

/**
 * The `accept` callback for `runSync` (and push) given the `--yes` flag. The warnings and the
 * question are printed with any spinner stopped, so the question shows on its own line.
 */
export function acceptFindings(yes: boolean | undefined, verb = "Install"): Accept {
  return async (flagged) => {
    if (yes) {
      warn(`${refusalMessage(flagged)}\n(accepted with --yes)`);
      return true;
    }
    // Prompts (readline) load only when there is something to ask about.
    const { confirm, interactive } = await import("./prompt.ts");
    if (!interactive()) return false;
    return withSpinnerPaused(async () => {
      process.stderr.write(`${refusalMessage(flagged)}\n`);
      return confirm(acceptQuestion(flagged, verb), false);
    });
  };
}

/**
 * `accept` remembering its answers in the project at `installDir`: skills whose digest was
 * accepted there before pass without a word, the others are asked about, and an acceptance
 * is recorded for each of them.
 * @param installDir the project's install path; undefined (no project) remembers nothing.
 */
export function rememberingAccept(installDir: string | undefined, accept: Accept): Accept {
  if (installDir === undefined) return accept;
  return async (flagged) => {
    const { readAccepted, recordAccepted } = await import("../project/accepted.ts");
    const accepted = readAccepted(installDir);
    const unseen = flagged.filter((f) => accepted[f.slug]?.digest !== f.digest);
    if (unseen.length === 0) return true;
    if (!(await accept(unseen))) return false;
    await recordAccepted(installDir, unseen);
    return true;
  };
}
