/**
 * Reads the `[auth]` settings of a Supabase CLI `config.toml` the way
 * `supabase start` does (the CLI's pkg/config): the CLI's defaults for keys the
 * file leaves out, `env(NAME)` substitution, and strings accepted where the CLI
 * decodes weakly (a bool or number written as a string, as env() yields).
 * Only the settings the local auth emulator applies are read; the rest of the
 * file (db, functions, other auth sections) is the CLI's business.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { parse, TomlError } from "smol-toml";

/** The Supabase CLI's local JWT secret (pkg/config/apikeys.go), used when `[auth] jwt_secret` is not set. */
export const CLI_DEFAULT_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** The `[auth]` settings in effect. Durations are in seconds. */
export interface AuthSettings {
  /** Absolute path of the config file read. */
  file: string;
  /**
   * `site_url`; null when it is `env(NAME)` and NAME is unset, in which case
   * the local platform uses its own email-confirmed page (`siteUrlEnv` names the variable).
   */
  siteUrl: string | null;
  siteUrlEnv?: string;
  additionalRedirectUrls: string[];
  jwtExpiry: number;
  jwtSecret: string;
  /** Absolute path of the signing keys file; absent means HS256 with `jwtSecret`. */
  signingKeysPath?: string;
  enableSignup: boolean;
  refreshTokenReuseInterval: number;
  email: {
    enableSignup: boolean;
    enableConfirmations: boolean;
    /** Minimum time between two confirmation mails to one user (`max_frequency`). */
    maxFrequency: number;
    /** How long a confirmation link stays valid (`otp_expiry`). */
    otpExpiry: number;
  };
  rateLimit: {
    /** POST /signup per 5 minutes per client address. */
    signInSignUps: number;
    /** POST /token (every grant) per 5 minutes per client address. */
    tokenRefresh: number;
    /** /verify per 5 minutes per client address. */
    tokenVerifications: number;
    /** Confirmation mails per hour, project-wide. */
    emailSent: number;
  };
}

/** An invalid config file; the message is one line naming the file, the key and the problem. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

type Table = Record<string, unknown>;

const ENV_PATTERN = /^env\((.*)\)$/;
// The documented maximum of jwt_expiry (one week).
const MAX_JWT_EXPIRY = 604_800;

/**
 * Loads the auth settings from a config.toml.
 * @param file path of the config file; relative paths in it (signing_keys_path)
 *   are relative to its folder, as the CLI resolves them against `supabase/`.
 * @param env where `env(NAME)` values come from; default process.env.
 * @throws ConfigError for a missing or unparsable file or an invalid value.
 */
export function loadAuthSettings(file: string, env: NodeJS.ProcessEnv = process.env): AuthSettings {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let root: Table;
  try {
    root = parse(text) as Table;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : "";
    const reason = (error as Error).message.split("\n")[0];
    throw new ConfigError(`${file}: invalid TOML${where}: ${reason}`);
  }
  const read = new Reader(file, env);
  const auth = read.table(root, "auth");
  const email = read.table(auth, "auth.email");
  const rateLimit = read.table(auth, "auth.rate_limit");

  const site = read.siteUrl(auth);
  const signingKeysPath = read.string(auth, "auth.signing_keys_path", "");
  const jwtSecret = read.string(auth, "auth.jwt_secret", "") || CLI_DEFAULT_JWT_SECRET;
  if (jwtSecret.length < 16) read.fail("auth.jwt_secret", "must be at least 16 characters");

  return {
    file,
    ...site,
    additionalRedirectUrls: read.stringList(auth, "auth.additional_redirect_urls", ["https://127.0.0.1:3000"]),
    jwtExpiry: read.uint(auth, "auth.jwt_expiry", 3600, { min: 1, max: MAX_JWT_EXPIRY }),
    jwtSecret,
    ...(signingKeysPath && { signingKeysPath: isAbsolute(signingKeysPath) ? signingKeysPath : join(dirname(file), signingKeysPath) }),
    enableSignup: read.bool(auth, "auth.enable_signup", true),
    refreshTokenReuseInterval: read.uint(auth, "auth.refresh_token_reuse_interval", 10),
    email: {
      enableSignup: read.bool(email, "auth.email.enable_signup", true),
      enableConfirmations: read.bool(email, "auth.email.enable_confirmations", false),
      maxFrequency: read.duration(email, "auth.email.max_frequency", 1),
      otpExpiry: read.uint(email, "auth.email.otp_expiry", 3600, { min: 1 }),
    },
    rateLimit: {
      signInSignUps: read.uint(rateLimit, "auth.rate_limit.sign_in_sign_ups", 30),
      tokenRefresh: read.uint(rateLimit, "auth.rate_limit.token_refresh", 150),
      tokenVerifications: read.uint(rateLimit, "auth.rate_limit.token_verifications", 30),
      emailSent: read.uint(rateLimit, "auth.rate_limit.email_sent", 2),
    },
  };
}

