/** `skills register`: create an account (and its personal registry) and log in. */
import { apiClient } from "../lib/api.ts";
import { checkValue } from "../lib/cli-args.ts";
import { globalConfig } from "../lib/global-config.ts";
import { print } from "../lib/output.ts";
import { commandApiUrl } from "../lib/project.ts";
import { valueOrPrompt } from "../lib/prompt.ts";
import { registrySlug } from "../lib/wire.ts";

interface RegisterOptions {
  email?: string;
  password?: string;
  username?: string;
  apiUrl?: string;
}

/** Runs `register`. */
export async function run(options: RegisterOptions): Promise<void> {
  const apiUrl = await commandApiUrl(options.apiUrl);
  const email = await valueOrPrompt(options.email, "--email", "Email");
  const username = checkValue(registrySlug, await valueOrPrompt(options.username, "--username", "Username"), "username");
  const password = await valueOrPrompt(options.password ?? process.env.SKILLS_PASSWORD, "--password", "Password", { secret: true });
  const { user } = await apiClient(apiUrl).register({ email, password, username });
  await globalConfig().setApiUrl(apiUrl);
  print(`Registered and logged in as ${user.username} (${user.email}) at ${apiUrl}.`);
}
