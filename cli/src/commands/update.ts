/** `skills update [slug]`: move skills to the newest versions their constraints allow; with a slug, only that one. */
import { Command } from "@commander-js/extra-typings";
import { CliError } from "../lib/errors.ts";
import { print } from "../lib/terminal/output.ts";
import { examples, yesOption } from "./options.ts";

/** The `update` command. */
export const command = new Command("update")
  .description("move skills to the newest versions their constraints allow")
  .argument("[slug]", "only this skill")
  .option("--force", "overwrite skill folders with local changes")
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
    const result = await syncInTerminal(project, "Checking for updates", {
      force: options.force ?? false,
      keep,
      accept: acceptFindings(options.yes),
    });
    const updated = result.installed.filter((s) => s.previousVersion !== undefined && s.previousVersion !== s.version);
    for (const skill of updated) print(`Updated ${skill.slug}: ${skill.previousVersion} → ${skill.version}`);
    for (const skill of result.installed.filter((s) => s.previousVersion === undefined)) print(`Installed ${skill.slug} ${skill.version}`);
    const partial = partialSyncError(result);
    if (partial) throw partial;
    if (updated.length === 0) print(slug ? `${slug} is up to date.` : "Everything is up to date.");
  });
