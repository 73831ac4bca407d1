/** `skills logout`: forget the session of one API URL (local only; the API has no logout endpoint). */
import { Command } from "@commander-js/extra-typings";
import { print } from "../lib/terminal/output.ts";
import { apiUrlOption, examples } from "./options.ts";

/** The `logout` command. */
export const command = new Command("logout")
  .description("forget the stored session of an API URL")
  .addOption(apiUrlOption())
  .addHelpText("after", examples("skills logout"))
  .action(async (options) => {
    const { commandApiUrl } = await import("../lib/project/project.ts");
    const { globalConfig } = await import("../lib/auth/global-config.ts");
    const apiUrl = await commandApiUrl(options.apiUrl);
    const config = globalConfig();
    if (!config.get(apiUrl)) {
      print(`Not logged in to ${apiUrl}.`);
      return;
    }
    await config.delete(apiUrl);
    print(`Logged out of ${apiUrl}.`);
  });
