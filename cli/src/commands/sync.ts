/** `skills sync` (spec §6.6): install exactly what `.skills.yaml` declares, or with `--frozen` what `.skills.lock` pins. */
import { acceptFindings } from "../lib/terminal/accept.ts";
import { META_SKILL } from "../lib/project/meta-skill.ts";
import { print, spinner, warn } from "../lib/terminal/output.ts";
import { loadProject } from "../lib/project/project.ts";
import { runSync, type SyncResult } from "../lib/sync/run.ts";

/** Runs `sync`. */
export async function run(options: { force?: boolean; frozen?: boolean; yes?: boolean }): Promise<void> {
  const project = await loadProject();
  const spin = await spinner("Syncing");
  const result = await runSync(project, {
    force: options.force ?? false,
    frozen: options.frozen ?? false,
    metaSkill: META_SKILL,
    accept: acceptFindings(options.yes),
    onWarning: warn,
    onProgress: (text) => (spin.text = text),
  }).finally(() => spin.stop());
  printSyncResult(result);
}

/** Prints what a sync changed and the summary line "Synced N skills. M updated, K unchanged." */
export function printSyncResult(result: SyncResult): void {
  for (const skill of result.installed) {
    print(skill.previousVersion ? `  updated ${skill.slug} ${skill.previousVersion} → ${skill.version}` : `  installed ${skill.slug} ${skill.version}`);
  }
  for (const slug of result.removed) print(`  removed ${slug}`);
  for (const dir of result.targetsWritten) print(`  wrote ${dir}`);
  for (const dir of result.targetsRemoved) print(`  removed ${dir}`);
  const total = result.installed.length + result.unchanged.length;
  print(`Synced ${total} skill${total === 1 ? "" : "s"}. ${result.installed.length} updated, ${result.unchanged.length} unchanged.`);
}
