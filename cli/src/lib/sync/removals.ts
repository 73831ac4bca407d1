/**
 * What a sync deleted, one line per folder: a skill folder in the install
 * path or an agent-directory copy. Every command that syncs (`sync`, `add`,
 * `update`, `remove`) prints these, so no folder disappears unmentioned, for
 * instance after lines were deleted from `.skills.yaml` by hand.
 */
import type { SyncResult } from "./run.ts";

/**
 * The lines naming each removed folder, e.g. `  removed .skills/x (no longer in .skills.yaml)` and
 * `  removed .claude/skills/x`.
 * @param installPath the project's install path, relative to its root.
 * @param named slugs the command reports itself (`skills remove`'s arguments): only their agent copies are listed.
 */
export function removalLines(result: Pick<SyncResult, "removed" | "targetsRemoved">, installPath: string, named: readonly string[] = []): string[] {
  return [
    ...result.removed.filter((slug) => !named.includes(slug)).map((slug) => `  removed ${installPath}/${slug} (no longer in .skills.yaml)`),
    ...result.targetsRemoved.map((dir) => `  removed ${dir}`),
  ];
}
