/**
 * The user's global CLI state: the default API URL and one login
 * session per API URL, in `~/.config/agent-skills/config.json` (mode 0600).
 * This is the one place tokens are read and written.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type Conf from "conf";
import { CliError, usageError } from "../errors.ts";
import { checkApiUrl } from "../http/api-url.ts";
import type { UserView } from "../../../../supabase/functions/_shared/wire/auth.ts";

/** The API of the local stack (`yarn start`, README "The local platform"), used when nothing else is configured. */
export const DEFAULT_API_URL = "http://127.0.0.1:54321/functions/v1/api";

/** A login: tokens, their expiry and who they belong to. */
export interface Session {
  access_token: string;
  refresh_token: string;
  /** Unix seconds. */
  expires_at: number;
  user: UserView;
  /** Set for a browser (OAuth) login: its refresh token renews there, not at /auth/refresh. */
  token_endpoint?: string | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * A stored session as a `Session`, or undefined when a field is missing or of
 * the wrong type. Every session is checked where it enters the CLI (the
 * server's auth answer and the OAuth token response against their schemas,
 * typed from there on to `set`), so the file holds checked sessions unless it
 * was edited by hand: reading checks field types only, enough that such a file
 * cannot crash a command, and keeps zod off the path of every command's first
 * request. Other keys are dropped, so they are not written back on a refresh.
 */
function storedSession(value: unknown): Session | undefined {
  if (!isRecord(value) || !isRecord(value.user)) return undefined;
  const { access_token, refresh_token, expires_at, token_endpoint } = value;
  const { id, email, username } = value.user;
  const tokens = typeof access_token === "string" && typeof refresh_token === "string" && typeof expires_at === "number";
  const user = typeof id === "string" && typeof email === "string" && typeof username === "string";
  if (!tokens || !user || !(token_endpoint === undefined || typeof token_endpoint === "string")) return undefined;
  return { access_token, refresh_token, expires_at, user: { id, email, username }, ...(token_endpoint === undefined ? {} : { token_endpoint }) };
}

/** Where sessions live; the API client only sees this, so tests can hand it a map. */
export interface SessionStore {
  /** The session of an API URL, if logged in. */
  get(apiUrl: string): Session | undefined;
  /** Saves (replaces) the session of an API URL. */
  set(apiUrl: string, value: Session): void | Promise<void>;
  /** Forgets the session of an API URL. */
  delete(apiUrl: string): void | Promise<void>;
}

/**
 * The folder of the global config: `$SKILLS_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/agent-skills`, else `~/.config/agent-skills` (on every OS,
 * as the README names it, rather than conf's per-OS default).
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SKILLS_CONFIG_DIR) return env.SKILLS_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "agent-skills");
}

/**
 * Canonical form of an API URL (no trailing slash), the key of its session;
 * the rule is `checkApiUrl` (`lib/http/api-url.ts`).
 * @param origin where the URL came from (`--api-url`, `SKILLS_API_URL`…), named in the error.
 * @throws CliError USAGE if it is not an http(s) URL ending in /api, with the URL to use.
 */
export function normalizeApiUrl(url: string, origin?: string): string {
  const checked = checkApiUrl(url);
  if (!checked.ok) throw usageError(origin ? `${origin}: ${checked.problem}` : `Invalid API URL: ${checked.problem}`);
  return checked.url;
}

interface Stored {
  api_url?: string;
  editor?: string;
  install_path?: string;
  sessions?: Record<string, unknown>;
}

/** Settings `skills config` reads and writes. */
export const SETTINGS = ["api_url", "editor", "install_path"] as const;
/** A setting name. */
export type Setting = (typeof SETTINGS)[number];

/**
 * The global config file; sessions are checked on read (`storedSession`) so a hand-edited file cannot crash a command.
 * Reads parse the JSON file itself, afresh each time (as conf does, so a token another process
 * refreshed is seen); writes go through conf (atomic, mode 0600), loaded on the first write:
 * conf brings ajv, a measurable start-up cost (bench/README.md) that every command reading a token would pay.
 */
export class GlobalConfig implements SessionStore {
  /** Absolute path of the config file. */
  readonly path: string;
  #conf: Promise<Conf<Stored>> | undefined;

