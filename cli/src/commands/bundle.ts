/** `skills bundle [slugs…]`: every chosen installed SKILL.md in one markdown file. */
import { Command } from "@commander-js/extra-typings";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CliError } from "../lib/errors.ts";
import { print } from "../lib/terminal/output.ts";
import { examples } from "./options.ts";

/** The `bundle` command. */
export const command = new Command("bundle")
  .description("concatenate installed SKILL.md files into one markdown file")
  .argument("[slugs...]", "skills to bundle (default: every installed skill)")
  .option("-o, --output <file>", "where to write it", "skills-bundle.md")
  .addHelpText("after", examples("skills bundle --output AGENTS.md"))
  .action(async (slugs, options) => {
    const { loadProject } = await import("../lib/project/project.ts");
    const { bundleSkills } = await import("../lib/skill/bundle.ts");
    const { writeFileAtomic } = await import("../lib/project/install.ts");
    const project = await loadProject();
    const locked = new Map((project.lock?.skills ?? []).map((s) => [s.slug, s]));
    const chosen = slugs.length > 0 ? slugs : project.config.skills.map((s) => s.slug);
    const missing = chosen.filter((s) => !locked.has(s));
    if (missing.length > 0) throw new CliError("NOT_FOUND", `Not installed: ${missing.join(", ")}. Run \`skills add\` or \`skills sync\` first.`);
    const skills = await Promise.all(
      chosen.map(async (slug) => {
        const entry = locked.get(slug)!;
        const content = await readFile(join(project.installDir, slug, "SKILL.md"), "utf8").catch(() => {
          throw new CliError("NOT_FOUND", `${slug}/SKILL.md is missing. Run \`skills sync\`.`);
        });
        return { slug, registry: entry.registry, version: entry.version, content };
      }),
    );
    const text = bundleSkills(skills);
    const output = resolve(options.output);
    await writeFileAtomic(resolve(output, ".."), output.split("/").at(-1)!, text);
    print(`Bundled ${skills.length} skill${skills.length === 1 ? "" : "s"} into ${options.output} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
  });
