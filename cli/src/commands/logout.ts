/** `skills logout`: forget the session of one API URL (local only; the API has no logout endpoint). */
import type { Command } from "commander";
import { globalConfig } from "../lib/global-config.ts";
import { print } from "../lib/output.ts";
import { commandApiUrl } from "../lib/project.ts";

/** Adds `logout` to the program. */
export function addLogoutCommand(program: Command): void {
  program
    .command("logout")
    .description("forget the stored session of an API URL")
    .option("--api-url <url>", "API URL to log out of")
    .action(async (options: { apiUrl?: string }) => {
      const apiUrl = await commandApiUrl(options.apiUrl);
      const config = globalConfig();
      if (!config.get(apiUrl)) {
        print(`Not logged in to ${apiUrl}.`);
        return;
      }
      config.delete(apiUrl);
      print(`Logged out of ${apiUrl}.`);
    });
}
