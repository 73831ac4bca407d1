/** `skills config <key> [value]`: get or set a global setting in ~/.config/agent-skills/config.json. */
import { Command } from "@commander-js/extra-typings";
import { CliError, usageError } from "../lib/errors.ts";
import type { Setting } from "../lib/auth/global-config.ts";
import { print } from "../lib/terminal/output.ts";
import { examples } from "./options.ts";

/** The `config` command: prints the value (exit 1 when unset), sets it, or with `--unset` removes it. */
export const command = new Command("config")
  .description("get or set a global setting: api_url, editor, install_path")
  .argument("<key>", "api_url, editor or install_path")
  .argument("[value]", "new value (omit to print the current one)")
  .option("--unset", "remove the setting")
  .addHelpText("after", examples("skills config api_url https://xyz.supabase.co/functions/v1/api", "skills config editor"))
  .action(async (key, value, options) => {
    const { SETTINGS, globalConfig, normalizeApiUrl } = await import("../lib/auth/global-config.ts");
    if (!(SETTINGS as readonly string[]).includes(key)) throw usageError(`Unknown setting "${key}". Settings: ${SETTINGS.join(", ")}.`);
    const setting = key as Setting;
    const config = globalConfig();
    if (options.unset) {
      await config.setSetting(setting, undefined);
      print(`Unset ${setting}.`);
      return;
    }
    if (value === undefined) {
      const current = config.setting(setting);
      if (current === undefined) throw new CliError("NOT_FOUND", `${setting} is not set.`);
      print(current);
      return;
    }
    const checked = setting === "api_url" ? normalizeApiUrl(value, "api_url") : setting === "install_path" ? await checkedInstallPath(value) : value.trim();
    if (checked === "") throw usageError(`${setting} must not be empty.`);
    await config.setSetting(setting, checked);
    print(`Set ${setting} to ${checked}.`);
  });

async function checkedInstallPath(value: string): Promise<string> {
  const { normalizeInstallPath } = await import("../lib/project/config.ts");
  try {
    return normalizeInstallPath(value, "install_path");
  } catch (error) {
    throw usageError((error as Error).message);
  }
}
