/**
 * `skills register`: create an account (and its personal registry) and log
 * in; where the server confirms emails first, say to open the link, then log in.
 */
import { Command } from "@commander-js/extra-typings";
import { print } from "../lib/terminal/output.ts";
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
    const { commandApiUrl } = await import("../lib/project/project.ts");
    const { valueOrPrompt } = await import("../lib/terminal/prompt.ts");
    const { checkValue } = await import("../lib/terminal/args.ts");
    const { registrySlug } = await import("../../../supabase/functions/_shared/wire/slugs.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { register } = await import("../lib/http/api/auth.ts");
    const { globalConfig } = await import("../lib/auth/global-config.ts");
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
