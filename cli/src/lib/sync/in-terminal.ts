/**
 * How `sync`, `add`, `update` and `remove` run a sync: behind a spinner that
 * shows each phase and stops before anything else is printed (a security
 * question included), with the bundled meta-skill and warnings on stderr.
 */
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
  return runSync(project, { ...options, metaSkill: META_SKILL, onWarning: warn, onProgress: (text) => (spin.text = text) }).finally(() => spin.stop());
}
