/**
 * `skills login` in the browser (spec §6.6): OAuth 2.1
 * authorization code with PKCE (S256) against the platform's `oauth`
 * function, as the public client `cli`. The code comes back either to a
 * one-shot server on 127.0.0.1 (RFC 8252 loopback redirect) or, with
 * `--no-browser`, pasted from the page that shows it.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import * as z from "zod/mini";
import { parseSchema } from "../terminal/schema-issue.ts";
import { CliError, apiError, retryAfterSeconds } from "../errors.ts";
import { httpRequest } from "../http/transport.ts";

/** The client id the seed registers for the CLI (supabase/seed.sql). */
export const CLI_CLIENT_ID = "cli";

/** Loopback ports registered for `cli`, tried in order when one is busy. */
export const LOOPBACK_PORTS = [9876, 9877, 9878, 9879];

/** The registered redirect of the paste flow: the login page shows the code. */
export const PASTE_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

/** How long to wait for the browser to come back: 5 minutes. */
const CALLBACK_TIMEOUT_MS = 5 * 60_000;

/** Tokens from the token endpoint. `expires_in` is in seconds. */
const tokenResponse = z.object({ access_token: z.string(), refresh_token: z.string(), expires_in: z.number() });
/** Tokens the token endpoint hands back; `expires_in` in seconds. */
export type OAuthTokens = z.output<typeof tokenResponse>;

/** Tokens of a browser login and the endpoint that renews them. */
export type BrowserLoginResult = OAuthTokens & { token_endpoint: string };

const metadata = z.object({ issuer: z.string(), authorization_endpoint: z.string(), token_endpoint: z.string() });
/** The endpoints the CLI needs from the authorization-server metadata (RFC 8414). */
export type AuthorizationServer = z.output<typeof metadata>;

/** The oauth function beside an API URL: `…/functions/v1/api` → `…/functions/v1/oauth`. */
export function oauthIssuerFor(apiUrl: string): string {
  return apiUrl.replace(/\/api\/?$/, "/oauth");
}

/**
 * Reads the authorization server's metadata.
 * @throws CliError NETWORK when unreachable, BAD_RESPONSE when it is not ours.
 */
export async function discover(issuer: string): Promise<AuthorizationServer> {
  const response = await httpRequest(`${issuer}/.well-known/oauth-authorization-server`, { method: "GET", timeoutMs: 30_000 }).catch((error: unknown) => {
    throw new CliError("NETWORK", `Cannot reach the login server at ${issuer} (${(error as Error).message}).`, { cause: error });
  });
  if (!response.ok) throw new CliError("NETWORK", `Cannot reach the login server at ${issuer} (HTTP ${response.status}).`);
  const parsed = parseSchema(metadata, response.data);
  if (!parsed.success || parsed.data.issuer !== issuer) {
    throw new CliError("BAD_RESPONSE", `${issuer} does not serve OAuth metadata for itself.`);
  }
  return parsed.data;
}

/** A PKCE verifier and its S256 challenge (RFC 7636), and a random state. */
export function pkce(): { verifier: string; challenge: string; state: string } {
  const verifier = randomBytes(32).toString("base64url");
  return {
    verifier,
    challenge: createHash("sha256").update(verifier).digest("base64url"),
    state: randomBytes(16).toString("base64url"),
  };
}

/** The authorize URL the user opens. */
export function authorizeUrl(server: AuthorizationServer, redirectUri: string, flow: { challenge: string; state: string }): string {
  const url = new URL(server.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: CLI_CLIENT_ID,
    redirect_uri: redirectUri,
    state: flow.state,
    code_challenge: flow.challenge,
    code_challenge_method: "S256",
  }).toString();
  return url.href;
}

/**
 * POSTs a grant to the token endpoint (form-encoded): the code exchange
 * here, and the same call with `grant_type=refresh_token` to renew.
 * @throws CliError UNAUTHORIZED when the grant is refused (e.g. a stale code);
 *   RATE_LIMITED (429) or INTERNAL_ERROR (5xx) when the server cannot answer
 *   now, which leaves a stored session as it is.
 */
export async function tokenRequest(tokenEndpoint: string, params: Record<string, string>): Promise<OAuthTokens> {
  const response = await httpRequest(tokenEndpoint, {
    method: "POST",
    body: new URLSearchParams({ client_id: CLI_CLIENT_ID, ...params }),
    timeoutMs: 30_000,
  }).catch((error: unknown) => {
    throw new CliError("NETWORK", `Cannot reach ${tokenEndpoint} (${(error as Error).message}).`, { cause: error });
  });
  const body = response.data as { error?: string; error_description?: string } | undefined;
  if (response.status === 429 || response.status >= 500) {
    throw apiError(response.status, body?.error_description, {}, retryAfterSeconds(response.headers["retry-after"]));
  }
  if (!response.ok) {
    throw new CliError("UNAUTHORIZED", `Login refused: ${body?.error_description ?? body?.error ?? `HTTP ${response.status}`}.`, { status: 401 });
  }
  const parsed = parseSchema(tokenResponse, body);
  if (!parsed.success) throw new CliError("BAD_RESPONSE", `Unexpected response from ${tokenEndpoint}.`);
  return parsed.data;
}

