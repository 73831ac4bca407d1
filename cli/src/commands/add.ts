/** `skills add <ref…>` (spec §6.6): declare skills in `.skills.yaml` and sync them. */
import type { Command } from "commander";
import { constraintArg } from "../lib/cli-args.ts";
import { writeFileAtomic } from "../lib/install.ts";
import { META_SKILL } from "../lib/meta-skill.ts";
import { print, spinner } from "../lib/output.ts";
import { loadProject, type Project } from "../lib/project.ts";
import { PROJECT_CONFIG_FILE, parseProjectConfig, withSkillsDeclared, type DeclaredSkill, type Source } from "../lib/project-config.ts";
import { locateSkill, parseSkillRef, type SkillRef } from "../lib/skill-ref.ts";
import { runSync } from "../lib/sync.ts";

interface AddOptions {
  version?: string;
  force?: boolean;
}

/** Adds `add` to the program. */
export function addAddCommand(program: Command): void {
  program
    .command("add")
    .description("add skills to .skills.yaml and install them")
    .argument("<refs...>", "skills as <slug>, <registry>/<slug> or <source>/<slug>")
    .option("--version <constraint>", 'version constraint for the added skills, e.g. ">=1.0.0" or "^2.1.0"', constraintArg)
    .option("--force", "let the sync overwrite skill folders with local changes")
    .action(async (refs: string[], options: AddOptions) => {
      const parsed = refs.map(parseSkillRef);
      const project = await loadProject();
      const spin = await spinner("Looking up skills");
      const { skills, result } = await (async () => {
        const change = await declarations(project, parsed, options.version);
        const configText = withSkillsDeclared(project.configText, change);
        const result = await runSync(project, {
          force: options.force ?? false,
          metaSkill: META_SKILL,
          config: parseProjectConfig(configText),
          onProgress: (text) => (spin.text = text),
        });
        // Only a successful sync records the new declarations.
        await writeFileAtomic(project.root, PROJECT_CONFIG_FILE, configText);
        return { skills: change.skills, result };
      })().finally(() => spin.stop());
      for (const skill of skills) {
        const resolved = result.resolved.get(skill.slug)!;
        print(`Added: ${skill.slug} (${resolved.registry} v${resolved.version})`);
      }
    });
}

/** The declarations (and new sources) for the references, each checked to exist on its API. */
async function declarations(project: Project, refs: readonly SkillRef[], constraint: string | undefined) {
  let config = project.config;
  const sources: Source[] = [];
  const skills: DeclaredSkill[] = [];
  for (const ref of refs) {
    const located = await locateSkill(config, ref);
    if (located.newSource) {
      sources.push(located.source);
      // Later references see the sources added by earlier ones.
      config = { ...config, sources: [...config.sources, located.source] };
    }
    // Re-adding a declared skill without --version keeps its constraint.
    const version = constraint ?? project.config.skills.find((s) => s.slug === ref.slug)?.version;
    skills.push({ slug: ref.slug, source: located.source.name, ...(version ? { version } : {}) });
  }
  return { sources, skills };
}
