/** `skills sync` (spec §6.6): install exactly what `.skills.yaml` declares. */
import type { Command } from "commander";
import { META_SKILL } from "../lib/meta-skill.ts";
import { print, spinner } from "../lib/output.ts";
import { loadProject } from "../lib/project.ts";
import { runSync, type SyncResult } from "../lib/sync.ts";

/** Adds `sync` to the program. */
export function addSyncCommand(program: Command): void {
  program
    .command("sync")
    .description("install the skills declared in .skills.yaml, update SKILLS_INDEX.md and .skills.lock")
    .option("--force", "overwrite (or remove) skill folders with local changes")
    .action(async (options: { force?: boolean }) => {
      const project = await loadProject();
      const spin = await spinner("Syncing");
      const result = await runSync(project, {
        force: options.force ?? false,
        metaSkill: META_SKILL,
        onProgress: (text) => (spin.text = text),
      }).finally(() => spin.stop());
      printSyncResult(result);
    });
}

/** Prints what a sync changed and the summary line "Synced N skills. M updated, K unchanged." */
function printSyncResult(result: SyncResult): void {
  for (const skill of result.installed) {
    print(skill.previousVersion ? `  updated ${skill.slug} ${skill.previousVersion} → ${skill.version}` : `  installed ${skill.slug} ${skill.version}`);
  }
  for (const slug of result.removed) print(`  removed ${slug}`);
  const total = result.installed.length + result.unchanged.length;
  print(`Synced ${total} skill${total === 1 ? "" : "s"}. ${result.installed.length} updated, ${result.unchanged.length} unchanged.`);
}