  /** Opens (without writing) the config in `dir`. @throws CliError CONFIG_INVALID if the file is not JSON. */
  constructor(dir: string = configDir()) {
    this.path = join(dir, "config.json");
    this.#read();
  }

  /** The stored default API URL, if any. */
  get apiUrl(): string | undefined {
    return this.#read().api_url;
  }

  /** Stores the default API URL. @throws CliError USAGE if it is not an http(s) URL. */
  async setApiUrl(url: string): Promise<void> {
    const normalized = normalizeApiUrl(url);
    (await this.#writer()).set("api_url", normalized);
  }

  /** A setting's value, if set. */
  setting(key: Setting): string | undefined {
    return this.#read()[key];
  }

  /** Sets (or, with undefined, removes) a setting; the caller has checked the value. */
  async setSetting(key: Setting, value: string | undefined): Promise<void> {
    const conf = await this.#writer();
    if (value === undefined) conf.delete(key);
    else conf.set(key, value);
  }

  get(apiUrl: string): Session | undefined {
    return storedSession(this.#read().sessions?.[normalizeApiUrl(apiUrl)]);
  }

  async set(apiUrl: string, value: Session): Promise<void> {
    const key = normalizeApiUrl(apiUrl);
    const conf = await this.#writer();
    conf.set("sessions", { ...conf.get("sessions"), [key]: value });
  }

  async delete(apiUrl: string): Promise<void> {
    const key = normalizeApiUrl(apiUrl);
    const conf = await this.#writer();
    const { [key]: _removed, ...rest } = conf.get("sessions") ?? {};
    conf.set("sessions", rest);
  }

  /** The file's content; a missing file is empty. @throws CliError CONFIG_INVALID if it is not JSON. */
  #read(): Stored {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw this.#invalid(error);
    }
    try {
      const data: unknown = JSON.parse(text);
      return typeof data === "object" && data !== null ? (data as Stored) : {};
    } catch (error) {
      throw this.#invalid(error);
    }
  }

  #writer(): Promise<Conf<Stored>> {
    this.#conf ??= import("conf").then(
      ({ default: Conf }) =>
        new Conf<Stored>({
          cwd: dirname(this.path),
          configName: "config",
          configFileMode: 0o600,
          // API URLs contain dots; they are keys, not paths.
          accessPropertiesByDotNotation: false,
        }),
    );
    return this.#conf;
  }

  #invalid(error: unknown): CliError {
    return new CliError("CONFIG_INVALID", `Cannot read ${this.path}: ${(error as Error).message}`);
  }
}

let opened: GlobalConfig | undefined;

/** The process-wide global config, opened on first use. */
export function globalConfig(): GlobalConfig {
  opened ??= new GlobalConfig();
  return opened;
}

/**
 * The API URL of a command that is not about one `.skills.yaml` source (login,
 * whoami, search…): `--api-url`, else `$SKILLS_API_URL`, else the project's
 * first source URL, else the stored `api_url`, else the local stack.
 */
export function resolveApiUrl(
  options: { flag?: string | undefined; projectUrl?: string | undefined } = {},
  config: Pick<GlobalConfig, "apiUrl"> = globalConfig(),
): string {
  const [url, origin] =
    options.flag !== undefined ? [options.flag, "--api-url"]
    : process.env.SKILLS_API_URL !== undefined ? [process.env.SKILLS_API_URL, "SKILLS_API_URL"]
    : options.projectUrl !== undefined ? [options.projectUrl, ".skills.yaml: sources[0].url"]
    : config.apiUrl !== undefined ? [config.apiUrl, "api_url (`skills config api_url`)"]
    : [DEFAULT_API_URL, "the default API URL"];
  return normalizeApiUrl(url, origin);
}
