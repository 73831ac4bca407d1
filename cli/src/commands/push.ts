/**
 * `skills push [slug]`: publish a local skill folder as a new
 * skill or a new version; without a slug, every installed skill with local
 * changes; with `--from-stdin`, SKILL.md comes from stdin.
 */
import { Command } from "@commander-js/extra-typings";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { text } from "node:stream/consumers";
import { CliError, usageError } from "../lib/errors.ts";
import { print, spinner, warn } from "../lib/terminal/output.ts";
import type { Project } from "../lib/project/project.ts";
import { examples, yesOption } from "./options.ts";

// Declared apart from its action so the helpers below can take its options' type.
const declaration = new Command("push")
  .description("publish a skill folder (every file in it) as a new skill or version; without a slug, every locally modified skill")
  .argument("[slug]", "skill slug (the folder name, and the SKILL.md frontmatter `name` when there is one; with --path, taken from the folder)")
  .option("--path <dir>", "skill folder (default: <install_path>/<slug> from .skills.yaml)")
  .option("--from-stdin", "read SKILL.md from stdin (the other files come from the folder, if any)")
  .option("--registry <slug>", "registry to publish to (default: the skill's source, else the first source)")
  .option("--version <x.y.z>", "version to publish (default: 1.0.0 for a new skill, else the latest with its patch bumped)")
  .option("--changelog <text>", "what changed in this version")
  .option("--api-url <url>", "API URL (default: the registry's source URL in .skills.yaml)")
  .option("--force", "publish even when someone published a newer version than the one your folder is based on (it stays in the history)")
  .option("--skip-validation", "send even when `skills validate` finds errors (shown as warnings); the registry still refuses a folder an agent cannot load")
  .addOption(yesOption())
  .addHelpText("after", examples("skills push supabase-edge", "skills push", "skills push --path ./my-skill", "cat SKILL.md | skills push my-skill --from-stdin"));
type PushOptions = ReturnType<typeof declaration.opts>;

/** The `push` command. */
export const command = declaration.action(async (slugArg, options) => {
    const { checkValue, versionSchema } = await import("../lib/terminal/args.ts");
    const { registrySlug, skillSlug } = await import("../../../supabase/functions/_shared/wire/slugs.ts");
    const { findProject } = await import("../lib/project/project.ts");
    const version = options.version === undefined ? undefined : checkValue(versionSchema, options.version, "--version");
    if (options.registry !== undefined) checkValue(registrySlug, options.registry, "--registry");
    if (slugArg === undefined && !(options.path && !options.fromStdin)) {
      if (options.fromStdin || version) throw usageError("--from-stdin and --version need a skill slug (or --path DIR, whose folder name is the slug).");
      await pushModified(options);
      return;
    }
    // `--path DIR` alone: the folder's name is the slug, and its SKILL.md `name` must agree.
    const slug = slugArg === undefined ? await (await import("../lib/push/folder-slug.ts")).slugOfFolder(options.path!) : checkValue(skillSlug, slugArg, "slug");
    const skillMd = options.fromStdin ? await readStdin() : undefined;
    const project = await findProject();
    await pushOne(slug, { ...options, version }, project, skillMd);
  });

async function pushOne(slug: string, options: PushOptions, project: Project | null, skillMd: Buffer | undefined): Promise<void> {
  const { pushSkill } = await import("../lib/push/push.ts");
  const { acceptFindings, rememberingAccept } = await import("../lib/terminal/accept.ts");
  const target = await pushTarget(slug, options, project, skillMd !== undefined);
  const spin = await spinner(`Pushing ${slug} to ${target.registry}`);
  const result = await pushSkill({
    slug,
    ...target,
    version: options.version,
    changelog: options.changelog,
    project,
    skillMd,
    skipValidation: options.skipValidation,
    force: options.force,
    accept: rememberingAccept(project?.installDir, acceptFindings(options.yes, "Publish")),
    onWarning: warn,
  }).finally(() => spin.stop());
  if (result.unchanged) {
    print(`Nothing to push: ${target.registry}/${slug} v${result.version} already has exactly these files.`);
    return;
  }
  print(`Pushed ${slug} v${result.version} to ${target.registry}${result.created ? " (new skill)" : ""}`);
  if (result.excludedBy) {
    warn(`.skills.yaml pins ${slug} to "${result.excludedBy}", which excludes v${result.version}; \`skills sync\` will install a matching version instead.`);
  }
}

/**
 * Every installed skill whose folder differs from its locked digest or carries the `.modified` marker of `skills edit`.
 * One based on an older version than the latest is refused and the others still pushed; the command then fails naming it.
 */
async function pushModified(options: PushOptions): Promise<void> {
  const { loadProject } = await import("../lib/project/project.ts");
  const { MODIFIED_MARKER, scanFolder } = await import("../lib/skill/folder.ts");
  const project = await loadProject();
  const modified: string[] = [];
  for (const locked of project.lock?.skills ?? []) {
    const dir = join(project.installDir, locked.slug);
    const folder = await scanFolder(dir);
    if (folder && (folder.digest !== locked.digest || existsSync(join(dir, MODIFIED_MARKER)))) modified.push(locked.slug);
  }
  if (modified.length === 0) {
    print("No locally modified skills to push.");
    return;
  }
  // Each push rewrites the lockfile, so the next one starts from the file, not from a stale copy.
  const stale: CliError[] = [];
  for (const slug of modified) {
    await pushOne(slug, options, await loadProject(), undefined).catch((error: unknown) => {
      if (!(error instanceof CliError && error.code === "CONFLICT")) throw error;
      stale.push(error);
    });
  }
  if (stale.length > 0) throw new CliError("CONFLICT", stale.map((e) => e.message).join("\n"));
}

async function readStdin(): Promise<Buffer> {
  if (process.stdin.isTTY) throw usageError("--from-stdin reads SKILL.md from a pipe: `cat SKILL.md | skills push <slug> --from-stdin`.");
  const content = await text(process.stdin);
  if (content.trim() === "") throw usageError("--from-stdin got empty input; nothing was published.");
  return Buffer.from(content, "utf8");
}

/** The folder, registry and API URL of a push, from the flags and `.skills.yaml`. */
async function pushTarget(slug: string, options: PushOptions, project: Project | null, fromStdin: boolean) {
  const { sourceApiUrl } = await import("../lib/project/project.ts");
  const { resolveApiUrl } = await import("../lib/auth/global-config.ts");
  const declared = project?.config.skills.find((s) => s.slug === slug);
  const sources = project?.config.sources ?? [];
  const declaredSource = declared && sources.find((s) => s.name === declared.source);
  const source = options.registry ? sources.find((s) => s.registry === options.registry) : (declaredSource ?? sources[0]);
  const registry = options.registry ?? source?.registry;
  if (!registry) throw usageError("No registry to push to: pass --registry, or run `skills init` to create .skills.yaml.");
  const dir = options.path ? resolve(options.path) : project ? resolve(project.installDir, slug) : fromStdin ? resolve(slug) : undefined;
  if (!dir) throw usageError("No skill folder: pass --path, or run `skills init` to create .skills.yaml.");
  if (options.path && !existsSync(dir) && !fromStdin) throw new CliError("INVALID_SKILL", `No skill folder at ${dir}.`);
  const apiUrl =
    options.apiUrl === undefined && source ? sourceApiUrl(source) : resolveApiUrl({ flag: options.apiUrl, projectUrl: sources[0]?.url });
  return { dir, registry, apiUrl };
}
