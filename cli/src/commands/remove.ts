/** `skills remove <slug…>`: undeclare skills and delete the folders this CLI installed for them. */
import { Command } from "@commander-js/extra-typings";
import { CliError } from "../lib/errors.ts";
import { print } from "../lib/terminal/output.ts";
import { examples } from "./options.ts";

/** The `remove` command. */
export const command = new Command("remove")
  .description("remove skills from .skills.yaml and delete their installed folders")
  .argument("<slugs...>", "skill slugs")
  .option("--force", "delete folders even if they have local changes")
  .addHelpText("after", examples("skills remove zod-v4"))
  .action(async (slugs, options) => {
    const { loadProject } = await import("../lib/project/project.ts");
    const { PROJECT_CONFIG_FILE } = await import("../lib/project/config.ts");
    const { withSkillsRemoved } = await import("../lib/project/config-text.ts");
    const { partialSyncError, syncInTerminal } = await import("../lib/sync/in-terminal.ts");
    const { writeFileAtomic } = await import("../lib/project/install.ts");
    const project = await loadProject();
    const unknown = slugs.filter((slug) => !project.config.skills.some((s) => s.slug === slug));
    if (unknown.length > 0) {
      throw new CliError("NOT_FOUND", `Not in ${PROJECT_CONFIG_FILE}: ${unknown.join(", ")}. Run \`skills list --installed\` to see what is.`);
    }
    const configText = withSkillsRemoved(project.configText, slugs);
    // The sync deletes locked folders no longer declared (and their agent-folder copies) and rewrites the index and lockfile.
    const result = await syncInTerminal(project, "Removing", { force: options.force ?? false, configText });
    // Only a successful sync records the removal.
    await writeFileAtomic(project.root, PROJECT_CONFIG_FILE, configText);
    const { removalLines } = await import("../lib/sync/removals.ts");
    for (const line of removalLines(result, project.config.install_path, slugs)) print(line);
    for (const slug of slugs) print(`Removed: ${slug}`);
    const partial = partialSyncError(result);
    if (partial) throw partial;
  });
