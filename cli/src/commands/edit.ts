/**
 * `skills edit <slug>`: open an installed skill's SKILL.md in the
 * editor (`skills config editor`, else $VISUAL, $EDITOR, then vi, as git
 * picks one) and leave the `.modified` marker for `skills push`.
 */
import { Command } from "@commander-js/extra-typings";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../lib/errors.ts";
import { print } from "../lib/terminal/output.ts";
import { examples } from "./options.ts";

/** The `edit` command. */
export const command = new Command("edit")
  .description("open an installed skill's SKILL.md in $VISUAL, $EDITOR or vi and mark it modified")
  .argument("<slug>", "an installed skill")
  .addHelpText("after", examples("skills edit supabase-edge"))
  .action(async (slug) => {
    const { loadProject } = await import("../lib/project/project.ts");
    const { globalConfig } = await import("../lib/auth/global-config.ts");
    const { MODIFIED_MARKER } = await import("../lib/skill/folder.ts");
    const { writeFileAtomic } = await import("../lib/project/install.ts");
    const project = await loadProject();
    const file = join(project.installDir, slug, "SKILL.md");
    if (!project.config.skills.some((s) => s.slug === slug) || !existsSync(file)) {
      throw new CliError("NOT_FOUND", `${slug} is not installed here. Run \`skills add ${slug}\` first (or \`skills list --installed\`).`);
    }
    const editor = globalConfig().setting("editor") || process.env.VISUAL || process.env.EDITOR || "vi";
    // Through the shell, so an editor with arguments ("code --wait") works as in git.
    const result = spawnSync("sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit" });
    if (result.error || result.status !== 0) {
      throw new CliError("FAILED", `The editor "${editor}" failed${result.status ? ` (exit ${result.status})` : ""}; nothing was marked.`);
    }
    await writeFileAtomic(project.installDir, `${slug}/${MODIFIED_MARKER}`, `${new Date().toISOString()}\n`);
    print(`Edited ${slug} locally. Run \`skills push ${slug}\` to publish.`);
  });
