/**
 * `skills login`: in the browser by default on a
 * terminal (OAuth with PKCE, a loopback callback), `--no-browser` to paste
 * the code the page shows, or `--email/--password` for scripts.
 */
import { Command, Option } from "@commander-js/extra-typings";
import { ApiClient, apiClient } from "../lib/http/client.ts";
import { login, me } from "../lib/http/api/auth.ts";
import { usageError } from "../lib/errors.ts";
import { globalConfig, type Session, type SessionStore } from "../lib/auth/global-config.ts";
import { announcePendingInvitations } from "../lib/auth/invitations.ts";
import type { BrowserLoginResult } from "../lib/auth/oauth-login.ts";
import { print } from "../lib/terminal/output.ts";
import { commandApiUrl } from "../lib/project/project.ts";
import { interactive, valueOrPrompt } from "../lib/terminal/prompt.ts";

/**
 * Saves OAuth tokens as the session of `apiUrl`, with the user they belong
 * to (asked of the api with those very tokens).
 */
async function saveOAuthSession(apiUrl: string, tokens: BrowserLoginResult) {
  const pending: Session = {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    expires_at: Math.floor(Date.now() / 1000) + tokens.expires_in,
    user: { id: "", email: "", username: "" },
    token_endpoint: tokens.token_endpoint,
  };
  const justThis: SessionStore = { get: () => pending, set: () => {}, delete: () => {} };
  const user = await me(new ApiClient({ apiUrl, sessions: justThis }));
  await globalConfig().set(apiUrl, { ...pending, user });
  return user;
}

/** The `login` command. */
export const command = new Command("login")
  .description("log in to a registry API (in the browser by default); the session is kept per API URL")
  .addOption(new Option("--email <email>", "log in with email and password instead of the browser").env("SKILLS_EMAIL"))
  .addOption(new Option("--password <password>", "password (prefer the prompt or the env var: flags show in `ps`)").env("SKILLS_PASSWORD"))
  // Both flags: `browser` is true for --browser, false for --no-browser, undefined for neither.
  .option("--browser", "log in in the browser even without a terminal")
  .option("--no-browser", "print the login URL and paste back the code the page shows")
  .option("--api-url <url>", "API URL to log in to")
  .action(async (options) => {
    const apiUrl = await commandApiUrl(options.apiUrl);
    let user;
    // An empty value (e.g. SKILLS_EMAIL="") counts as absent, as valueOrPrompt treats it.
    if (options.email || options.password) {
      const email = await valueOrPrompt(options.email, "--email", "Email");
      const password = await valueOrPrompt(options.password, "--password", "Password", { secret: true });
      ({ user } = await login(apiClient(apiUrl), { email, password }));
    } else if (options.browser === false || options.browser === true || interactive()) {
      // The browser flow (loopback server, PKCE) loads only when it runs.
      const { browserLogin } = await import("../lib/auth/oauth-login.ts");
      const tokens = await browserLogin(apiUrl, options.browser === false, { note: (line) => process.stderr.write(`${line}\n`) });
      user = await saveOAuthSession(apiUrl, tokens);
    } else {
      throw usageError("Missing --email (no terminal to ask for it). Pass --email and --password, or log in in a browser with --browser or --no-browser.");
    }
    // The last login becomes the default API for commands outside a project.
    await globalConfig().setApiUrl(apiUrl);
    print(`Logged in as ${user.username} (${user.email}) at ${apiUrl}.`);
    await announcePendingInvitations(apiClient(apiUrl));
  });
