/** `skills add <ref…>`: declare skills in `.skills.yaml` and sync them. */
import { Command } from "@commander-js/extra-typings";
import { print } from "../lib/terminal/output.ts";
import type { Project } from "../lib/project/project.ts";
import type { DeclaredSkill, Source } from "../lib/project/config.ts";
import type { SkillRef } from "../lib/skill/ref.ts";
import { examples, yesOption } from "./options.ts";

/** The `add` command. */
export const command = new Command("add")
  .description("add skills to .skills.yaml and install them")
  .argument("<refs...>", "skills as <slug>, <registry>/<slug> or <source>/<slug>")
  .option("--version <constraint>", 'version constraint for the added skills, e.g. ">=1.0.0" or "^2.1.0"')
  .option("--force", "let the sync overwrite skill folders with local changes")
  .addOption(yesOption())
  .addHelpText("after", examples("skills add kove-inc/supabase-edge", "skills add zod-v4 --version '^2.0.0'"))
  .action(async (refs, options) => {
    const { checkValue, constraintSchema } = await import("../lib/terminal/args.ts");
    const { parseSkillRef } = await import("../lib/skill/ref.ts");
    const { loadProject } = await import("../lib/project/project.ts");
    const { withSkillsDeclared } = await import("../lib/project/config-text.ts");
    const { partialSyncError, syncInTerminal } = await import("../lib/sync/in-terminal.ts");
    const { acceptFindings } = await import("../lib/terminal/accept.ts");
    const { writeFileAtomic } = await import("../lib/project/install.ts");
    const { PROJECT_CONFIG_FILE } = await import("../lib/project/config.ts");
    const constraint = options.version === undefined ? undefined : checkValue(constraintSchema, options.version, "--version");
    const parsed = refs.map(parseSkillRef);
    const project = await loadProject();
    const change = await declarations(project, parsed, constraint);
    const configText = withSkillsDeclared(project.configText, change);
    const result = await syncInTerminal(project, "Installing", {
      force: options.force ?? false,
      configText,
      // An added skill that does not resolve stops the sync: it is not declared then.
      required: new Set(change.skills.map((s) => s.slug)),
      accept: acceptFindings(options.yes),
    });
    // Only a sync that installed every added skill records the new declarations.
    await writeFileAtomic(project.root, PROJECT_CONFIG_FILE, configText);
    for (const skill of change.skills) {
      const resolved = result.resolved.get(skill.slug)!;
      print(`Added: ${skill.slug} (${resolved.registry} v${resolved.version})`);
    }
    for (const line of (await import("../lib/sync/removals.ts")).removalLines(result, project.config.install_path)) print(line);
    const partial = partialSyncError(result);
    if (partial) throw partial;
  });

/** The declarations (and new sources) for the references, each checked to exist on its API. */
async function declarations(project: Project, refs: readonly SkillRef[], constraint: string | undefined) {
  const { locateSkill } = await import("../lib/skill/ref.ts");
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
