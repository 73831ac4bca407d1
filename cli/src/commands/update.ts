/** `skills update [slug]`: move skills to the newest versions their constraints allow; with a slug, only that one. */
import { Command } from "@commander-js/extra-typings";
import { CliError } from "../lib/errors.ts";
import { print, spinner, warn } from "../lib/terminal/output.ts";
import { examples, yesOption } from "./options.ts";

/** The `update` command. */
export const command = new Command("update")
  .description("move skills to the newest versions their constraints allow")
  .argument("[slug]", "only this skill")
  .option("--force", "discard local edits instead of merging the new version into them")
  .addOption(yesOption())
  .addHelpText("after", examples("skills update", "skills update supabase-edge"))
  .action(async (slug, options) => {
    const { loadProject } = await import("../lib/project/project.ts");
    const { partialSyncError, syncInTerminal } = await import("../lib/sync/in-terminal.ts");
    const { acceptFindings } = await import("../lib/terminal/accept.ts");
    const project = await loadProject();
    if (slug !== undefined && !project.config.skills.some((s) => s.slug === slug)) {
      throw new CliError("NOT_FOUND", `${slug} is not in .skills.yaml. Add it with \`skills add ${slug}\`.`);
    }
    const keep = new Set(slug === undefined ? [] : project.config.skills.map((s) => s.slug).filter((s) => s !== slug));
    const { editedSkills, mergeSummary } = await import("../lib/sync/merge-upstream.ts");
    // Edited skills stay at their locked version in the sync; the new version is then merged into each edit.
    const edited = options.force ? [] : await editedSkills(project, new Set(project.config.skills.map((s) => s.slug).filter((s) => !keep.has(s))));
    const result = await syncInTerminal(project, "Checking for updates", {
      force: options.force ?? false,
      keep: new Set([...keep, ...edited]),
      accept: acceptFindings(options.yes),
    });
    const updated = result.installed.filter((s) => s.previousVersion !== undefined && s.previousVersion !== s.version);
    for (const skill of updated) print(`Updated ${skill.slug}: ${skill.previousVersion} → ${skill.version}`);
    for (const skill of result.installed.filter((s) => s.previousVersion === undefined)) print(`Installed ${skill.slug} ${skill.version}`);
    for (const line of (await import("../lib/sync/removals.ts")).removalLines(result, project.config.install_path)) print(line);
    const { merged, failed } = edited.length === 0 ? { merged: [], failed: [] } : await mergeInTerminal(edited, options.yes);
    for (const reason of failed) warn(`${reason}; your local edits are kept as they are.`);
    const summary = mergeSummary(merged);
    for (const line of summary.lines) print(line);
    const partial = partialSyncError(result);
    if (partial) throw partial;
    if (summary.error) throw summary.error;
    if (updated.length === 0 && merged.length === 0) print(slug ? `${slug} is up to date.` : "Everything is up to date.");
  });

/** `mergeUpstream` on the project as the sync left it, behind a spinner paused during any security question. */
async function mergeInTerminal(edited: readonly string[], yes: boolean | undefined) {
  const { loadProject } = await import("../lib/project/project.ts");
  const { mergeUpstream } = await import("../lib/sync/merge-upstream.ts");
  const { acceptFindings, rememberingAccept } = await import("../lib/terminal/accept.ts");
  const project = await loadProject();
  const spin = await spinner(`Merging new versions into your edits of ${edited.join(", ")}`);
  return mergeUpstream(project, edited, rememberingAccept(project.installDir, acceptFindings(yes))).finally(() => spin.stop());
}
