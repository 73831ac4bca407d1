/** `skills sync`: install exactly what `.skills.yaml` declares, or with `--frozen` what `.skills.lock` pins. */
import { Command } from "@commander-js/extra-typings";
import { print } from "../lib/terminal/output.ts";
import { loadProject } from "../lib/project/project.ts";
import type { SyncResult } from "../lib/sync/run.ts";
import { partialSyncError, syncInTerminal } from "../lib/sync/in-terminal.ts";
import { removalLines } from "../lib/sync/removals.ts";
import { examples, yesOption } from "./options.ts";

/** The `sync` command. */
export const command = new Command("sync")
  .description("install the skills declared in .skills.yaml, update SKILLS_INDEX.md and .skills.lock (exit 1 if any did not resolve)")
  .option("--force", "overwrite (or remove) skill folders with local changes")
  .option("--frozen", "CI: install exactly what .skills.lock pins; fail (exit 1) on any difference")
  .addOption(yesOption())
  .addHelpText("after", examples("skills sync", "SKILLS_TOKEN=… skills sync --frozen --yes"))
  .action(async (options) => {
    const project = await loadProject();
    const result = await syncInTerminal(project, "Syncing", {
      force: options.force ?? false,
      frozen: options.frozen ?? false,
      // Only a sync that installs something flagged asks; a warm sync never loads accept.ts.
      accept: async (flagged) => (await import("../lib/terminal/accept.ts")).acceptFindings(options.yes)(flagged),
    });
    printSyncResult(result, project.config.install_path);
    const partial = partialSyncError(result);
    if (partial) throw partial;
  });

/**
 * Prints what a sync changed and the summary line "Synced N skills. M updated, K unchanged."
 * (", F failed" after N when some did not resolve). A folder written at the version the lock
 * already named (a fresh clone, `--frozen` in CI, a restore) counts as installed, not updated:
 * then the line reads "I installed" and names only the other counts that are not zero.
 */
function printSyncResult(result: SyncResult, installPath: string): void {
  const updated = result.installed.filter((s) => s.previousVersion !== undefined && s.previousVersion !== s.version);
  for (const skill of result.installed) {
    print(updated.includes(skill) ? `  updated ${skill.slug} ${skill.previousVersion} → ${skill.version}` : `  installed ${skill.slug} ${skill.version}`);
  }
  for (const dir of result.targetsWritten) print(`  wrote ${dir}`);
  for (const line of removalLines(result, installPath)) print(line);
  const total = result.installed.length + result.unchanged.length;
  const failed = result.failed.length > 0 ? `, ${result.failed.length} failed` : "";
  const installed = result.installed.length - updated.length;
  const counts =
    installed === 0
      ? `${updated.length} updated, ${result.unchanged.length} unchanged`
      : [`${installed} installed`, ...(updated.length > 0 ? [`${updated.length} updated`] : []), ...(result.unchanged.length > 0 ? [`${result.unchanged.length} unchanged`] : [])].join(", ");
  print(`Synced ${total} skill${total === 1 ? "" : "s"}${failed}. ${counts}.`);
}
