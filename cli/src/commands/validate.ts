/** `skills validate [slug]`: check installed skills (or one folder) against the registry's SKILL.md rule. */
import { Command } from "@commander-js/extra-typings";
import { basename, join, resolve } from "node:path";
import { CliError } from "../lib/errors.ts";
import { color, print, printJson } from "../lib/terminal/output.ts";
import type { SkillReport } from "../lib/skill/validate.ts";
import { examples, jsonOption } from "./options.ts";

/**
 * The `validate` command. JSON: `{ valid: boolean, fixed: string[], skills: [{ slug, errors: string[], warnings: string[] }] }`;
 * exit 1 when any skill has errors (with `--strict`, warnings too).
 */
export const command = new Command("validate")
  .description("check skills against the Agent Skills format (installed ones, or one folder): errors stop an agent from loading a skill, warnings do not")
  .argument("[slug]", "an installed skill")
  .option("--path <dir>", "validate this folder instead")
  .option("--strict", "fail on warnings too")
  .option("--fix", "add the Agent Skills frontmatter (name, and the description from the registry) to a SKILL.md without one")
  .addOption(jsonOption())
  .addHelpText("after", examples("skills validate", "skills validate --strict", "skills validate my-skill --fix", "skills validate --path ./my-skill"))
  .action(async (slug, options) => {
    const { findProject, loadProject } = await import("../lib/project/project.ts");
    const { checkFolder, fixFolder, lacksFrontmatter, recordDescription } = await import("../lib/skill/check-folder.ts");
    const folders: { slug: string; dir: string; installed: boolean }[] = [];
    const project = options.path ? await findProject() : await loadProject();
    if (options.path) {
      const dir = resolve(options.path);
      folders.push({ slug: slug ?? basename(dir), dir, installed: false });
    } else {
      const slugs = slug === undefined ? project!.config.skills.map((s) => s.slug) : [slug];
      if (slug !== undefined && !project!.config.skills.some((s) => s.slug === slug)) {
        throw new CliError("NOT_FOUND", `${slug} is not installed here. Pass --path to validate a folder.`);
      }
      for (const s of slugs) folders.push({ slug: s, dir: join(project!.installDir, s), installed: true });
    }
    const fixed: string[] = [];
    if (options.fix) {
      for (const folder of folders) {
        const change = await fixFolder(folder, () => recordDescription(project, folder));
        if (change) fixed.push(change);
      }
    }
    const reports: SkillReport[] = [];
    for (const folder of folders) reports.push(await checkFolder(folder));
    const failed = reports.filter((r) => r.errors.length > 0 || (options.strict === true && r.warnings.length > 0));
    if (options.json) printJson({ valid: failed.length === 0, fixed, skills: reports });
    else {
      for (const change of fixed) print(change);
      if (options.fix && fixed.length === 0) print("Nothing to fix: every SKILL.md has frontmatter.");
      if (reports.length === 0) print("No skills to validate.");
      for (const report of reports) {
        print(`${failed.includes(report) ? color.red("✗") : color.green("✓")} ${report.slug}`);
        for (const error of report.errors) print(`    ${color.red("error")}   ${error}`);
        for (const warning of report.warnings) print(`    ${color.yellow("warning")} ${warning}`);
      }
      if (reports.some(lacksFrontmatter)) print("Run `skills validate --fix` to add the frontmatter from the registry's record.");
    }
    if (failed.length > 0) {
      const bad = failed.map((r) => r.slug);
      const why = options.strict ? "with errors or warnings (--strict)" : "invalid";
      throw new CliError("INVALID_SKILL", `${bad.length} skill${bad.length === 1 ? "" : "s"} ${why}: ${bad.join(", ")}.`);
    }
  });
