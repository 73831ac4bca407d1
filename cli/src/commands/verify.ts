/**
 * `skills verify`: checks without writing and without
 * the network that `.skills.lock` matches `.skills.yaml`, every installed
 * folder (and agent-directory copy) matches its locked digest, and the
 * meta-skill is current. Exit 1 naming each difference.
 */
import { Command } from "@commander-js/extra-typings";
import { existsSync } from "node:fs";
import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../lib/errors.ts";
import { print, printJson } from "../lib/terminal/output.ts";
import { examples, jsonOption } from "./options.ts";

/** The `verify` command. JSON: `{ ok: boolean, problems: string[] }`. */
export const command = new Command("verify")
  .description("check, without writing or network, that installed skills match .skills.lock and .skills.yaml")
  .addOption(jsonOption())
  .addHelpText("after", examples("skills verify"))
  .action(async (options) => {
    const { scanFolderCached } = await import("../lib/skill/folder.ts");
    const { folderDrift, lockDrift } = await import("../lib/sync/frozen.ts");
    const { META_SKILL_FOLDER } = await import("../lib/project/index-file.ts");
    const { META_SKILL } = await import("../lib/project/meta-skill.ts");
    const { loadProject, readTextIfExists } = await import("../lib/project/project.ts");
    const { installFolderKey } = await import("../lib/project/state.ts");
    const { scanTargetFolder } = await import("../lib/targets/sync.ts");
    const { linkTarget, wantedTargetEntries } = await import("../lib/targets/targets.ts");
    const project = await loadProject();
    const { config, lock } = project;
    const problems = lockDrift(config, lock);
    if (lock) {
      const { state, stats } = project;
      const local = new Map();
      for (const entry of lock.skills) {
        const scanned = scanFolderCached(join(project.installDir, entry.slug), stats.folders[installFolderKey(config.install_path, entry.slug)], stats.writtenAt);
        if (scanned) local.set(entry.slug, scanned.manifest);
      }
      problems.push(...folderDrift(lock, local, config.install_path, true));
      const digestOf = new Map(lock.skills.map((s) => [s.slug, s.digest]));
      for (const entry of wantedTargetEntries(config.targets, config.skills.map((s) => s.slug), config.link)) {
        if (!digestOf.has(entry.slug)) continue;
        const owned = state.targets[entry.dir];
        // A folder this CLI did not create is the user's; sync leaves it alone, so verify does too.
        if (!owned && existsSync(join(project.root, entry.dir))) continue;
        if (owned?.link) {
          const to = await readlink(join(project.root, entry.dir)).catch(() => null);
          if (to !== linkTarget(project.root, project.installDir, entry)) problems.push(`${entry.dir}: missing or not linked to ${config.install_path}/${entry.slug}`);
          continue;
        }
        const scanned = scanTargetFolder(join(project.root, entry.dir), entry.dir, stats);
        if (!scanned) problems.push(`${entry.dir}: missing`);
        // A spec-format lock pins SKILL.md alone, not a folder digest a copy could be compared with.
        else if (lock.upgrade !== "spec" && scanned.manifest.digest !== digestOf.get(entry.slug)) problems.push(`${entry.dir}: differs from the locked version`);
      }
    }
    if (readTextIfExists(join(project.installDir, META_SKILL_FOLDER, "SKILL.md")) !== META_SKILL.text) {
      problems.push(`${config.install_path}/${META_SKILL_FOLDER}/SKILL.md: missing or not this CLI's meta-skill`);
    }
    if (options.json) printJson({ ok: problems.length === 0, problems });
    if (problems.length > 0) {
      if (options.json) throw new CliError("OUT_OF_DATE", `${problems.length} difference(s).`);
      throw new CliError("OUT_OF_DATE", `Not in sync with .skills.lock:\n${problems.map((p) => `  ${p}`).join("\n")}\nRun \`skills sync\` to install what is missing and update the lockfile; \`skills sync --force\` also restores edited files (publish edits first with \`skills push\`).`);
    }
    print(`Verified: ${lock!.skills.length} skill(s) match .skills.lock.`);
  });
