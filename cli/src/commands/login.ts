/** `skills login` (spec §6.6): email and password for now; the browser (OAuth) flow is a later issue. */
import { type Command, Option } from "commander";
import { apiClient } from "../lib/api.ts";
import { globalConfig } from "../lib/global-config.ts";
import { print } from "../lib/output.ts";
import { commandApiUrl } from "../lib/project.ts";
import { valueOrPrompt } from "../lib/prompt.ts";

interface LoginOptions {
  email?: string;
  password?: string;
  apiUrl?: string;
}

/** Adds `login` to the program. */
export function addLoginCommand(program: Command): void {
  program
    .command("login")
    .description("log in to a registry API; the session is kept per API URL")
    .addOption(new Option("--email <email>", "email address").env("SKILLS_EMAIL"))
    .addOption(new Option("--password <password>", "password (prefer the prompt or the env var: flags show in `ps`)").env("SKILLS_PASSWORD"))
    .option("--api-url <url>", "API URL to log in to")
    .action(async (options: LoginOptions) => {
      const apiUrl = await commandApiUrl(options.apiUrl);
      const email = await valueOrPrompt(options.email, "--email", "Email");
      const password = await valueOrPrompt(options.password, "--password", "Password", { secret: true });
      const { user } = await apiClient(apiUrl).login({ email, password });
      // The last login becomes the default API for commands outside a project.
      globalConfig().apiUrl = apiUrl;
      print(`Logged in as ${user.username} (${user.email}) at ${apiUrl}.`);
    });
}
