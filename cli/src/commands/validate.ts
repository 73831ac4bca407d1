/** `skills validate [slug]`: check installed skills (or one folder) against the Agent Skills format. */
import { Command } from "@commander-js/extra-typings";
import { basename, join, resolve } from "node:path";
import { CliError } from "../lib/errors.ts";
import { color, print, printJson } from "../lib/terminal/output.ts";
import type { SkillReport } from "../lib/skill/validate.ts";
import { examples, jsonOption } from "./options.ts";

/** The `validate` command. JSON: `{ valid: boolean, skills: [{ slug, errors: string[], warnings: string[] }] }`; exit 1 when any skill has errors. */
export const command = new Command("validate")
  .description("check skills against the Agent Skills format (installed ones, or one folder)")
  .argument("[slug]", "an installed skill")
  .option("--path <dir>", "validate this folder instead")
  .addOption(jsonOption())
  .addHelpText("after", examples("skills validate", "skills validate --path ./my-skill"))
  .action(async (slug, options) => {
    const { loadProject } = await import("../lib/project/project.ts");
    const { readFolder } = await import("../lib/skill/folder.ts");
    const { validateSkill } = await import("../lib/skill/validate.ts");
    const folders: { slug: string; dir: string }[] = [];
    if (options.path) {
      const dir = resolve(options.path);
      folders.push({ slug: slug ?? basename(dir), dir });
    } else {
      const project = await loadProject();
      const slugs = slug === undefined ? project.config.skills.map((s) => s.slug) : [slug];
      if (slug !== undefined && !project.config.skills.some((s) => s.slug === slug)) {
        throw new CliError("NOT_FOUND", `${slug} is not installed here. Pass --path to validate a folder.`);
      }
      for (const s of slugs) folders.push({ slug: s, dir: join(project.installDir, s) });
    }
    const reports: SkillReport[] = [];
    for (const folder of folders) {
      const files = await readFolder(folder.dir);
      reports.push(files ? validateSkill(folder.slug, files) : { slug: folder.slug, errors: [`no folder at ${folder.dir} (run \`skills sync\`)`], warnings: [] });
    }
    const valid = reports.every((r) => r.errors.length === 0);
    if (options.json) printJson({ valid, skills: reports });
    else {
      if (reports.length === 0) print("No skills to validate.");
      for (const report of reports) {
        print(`${report.errors.length === 0 ? color.green("✓") : color.red("✗")} ${report.slug}`);
        for (const error of report.errors) print(`    ${color.red("error")}   ${error}`);
        for (const warning of report.warnings) print(`    ${color.yellow("warning")} ${warning}`);
      }
    }
    if (!valid) {
      const bad = reports.filter((r) => r.errors.length > 0).map((r) => r.slug);
      throw new CliError("INVALID_SKILL", `${bad.length} invalid skill${bad.length === 1 ? "" : "s"}: ${bad.join(", ")}.`);
    }
  });
