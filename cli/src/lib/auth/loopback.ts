/**
 * The one-shot callback server of a browser login (RFC 8252 loopback
 * redirect): it listens on 127.0.0.1 on the first free registered port and
 * takes the code from the first redirect that carries this login's state and
 * issuer.
 */
import { createServer, type Server } from "node:http";
import { CliError } from "../errors.ts";

/** Loopback ports registered for `cli`, tried in order when one is busy. */
export const LOOPBACK_PORTS = [9876, 9877, 9878, 9879];

/** How long to wait for the browser to come back: 5 minutes. */
const CALLBACK_TIMEOUT_MS = 5 * 60_000;

/** What a redirect to /callback means: the page's answer and, when it settles the login, its code or error. */
interface CallbackOutcome {
  status: number;
  text: string;
  code?: string;
  error?: CliError;
}

/**
 * Reads a redirect's query. Someone else's redirect (another tab, a stale flow: wrong state or
 * issuer) is answered and ignored, not fatal; an `error` from the server fails the login.
 */
function callbackOutcome(params: URLSearchParams, expected: { state: string; issuer: string }): CallbackOutcome {
  if (params.get("state") !== expected.state) return { status: 400, text: "This login was not started by this terminal." };
  if (params.get("iss") !== expected.issuer) return { status: 400, text: "The response came from an unexpected server." };
  const error = params.get("error");
  if (error) {
    return {
      status: 400,
      text: "Login cancelled. You can close this tab.",
      error: new CliError("UNAUTHORIZED", `Login failed: ${params.get("error_description") ?? error}.`, { status: 401 }),
    };
  }
  const code = params.get("code");
  if (!code) return { status: 400, text: "No code in the response." };
  return { status: 200, text: "Logged in. You can close this tab and return to the terminal.", code };
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
    const outcome = callbackOutcome(url.searchParams, expected);
    res.writeHead(outcome.status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(`${outcome.text}\n`);
    if (outcome.code !== undefined) settle.resolve(outcome.code);
    else if (outcome.error) settle.reject(outcome.error);
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
