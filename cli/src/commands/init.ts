/**
 * `skills init`: create `.skills.yaml` here, ignore
 * the install path in git, and ask which agents the repository uses (agent
 * folders that already exist are preselected).
 */
import { Command } from "@commander-js/extra-typings";
import { join } from "node:path";
import { CliError, usageError } from "../lib/errors.ts";
import { color, print } from "../lib/terminal/output.ts";
import type { Target } from "../lib/targets/targets.ts";
import { examples } from "./options.ts";

/** The `init` command. */
export const command = new Command("init")
  .description("create .skills.yaml in the current folder")
  .option("--api-url <url>", "API URL of the registry (default: $SKILLS_API_URL, your login, or the local stack)")
  .option("--registry <slug>", "registry to use as the first source (your username or an organization)")
  .option("--install-path <dir>", "folder for installed skills, relative to here")
  .option("--targets <list>", "agent folders to install into too, comma-separated: claude, agents, github, gemini, opencode, windsurf (or none)")
  .option("--link", "symlink agent folders to the install path instead of copying")
  .option("-y, --yes", "overwrite an existing .skills.yaml and ask nothing")
  .addHelpText("after", examples("skills init", "skills init --registry kove-inc --targets claude,agents --yes"))
  .action(async (options) => {
    const { PROJECT_CONFIG_FILE, normalizeInstallPath } = await import("../lib/project/config.ts");
    const { readTextIfExists } = await import("../lib/project/project.ts");
    const { confirm, interactive, valueOrPrompt } = await import("../lib/terminal/prompt.ts");
    const { globalConfig, resolveApiUrl } = await import("../lib/auth/global-config.ts");
    const { checkValue } = await import("../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../supabase/functions/_shared/wire/slugs.ts");
    const { serializeProjectConfig } = await import("../lib/project/config-text.ts");
    const { writeFileAtomic } = await import("../lib/project/install.ts");
    const { withInstallPathIgnored } = await import("../lib/project/gitignore.ts");
    const { TARGET_DIRS } = await import("../lib/targets/targets.ts");
    const root = process.cwd();
    const ask = !options.yes && interactive();
    if (readTextIfExists(join(root, PROJECT_CONFIG_FILE)) !== null && !options.yes) {
      if (!ask || !(await confirm(`${PROJECT_CONFIG_FILE} already exists here. Overwrite it?`, false))) {
        throw new CliError("CONFLICT", `${PROJECT_CONFIG_FILE} already exists in ${root}. Pass --yes to overwrite it.`);
      }
    }
    const apiUrl = resolveApiUrl({ flag: options.apiUrl ?? globalConfig().setting("api_url") });
    const loggedIn = globalConfig().get(apiUrl);
    if (options.yes && !options.registry) throw usageError("Missing --registry (--yes asks nothing).");
    const registry = checkValue(
      registrySlug,
      options.registry ??
        (await valueOrPrompt(undefined, "--registry", "Registry slug (your username or an organization)", {
          ...(loggedIn ? { fallback: loggedIn.user.username } : {}),
        })),
      "registry",
    );
    const defaultPath = globalConfig().setting("install_path") ?? ".skills";
    const rawPath = options.installPath ?? (ask ? await valueOrPrompt(undefined, "--install-path", "Install path", { fallback: defaultPath }) : defaultPath);
    const installPath = (() => {
      try {
        return normalizeInstallPath(rawPath, "--install-path");
      } catch (error) {
        throw usageError((error as Error).message);
      }
    })();
    const targets = await chooseTargets(root, options.targets, ask);

    const config = {
      sources: [{ name: registry, registry, url: apiUrl }],
      install_path: installPath,
      targets,
      link: options.link ?? false,
      skills: [],
    };
    await writeFileAtomic(root, PROJECT_CONFIG_FILE, serializeProjectConfig(config));
    const gitignore = withInstallPathIgnored(readTextIfExists(join(root, ".gitignore")), installPath);
    if (gitignore !== null) await writeFileAtomic(root, ".gitignore", gitignore);

    print(`Created ${PROJECT_CONFIG_FILE}: source "${registry}" (registry ${registry} at ${apiUrl}), skills in ${installPath}/.`);
    if (targets.length > 0) print(`Skills will also be installed in ${targets.map((t) => `${TARGET_DIRS[t]}/`).join(", ")}.`);
    if (gitignore !== null) print(`Added ${installPath}/ to .gitignore.`);
    print("\nNext steps:");
    if (!loggedIn) print(`  ${color.cyan(`skills login${options.apiUrl ? ` --api-url ${apiUrl}` : ""}`)}`);
    print(`  ${color.cyan("skills search <query>")}   find skills`);
    print(`  ${color.cyan("skills add <skill>")}      add one and install it`);
    print(`  ${color.cyan("skills sync")}             install everything declared`);
  });

/** The targets from `--targets` ("none" for no target), else asked (detected ones ticked), else the detected ones. */
async function chooseTargets(root: string, flag: string | undefined, ask: boolean): Promise<Target[]> {
  const { TARGETS, TARGET_AGENTS, TARGET_DIRS, detectTargets } = await import("../lib/targets/targets.ts");
  if (flag !== undefined) {
    const names = flag.split(",").map((t) => t.trim()).filter((t) => t !== "" && t !== "none");
    const unknown = names.filter((t) => !(TARGETS as string[]).includes(t));
    if (unknown.length > 0) throw usageError(`--targets: unknown target ${unknown.join(", ")} (known: ${TARGETS.join(", ")}, none).`);
    return [...new Set(names)] as Target[];
  }
  const detected = detectTargets(root);
  if (!ask) return detected;
  const { checkbox } = await import("../lib/terminal/prompt.ts");
  return checkbox(
    "Which coding agents does this repository use? (space toggles, enter confirms)",
    TARGETS.map((t) => ({ name: `${TARGET_DIRS[t]}/  ${TARGET_AGENTS[t]}`, value: t, checked: detected.includes(t) })),
  );
}
