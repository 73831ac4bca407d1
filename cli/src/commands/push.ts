/** `skills push <slug>` (spec §6.6): publish a local skill folder as a new skill or a new version. */
import { resolve } from "node:path";
import type { Command } from "commander";
import { schemaArg, versionArg } from "../lib/cli-args.ts";
import { usageError } from "../lib/errors.ts";
import { resolveApiUrl } from "../lib/global-config.ts";
import { print, spinner, warn } from "../lib/output.ts";
import { findProject, sourceApiUrl, type Project } from "../lib/project.ts";
import { pushSkill } from "../lib/push.ts";
import { registrySlug, skillSlug } from "../lib/wire.ts";

interface PushOptions {
  path?: string;
  registry?: string;
  version?: string;
  changelog?: string;
  apiUrl?: string;
}

/** Adds `push` to the program. */
export function addPushCommand(program: Command): void {
  program
    .command("push")
    .description("publish a skill folder (every file in it) as a new skill or a new version")
    .argument("<slug>", "skill slug (the SKILL.md name)", schemaArg(skillSlug))
    .option("--path <dir>", "skill folder (default: <install_path>/<slug> from .skills.yaml)")
    .option("--registry <slug>", "registry to publish to (default: the skill's source, else the first source)", schemaArg(registrySlug))
    .option("--version <x.y.z>", "version to publish (default: 1.0.0 for a new skill, else the latest with its patch bumped)", versionArg)
    .option("--changelog <text>", "what changed in this version")
    .option("--api-url <url>", "API URL (default: the registry's source URL in .skills.yaml)")
    .action(async (slug: string, options: PushOptions) => {
      const project = await findProject();
      const target = pushTarget(slug, options, project);
      const spin = await spinner(`Pushing ${slug} to ${target.registry}`);
      const result = await pushSkill({ slug, ...target, version: options.version, changelog: options.changelog, project }).finally(
        () => spin.stop(),
      );
      if (result.unchanged) {
        print(`Nothing to push: ${target.registry}/${slug} v${result.version} already has exactly these files.`);
        return;
      }
      print(`Pushed ${slug} v${result.version} to ${target.registry}${result.created ? " (new skill)" : ""}`);
      if (result.excludedBy) {
        warn(`.skills.yaml pins ${slug} to "${result.excludedBy}", which excludes v${result.version}; \`skills sync\` will install a matching version instead.`);
      }
    });
}

/** The folder, registry and API URL of a push, from the flags and `.skills.yaml`. */
function pushTarget(slug: string, options: PushOptions, project: Project | null) {
  const declared = project?.config.skills.find((s) => s.slug === slug);
  const sources = project?.config.sources ?? [];
  const declaredSource = declared && sources.find((s) => s.name === declared.source);
  const source = options.registry
    ? sources.find((s) => s.registry === options.registry)
    : (declaredSource ?? sources[0]);
  const registry = options.registry ?? source?.registry;
  if (!registry) throw usageError("No registry to push to: pass --registry, or run `skills init` to create .skills.yaml.");
  const dir = options.path ? resolve(options.path) : project ? resolve(project.installDir, slug) : undefined;
  if (!dir) throw usageError("No skill folder: pass --path, or run `skills init` to create .skills.yaml.");
  const apiUrl =
    options.apiUrl === undefined && source
      ? sourceApiUrl(source)
      : resolveApiUrl({ flag: options.apiUrl, projectUrl: sources[0]?.url });
  return { dir, registry, apiUrl };
}