/** A listening one-shot callback server. */
export interface LoopbackCallback {
  redirectUri: string;
  /** Resolves with the code once the browser arrives with the right state and issuer. */
  code: Promise<string>;
  close(): void;
}

function listenOn(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(false) : reject(error));
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve(true);
    });
  });
}

/**
 * Starts the callback server on the first free registered port.
 * @param expected the state sent and the issuer whose `iss` (RFC 9207) must come back.
 * @throws CliError USAGE when every registered port is busy.
 */
export async function startLoopbackCallback(expected: { state: string; issuer: string }, ports = LOOPBACK_PORTS): Promise<LoopbackCallback> {
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      res.writeHead(404).end();
      return;
    }
    const answer = (status: number, text: string) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(`${text}\n`);
    };
    const params = url.searchParams;
    // Someone else's redirect (another tab, a stale flow) is ignored, not fatal.
    if (params.get("state") !== expected.state) return answer(400, "This login was not started by this terminal.");
    if (params.get("iss") !== expected.issuer) return answer(400, "The response came from an unexpected server.");
    const error = params.get("error");
    if (error) {
      answer(400, "Login cancelled. You can close this tab.");
      settle.reject(new CliError("UNAUTHORIZED", `Login failed: ${params.get("error_description") ?? error}.`, { status: 401 }));
      return;
    }
    const received = params.get("code");
    if (!received) return answer(400, "No code in the response.");
    answer(200, "Logged in. You can close this tab and return to the terminal.");
    settle.resolve(received);
  });
  for (const port of ports) {
    if (await listenOn(server, port)) {
      const timer = setTimeout(
        () => settle.reject(new CliError("UNAUTHORIZED", "Timed out waiting for the browser login (5 minutes).", { status: 401 })),
        CALLBACK_TIMEOUT_MS,
      );
      timer.unref();
      return {
        redirectUri: `http://127.0.0.1:${port}/callback`,
        code,
        close: () => {
          clearTimeout(timer);
          server.close();
          server.closeAllConnections();
        },
      };
    }
  }
  throw new CliError("USAGE", `Ports ${ports.join(", ")} are all busy; use \`skills login --no-browser\`.`);
}

/**
 * Opens `url` in the user's browser, best effort: `$BROWSER` when set
 * (`none` opens nothing, as many tools agree), else the OS opener. Spawned
 * directly rather than with the `open` package, whose vendored xdg-open does
 * not survive bundling.
 * @returns whether an opener was started.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const configured = env.BROWSER;
  if (configured === "none") return false;
  const [command, args] = configured
    ? [configured, [url]]
    : process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads one line (the pasted code) from stdin, terminal or pipe.
 * @throws CliError USAGE when stdin ends first.
 */
export async function readPastedCode(prompt: string): Promise<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: Boolean(process.stdin.isTTY) });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.once("close", () => reject(new CliError("USAGE", "No code was pasted.")));
      rl.question(prompt, (answer) => resolve(answer.trim()));
    });
  } finally {
    rl.close();
  }
}

/** How `browserLogin` talks to the user: progress lines go to stderr. */
export interface LoginIo {
  note(line: string): void;
}

/**
 * The whole browser login: discovery, PKCE, the user's visit, the code
 * exchange. `paste` selects the `--no-browser` flow.
 * @returns the tokens for `apiUrl`'s platform and the token endpoint that refreshes them.
 * @throws CliError for a refused login, a timeout, an unreachable server, or busy ports.
 */
export async function browserLogin(apiUrl: string, paste: boolean, io: LoginIo): Promise<BrowserLoginResult> {
  const issuer = oauthIssuerFor(apiUrl);
  const server = await discover(issuer);
  const flow = pkce();
  let code: string;
  let redirectUri: string;
  if (paste) {
    redirectUri = PASTE_REDIRECT_URI;
    io.note(`Open this URL in a browser, log in, and paste the code it shows:\n\n  ${authorizeUrl(server, redirectUri, flow)}\n`);
    code = await readPastedCode("Code: ");
    if (!code) throw new CliError("USAGE", "No code was pasted.");
  } else {
    const callback = await startLoopbackCallback({ state: flow.state, issuer });
    try {
      redirectUri = callback.redirectUri;
      const url = authorizeUrl(server, redirectUri, flow);
      const opened = openBrowser(url);
      io.note(`${opened ? "Opening your browser to log in. If it does not open, visit" : "Visit this URL to log in"}:\n\n  ${url}\n`);
      code = await callback.code;
    } finally {
      callback.close();
    }
  }
  const tokens = await tokenRequest(server.token_endpoint, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: flow.verifier,
  });
  return { ...tokens, token_endpoint: server.token_endpoint };
}
