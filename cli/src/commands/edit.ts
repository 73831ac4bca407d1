/**
 * `skills edit <slug>`: open an installed skill's SKILL.md in the editor
 * (`skills config editor`, else $EDITOR, else $VISUAL, else vim: the first
 * that starts) and leave the `.modified` marker for `skills push`.
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
  .description("open an installed skill's SKILL.md in your editor (config editor, $EDITOR, $VISUAL or vim) and mark it modified")
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
    openInEditor(editorCandidates(globalConfig().setting("editor"), process.env), file);
    await writeFileAtomic(project.installDir, `${slug}/${MODIFIED_MARKER}`, `${new Date().toISOString()}\n`);
    print(`Edited ${slug} locally. Run \`skills push ${slug}\` to publish.`);
  });

/** The editors to try, in order and each once: the configured one, $EDITOR, $VISUAL, then vim. */
function editorCandidates(configured: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const named = [configured, env.EDITOR, env.VISUAL, "vim"].map((e) => e?.trim()).filter((e): e is string => Boolean(e));
  return [...new Set(named)];
}

/** The shell's exit codes for a command it could not find (127) or run (126). */
const NOT_STARTED = new Set([126, 127]);

/**
 * Opens `file` in the first of `editors` that starts, through the shell so an editor with
 * arguments ("code --wait") works as in git.
 * @throws CliError FAILED when the editor that started failed, or none started (naming each tried).
 */
function openInEditor(editors: readonly string[], file: string): void {
  for (const editor of editors) {
    const result = spawnSync("sh", ["-c", `${editor} "$1"`, "sh", file], { stdio: "inherit" });
    if (result.error) throw new CliError("FAILED", `Cannot run a shell to start "${editor}": ${result.error.message}; nothing was marked.`);
    if (result.status === 0) return;
    if (!NOT_STARTED.has(result.status ?? 0)) {
      throw new CliError("FAILED", `The editor "${editor}" failed${result.status ? ` (exit ${result.status})` : ""}; nothing was marked.`);
    }
  }
  throw new CliError("FAILED", `No editor could be started (tried ${editors.join(", ")}); nothing was marked. Set one with \`skills config editor <command>\` or $EDITOR.`);
}
