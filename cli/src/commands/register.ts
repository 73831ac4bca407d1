/**
 * `skills register`: create an account (and its personal registry) and log
 * in; where the server confirms emails first, say to open the link, then log in.
 */
import { Command } from "@commander-js/extra-typings";
import { apiClient } from "../lib/http/client.ts";
import { register } from "../lib/http/api/auth.ts";
import { checkValue } from "../lib/terminal/args.ts";
import { globalConfig } from "../lib/auth/global-config.ts";
import { print } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";
import { valueOrPrompt } from "../lib/terminal/prompt.ts";
import { registrySlug } from "../../../supabase/functions/_shared/wire/common.ts";
import { apiUrlOption, examples } from "./options.ts";

/** The `register` command. */
export const command = new Command("register")
  .description("create an account and log in; your username is also your personal registry")
  .option("--email <email>", "email address")
  .option("--password <password>", "password (prefer the prompt or $SKILLS_PASSWORD: flags show in `ps`)")
  .option("--username <name>", "username, also the slug of your personal registry")
  .addOption(apiUrlOption())
  .addHelpText("after", examples("skills register --email you@example.com --username you"))
  .action(async (options) => {
    const apiUrl = await commandApiUrl(options.apiUrl);
    const email = await valueOrPrompt(options.email, "--email", "Email");
    const username = checkValue(registrySlug, await valueOrPrompt(options.username, "--username", "Username"), "username");
    const password = await valueOrPrompt(options.password ?? process.env.SKILLS_PASSWORD, "--password", "Password", { secret: true });
    const registered = await register(apiClient(apiUrl), { email, password, username });
    await globalConfig().setApiUrl(apiUrl);
    const { user } = registered;
    if (registered.session === null) {
      print(`Registered ${user.username} (${user.email}) at ${apiUrl}. Open the confirmation link in the email sent to ${user.email}, then run \`skills login\`.`);
      return;
    }
    print(`Registered and logged in as ${user.username} (${user.email}) at ${apiUrl}.`);
  });
