/** `skills logout`: forget the session of one API URL (local only; the API has no logout endpoint). */
import { globalConfig } from "../lib/auth/global-config.ts";
import { print } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";

/** Runs `logout`. */
export async function run(options: { apiUrl?: string }): Promise<void> {
  const apiUrl = await commandApiUrl(options.apiUrl);
  const config = globalConfig();
  if (!config.get(apiUrl)) {
    print(`Not logged in to ${apiUrl}.`);
    return;
  }
  await config.delete(apiUrl);
  print(`Logged out of ${apiUrl}.`);
}
