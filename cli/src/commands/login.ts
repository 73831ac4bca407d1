/**
 * `skills login`: in the browser by default on a
 * terminal (OAuth with PKCE, a loopback callback), `--no-browser` to paste
 * the code the page shows, or `--email/--password` for scripts.
 */
import { Command, Option } from "@commander-js/extra-typings";
import { usageError } from "../lib/errors.ts";
import type { Session, SessionStore } from "../lib/auth/global-config.ts";
import type { BrowserLoginResult } from "../lib/auth/oauth-login.ts";
import { print } from "../lib/terminal/output.ts";

/**
 * Saves OAuth tokens as the session of `apiUrl`, with the user they belong
 * to (asked of the api with those very tokens).
 */
async function saveOAuthSession(apiUrl: string, tokens: BrowserLoginResult) {
  const { ApiClient } = await import("../lib/http/client.ts");
  const { me } = await import("../lib/http/api/auth.ts");
  const { globalConfig } = await import("../lib/auth/global-config.ts");
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
    const { commandApiUrl } = await import("../lib/project/project.ts");
    const { apiClient } = await import("../lib/http/client.ts");
    const { login } = await import("../lib/http/api/auth.ts");
    const { globalConfig } = await import("../lib/auth/global-config.ts");
    const { interactive, valueOrPrompt } = await import("../lib/terminal/prompt.ts");
    const { announcePendingInvitations } = await import("../lib/auth/invitations.ts");
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
