/**
 * How `sync`, `add`, `update` and `remove` run a sync: behind a spinner that
 * shows each phase, paused while a security question is asked (warnings
 * accepted in the project before are not asked again) and stopped before
 * anything else is printed, with the bundled meta-skill and warnings on stderr,
 * each skill that did not resolve among them; the command then ends with
 * `partialSyncError` so a script sees exit code 1.
 */
import { CliError } from "../errors.ts";
import { META_SKILL } from "../project/meta-skill.ts";
import type { Project } from "../project/project.ts";
import { spinner, warn } from "../terminal/output.ts";
import { runSync, type SyncOptions, type SyncResult } from "./run.ts";

/** What a command chooses of a sync; the rest is the same for every command. */
export type CommandSyncOptions = Omit<SyncOptions, "metaSkill" | "onWarning" | "onProgress">;

/**
 * Runs `runSync` on `project` behind a spinner labelled `label` (e.g. "Syncing").
 * @returns what the sync did.
 * @throws whatever `runSync` throws, with the spinner stopped.
 */
export async function syncInTerminal(project: Project, label: string, options: CommandSyncOptions): Promise<SyncResult> {
  const spin = await spinner(label);
  const asked = options.accept;
  // Findings accepted in this project before pass without a question; accept.ts loads only when something is flagged.
  const accept = asked && (async (flagged: Parameters<typeof asked>[0]) => (await import("../terminal/accept.ts")).rememberingAccept(project.installDir, asked)(flagged));
  const result = await runSync(project, { ...options, accept, metaSkill: META_SKILL, onWarning: warn, onProgress: (text) => (spin.text = text) }).finally(() =>
    spin.stop(),
  );
  for (const { reason, kept } of result.failed) warn(`${reason}; ${kept === undefined ? "not installed" : `v${kept} stays installed`}.`);
  return result;
}

/**
 * The error a command ends with after a sync that left skills unresolved (exit code 1), naming
 * them and what to do; null when every skill resolved.
 */
export function partialSyncError({ failed }: Pick<SyncResult, "failed">): CliError | null {
  if (failed.length === 0) return null;
  const slugs = failed.map((f) => f.slug).join(", ");
  const skills = failed.length === 1 ? "1 skill" : `${failed.length} skills`;
  return new CliError(
    "UNRESOLVED",
    `${skills} could not be synced (${slugs}); the others are installed. Fix ${failed.length === 1 ? "its entry" : "their entries"} in .skills.yaml (or \`skills remove ${failed[0]!.slug}\`) and run \`skills sync\` again.`,
  );
}
