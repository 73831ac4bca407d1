/** `skills whoami`: who the stored session of an API URL belongs to, checked with the server. */
import { Command } from "@commander-js/extra-typings";
import { CliError } from "../lib/errors.ts";
import { print, printJson } from "../lib/terminal/output.ts";
import { apiUrlOption, examples, jsonOption } from "./options.ts";

/** The `whoami` command. JSON: `{ id, email, username, api_url }`. */
export const command = new Command("whoami")
  .description("show the logged-in user")
  .addOption(apiUrlOption())
  .addOption(jsonOption())
  .addHelpText("after", examples("skills whoami --json"))
  .action(async (options) => {
    const { commandApiUrl } = await import("../lib/project/project.ts");
    const { globalConfig } = await import("../lib/auth/global-config.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { me } = await import("../lib/http/api/auth.ts");
    const apiUrl = await commandApiUrl(options.apiUrl);
    if (!process.env.SKILLS_TOKEN && !globalConfig().get(apiUrl)) {
      throw new CliError("UNAUTHORIZED", "Not logged in. Run `skills login` first.", { status: 401 });
    }
    const user = await me(apiClient(apiUrl));
    if (options.json) printJson({ id: user.id, email: user.email, username: user.username, api_url: apiUrl });
    else print(`${user.username} (${user.email}) at ${apiUrl}`);
  });
