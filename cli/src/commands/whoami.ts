/** `skills whoami`: who the stored session of an API URL belongs to, checked with the server. */
import type { Command } from "commander";
import { apiClient } from "../lib/api.ts";
import { CliError } from "../lib/errors.ts";
import { globalConfig } from "../lib/global-config.ts";
import { print } from "../lib/output.ts";
import { commandApiUrl } from "../lib/project.ts";

/** Adds `whoami` to the program. */
export function addWhoamiCommand(program: Command): void {
  program
    .command("whoami")
    .description("show the logged-in user")
    .option("--api-url <url>", "API URL to ask")
    .action(async (options: { apiUrl?: string }) => {
      const apiUrl = await commandApiUrl(options.apiUrl);
      if (!globalConfig().get(apiUrl)) {
        throw new CliError("UNAUTHORIZED", "Not logged in. Run `skills login` first.", { status: 401 });
      }
      const user = await apiClient(apiUrl).me();
      print(`${user.username} (${user.email}) at ${apiUrl}`);
    });
}