/** Reads typed values out of parsed TOML tables; every failure names the file and the dotted key. */
class Reader {
  constructor(
    private readonly file: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  fail(key: string, problem: string): never {
    throw new ConfigError(`${this.file}: ${key}: ${problem}`);
  }

  /** A sub-table, or {} when absent. */
  table(parent: Table, key: string): Table {
    const value = parent[lastPart(key)];
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(key, "must be a table");
    return value as Table;
  }

  string(table: Table, key: string, fallback: string): string {
    const value = table[lastPart(key)];
    if (value === undefined) return fallback;
    if (typeof value !== "string") this.fail(key, `must be a string (got ${describe(value)})`);
    const resolved = this.substitute(value);
    if (resolved === undefined) this.fail(key, `environment variable ${envName(value)} is not set`);
    return resolved;
  }

  stringList(table: Table, key: string, fallback: string[]): string[] {
    const value = table[lastPart(key)];
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) this.fail(key, `must be an array of strings (got ${describe(value)})`);
    return value.map((item, i) => {
      if (typeof item !== "string") this.fail(`${key}[${i}]`, `must be a string (got ${describe(item)})`);
      const resolved = this.substitute(item);
      if (resolved === undefined) this.fail(`${key}[${i}]`, `environment variable ${envName(item)} is not set`);
      return resolved;
    });
  }

  /** `site_url`, the one setting whose unset env() the platform fills with its own URL. */
  siteUrl(auth: Table): { siteUrl: string | null; siteUrlEnv?: string } {
    const key = "auth.site_url";
    const value = auth.site_url;
    if (value === undefined) return { siteUrl: "http://127.0.0.1:3000" };
    if (typeof value !== "string") this.fail(key, `must be a string (got ${describe(value)})`);
    const resolved = this.substitute(value);
    if (resolved === undefined) return { siteUrl: null, siteUrlEnv: envName(value) };
    if (resolved === "") this.fail(key, "must not be empty");
    if (!URL.canParse(resolved)) this.fail(key, `must be an absolute URL (got "${resolved}")`);
    return { siteUrl: resolved };
  }

  bool(table: Table, key: string, fallback: boolean): boolean {
    const value = this.scalar(table, key);
    if (value === undefined) return fallback;
    if (typeof value === "boolean") return value;
    // Go's strconv.ParseBool, which the CLI's weak decoding uses for strings.
    if (typeof value === "string") {
      if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
      if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
    }
    this.fail(key, `must be true or false (got ${describe(value)})`);
  }

  uint(table: Table, key: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.scalar(table, key);
    if (value === undefined) return fallback;
    const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
      this.fail(key, `must be a whole number of 0 or more (got ${describe(value)})`);
    }
    const { min = 0, max = Number.MAX_SAFE_INTEGER } = range;
    if (number < min || number > max) this.fail(key, `must be between ${min} and ${max} (got ${number})`);
    return number;
  }

  /** A Go duration string ("1s", "1m30s", "500ms"), in seconds. */
  duration(table: Table, key: string, fallback: number): number {
    const value = this.scalar(table, key);
    if (value === undefined) return fallback;
    const seconds = typeof value === "string" ? parseGoDuration(value) : undefined;
    if (seconds === undefined) this.fail(key, `must be a duration such as "60s" or "1m" (got ${describe(value)})`);
    return seconds;
  }

  /** A value with env() resolved; strings from env() are decoded by the caller. */
  private scalar(table: Table, key: string): unknown {
    const value = table[lastPart(key)];
    if (typeof value !== "string") return value;
    const resolved = this.substitute(value);
    if (resolved === undefined) this.fail(key, `environment variable ${envName(value)} is not set`);
    return resolved;
  }

  /**
   * The CLI's LoadEnvHook: a whole-string `env(NAME)` becomes NAME's value when
   * it is set and not empty. Returns undefined for an unset variable (the CLI
   * would keep the literal text; here that is reported instead).
   */
  private substitute(value: string): string | undefined {
    const match = ENV_PATTERN.exec(value);
    if (!match) return value;
    const resolved = this.env[match[1]!];
    return resolved ? resolved : undefined;
  }
}

function lastPart(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

function envName(value: string): string {
  return ENV_PATTERN.exec(value)?.[1] ?? value;
}

function describe(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : Array.isArray(value) ? "an array" : String(value);
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration for non-negative values, in seconds; undefined if malformed. */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const parts = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(text) ? text.match(/\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)/g) : null;
  if (!parts) return undefined;
  return parts.reduce((sum, part) => {
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(.+)$/.exec(part)!;
    return sum + Number(amount) * DURATION_UNITS[unit!]!;
  }, 0);
}
