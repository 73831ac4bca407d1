/** `skills init` (spec §6.6): create `.skills.yaml` here and ignore the install path in git. */
import { join } from "node:path";
import type { Command } from "commander";
import { checkValue, checkedArg, schemaArg } from "../lib/cli-args.ts";
import { CliError, usageError } from "../lib/errors.ts";
import { withInstallPathIgnored } from "../lib/gitignore.ts";
import { globalConfig, resolveApiUrl } from "../lib/global-config.ts";
import { writeFileAtomic } from "../lib/install.ts";
import { color, print } from "../lib/output.ts";
import { readTextIfExists } from "../lib/project.ts";
import { PROJECT_CONFIG_FILE, normalizeInstallPath, serializeProjectConfig } from "../lib/project-config.ts";
import { valueOrPrompt } from "../lib/prompt.ts";
import { registrySlug } from "../lib/wire.ts";

interface InitOptions {
  apiUrl?: string;
  registry?: string;
  installPath: string;
  yes?: boolean;
}

/** Adds `init` to the program. */
export function addInitCommand(program: Command): void {
  program
    .command("init")
    .description(`create ${PROJECT_CONFIG_FILE} in the current folder`)
    .option("--api-url <url>", "API URL of the registry (default: $SKILLS_API_URL, your login, or the local stack)")
    .option("--registry <slug>", "registry to use as the first source (your username or an organization)", schemaArg(registrySlug))
    .option("--install-path <dir>", "folder for installed skills, relative to here", checkedArg((v) => normalizeInstallPath(v, "--install-path")), ".skills")
    .option("-y, --yes", `overwrite an existing ${PROJECT_CONFIG_FILE} and ask nothing`)
    .action(async (options: InitOptions) => {
      const root = process.cwd();
      if (!options.yes && (await readTextIfExists(join(root, PROJECT_CONFIG_FILE))) !== null) {
        throw new CliError("CONFLICT", `${PROJECT_CONFIG_FILE} already exists in ${root}. Pass --yes to overwrite it.`);
      }
      const apiUrl = resolveApiUrl({ flag: options.apiUrl });
      const loggedIn = globalConfig().get(apiUrl);
      if (options.yes && !options.registry) throw usageError("Missing --registry (--yes asks nothing).");
      const registry =
        options.registry ??
        checkValue(
          registrySlug,
          await valueOrPrompt(undefined, "--registry", "Registry slug (your username or an organization)", {
            ...(loggedIn ? { fallback: loggedIn.user.username } : {}),
          }),
          "registry",
        );
      const config = { sources: [{ name: registry, registry, url: apiUrl }], install_path: options.installPath, skills: [] };
      await writeFileAtomic(root, PROJECT_CONFIG_FILE, serializeProjectConfig(config));
      const gitignore = withInstallPathIgnored(await readTextIfExists(join(root, ".gitignore")), options.installPath);
      if (gitignore !== null) await writeFileAtomic(root, ".gitignore", gitignore);

      print(`Created ${PROJECT_CONFIG_FILE}: source "${registry}" (registry ${registry} at ${apiUrl}), skills in ${options.installPath}/.`);
      if (gitignore !== null) print(`Added ${options.installPath}/ to .gitignore.`);
      print("\nNext steps:");
      if (!loggedIn) print(`  ${color.cyan(`skills login${options.apiUrl ? ` --api-url ${apiUrl}` : ""}`)}`);
      print(`  ${color.cyan("skills search <query>")}   find skills`);
      print(`  ${color.cyan("skills add <skill>")}      add one and install it`);
      print(`  ${color.cyan("skills sync")}             install everything declared`);
    });
}
