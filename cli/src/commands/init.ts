/**
 * `skills init`: create `.skills.yaml` here, ignore
 * the install path in git, and ask which agents the repository uses (agent
 * folders that already exist are preselected). Where `.skills.yaml` exists
 * it changes only the options given, so its declared skills survive.
 */
import { Command } from "@commander-js/extra-typings";
import { join } from "node:path";
import { usageError } from "../lib/errors.ts";
import { color, print } from "../lib/terminal/output.ts";
import type { Target } from "../lib/targets/targets.ts";
import { examples } from "./options.ts";

/** The `init` command. */
export const command = new Command("init")
  .description("create .skills.yaml in the current folder, or change only the options given in an existing one")
  .option("--api-url <url>", "API URL of the registry (default: $SKILLS_API_URL, your login, or the local stack)")
  .option("--registry <slug>", "registry to use as the first source (your username or an organization)")
  .option("--install-path <dir>", "folder for installed skills, relative to here")
  .option("--targets <list>", "agent folders to install into too, comma-separated: claude, agents, github, gemini, opencode, windsurf (or none)")
  .option("--link", "symlink agent folders to the install path instead of copying")
  .option("-y, --yes", "ask nothing (an existing .skills.yaml is never replaced: only the options given change)")
  .addHelpText(
    "after",
    examples("skills init", "skills init --registry kove-inc --targets claude,agents --yes", "skills init --install-path tools/skills --yes   # in a repository that has .skills.yaml"),
  )
  .action(async (options) => {
    const { PROJECT_CONFIG_FILE } = await import("../lib/project/config.ts");
    const { readTextIfExists } = await import("../lib/project/project.ts");
    const { interactive, valueOrPrompt } = await import("../lib/terminal/prompt.ts");
    const { globalConfig, resolveApiUrl } = await import("../lib/auth/global-config.ts");
    const { checkValue } = await import("../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../supabase/functions/_shared/wire/slugs.ts");
    const { TARGET_DIRS } = await import("../lib/targets/targets.ts");
    const root = process.cwd();
    const ask = !options.yes && interactive();
    const given = {
      registry: options.registry === undefined ? undefined : checkValue(registrySlug, options.registry, "--registry"),
      apiUrl: options.apiUrl === undefined ? undefined : resolveApiUrl({ flag: options.apiUrl }),
      installPath: options.installPath === undefined ? undefined : await checkedInstallPath(options.installPath),
      targets: options.targets === undefined ? undefined : await parseTargets(options.targets),
    };
    const existing = readTextIfExists(join(root, PROJECT_CONFIG_FILE));
    // A file of only comments declares nothing to keep: it is written as a new one.
    if (existing !== null && existing.replace(/#.*$/gm, "").trim() !== "") {
      await updateConfig(root, existing, { ...given, link: options.link });
      return;
    }
    const apiUrl = given.apiUrl ?? resolveApiUrl();
    const loggedIn = globalConfig().get(apiUrl);
    if (options.yes && !given.registry) throw usageError("Missing --registry (--yes asks nothing).");
    const registry =
      given.registry ??
      checkValue(
        registrySlug,
        await valueOrPrompt(undefined, "--registry", "Registry slug (your username or an organization)", {
          ...(loggedIn ? { fallback: loggedIn.user.username } : {}),
        }),
        "registry",
      );
    const defaultPath = globalConfig().setting("install_path") ?? ".skills";
    const installPath =
      given.installPath ?? (ask ? await checkedInstallPath(await valueOrPrompt(undefined, "--install-path", "Install path", { fallback: defaultPath })) : defaultPath);
    const targets = given.targets ?? (await chooseTargets(root, ask));

    const { serializeProjectConfig } = await import("../lib/project/config-text.ts");
    const config = {
      sources: [{ name: registry, registry, url: apiUrl }],
      install_path: installPath,
      targets,
      link: options.link ?? false,
      skills: [],
    };
    await writeConfig(root, serializeProjectConfig(config));
    const ignored = await ignoreInstallPath(root, installPath);

    print(`Created ${PROJECT_CONFIG_FILE}: source "${registry}" (registry ${registry} at ${apiUrl}), skills in ${installPath}/.`);
    if (targets.length > 0) print(`Skills will also be installed in ${targets.map((t) => `${TARGET_DIRS[t]}/`).join(", ")}.`);
    if (ignored) print(`Added ${installPath}/ to .gitignore.`);
    print("\nNext steps:");
    if (!loggedIn) print(`  ${color.cyan(`skills login${options.apiUrl ? ` --api-url ${apiUrl}` : ""}`)}`);
    print(`  ${color.cyan("skills search <query>")}   find skills`);
    print(`  ${color.cyan("skills add <skill>")}      add one and install it`);
    print(`  ${color.cyan("skills sync")}             install everything declared`);
  });

/**
 * `init` where `.skills.yaml` exists: the options given change it (its declared skills and
 * comments stay), or nothing does; it is never replaced, so the next sync removes nothing.
 */
async function updateConfig(
  root: string,
  text: string,
  given: { registry?: string | undefined; apiUrl?: string | undefined; installPath?: string | undefined; targets?: Target[] | undefined; link?: true | undefined },
): Promise<void> {
  const { PROJECT_CONFIG_FILE } = await import("../lib/project/config.ts");
  const { parseProjectConfig, withProjectOptions } = await import("../lib/project/config-text.ts");
  const { resolveApiUrl } = await import("../lib/auth/global-config.ts");
  const declared = parseProjectConfig(text).skills.length;
  const kept = `its ${declared} declared skill${declared === 1 ? " stays" : "s stay"}`;
  const { text: next, changes } = withProjectOptions(text, {
    registry: given.registry,
    url: given.apiUrl,
    defaultUrl: resolveApiUrl(),
    install_path: given.installPath,
    targets: given.targets,
    link: given.link,
  });
  if (changes.length === 0) {
    print(`Kept ${PROJECT_CONFIG_FILE} (nothing to change; ${kept}). Change it with --registry, --api-url, --install-path, --targets or --link.`);
    return;
  }
  await writeConfig(root, next);
  print(`Updated ${PROJECT_CONFIG_FILE}: ${changes.join("; ")} (${kept}).`);
  if (given.installPath !== undefined && changes.some((c) => c.startsWith("install_path "))) {
    if (await ignoreInstallPath(root, given.installPath)) print(`Added ${given.installPath}/ to .gitignore.`);
    print(`The next \`skills sync\` installs into ${given.installPath}/; the old install folder is left as it is.`);
  }
}

async function writeConfig(root: string, text: string): Promise<void> {
  const { PROJECT_CONFIG_FILE } = await import("../lib/project/config.ts");
  const { writeFileAtomic } = await import("../lib/project/install.ts");
  await writeFileAtomic(root, PROJECT_CONFIG_FILE, text);
}

/** Adds the install path to `.gitignore` unless it is ignored already. @returns whether `.gitignore` changed. */
async function ignoreInstallPath(root: string, installPath: string): Promise<boolean> {
  const { readTextIfExists } = await import("../lib/project/project.ts");
  const { withInstallPathIgnored } = await import("../lib/project/gitignore.ts");
  const { writeFileAtomic } = await import("../lib/project/install.ts");
  const gitignore = withInstallPathIgnored(readTextIfExists(join(root, ".gitignore")), installPath);
  if (gitignore === null) return false;
  await writeFileAtomic(root, ".gitignore", gitignore);
  return true;
}

/** `--install-path` normalized. @throws CliError USAGE for a path outside the repository. */
async function checkedInstallPath(raw: string): Promise<string> {
  const { normalizeInstallPath } = await import("../lib/project/config.ts");
  try {
    return normalizeInstallPath(raw, "--install-path");
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

/** `--targets` as target names ("none" for no target). @throws CliError USAGE naming an unknown target. */
async function parseTargets(flag: string): Promise<Target[]> {
  const { TARGETS } = await import("../lib/targets/targets.ts");
  const names = flag.split(",").map((t) => t.trim()).filter((t) => t !== "" && t !== "none");
  const unknown = names.filter((t) => !(TARGETS as string[]).includes(t));
  if (unknown.length > 0) throw usageError(`--targets: unknown target ${unknown.join(", ")} (known: ${TARGETS.join(", ")}, none).`);
  return [...new Set(names)] as Target[];
}

/** The targets asked for (detected ones ticked), else the detected ones. */
async function chooseTargets(root: string, ask: boolean): Promise<Target[]> {
  const { TARGETS, TARGET_AGENTS, TARGET_DIRS, detectTargets } = await import("../lib/targets/targets.ts");
  const detected = detectTargets(root);
  if (!ask) return detected;
  const { checkbox } = await import("../lib/terminal/prompt.ts");
  return checkbox(
    "Which coding agents does this repository use? (space toggles, enter confirms)",
    TARGETS.map((t) => ({ name: `${TARGET_DIRS[t]}/  ${TARGET_AGENTS[t]}`, value: t, checked: detected.includes(t) })),
  );
}
