/** `skills remove <slug…>`: undeclare skills and delete the folders this CLI installed for them. */
import { Command } from "@commander-js/extra-typings";
import { CliError } from "../lib/errors.ts";
import { writeFileAtomic } from "../lib/project/install.ts";
import { META_SKILL } from "../lib/project/meta-skill.ts";
import { print, spinner, warn } from "../lib/terminal/output.ts";
import { loadProject } from "../lib/project/project.ts";
import { PROJECT_CONFIG_FILE } from "../lib/project/config.ts";
import { withSkillsRemoved } from "../lib/project/config-text.ts";
import { runSync } from "../lib/sync/run.ts";
import { examples } from "./options.ts";

/** The `remove` command. */
export const command = new Command("remove")
  .description("remove skills from .skills.yaml and delete their installed folders")
  .argument("<slugs...>", "skill slugs")
  .option("--force", "delete folders even if they have local changes")
  .addHelpText("after", examples("skills remove zod-v4"))
  .action(async (slugs, options) => {
    const project = await loadProject();
    const unknown = slugs.filter((slug) => !project.config.skills.some((s) => s.slug === slug));
    if (unknown.length > 0) {
      throw new CliError("NOT_FOUND", `Not in ${PROJECT_CONFIG_FILE}: ${unknown.join(", ")}. Run \`skills list --installed\` to see what is.`);
    }
    const configText = withSkillsRemoved(project.configText, slugs);
    const spin = await spinner("Removing");
    // The sync deletes locked folders no longer declared (and their agent-folder copies) and rewrites the index and lockfile.
    await runSync(project, {
      force: options.force ?? false,
      metaSkill: META_SKILL,
      configText,
      onWarning: warn,
      onProgress: (text) => (spin.text = text),
    }).finally(() => spin.stop());
    // Only a successful sync records the removal.
    await writeFileAtomic(project.root, PROJECT_CONFIG_FILE, configText);
    for (const slug of slugs) print(`Removed: ${slug}`);
  });
