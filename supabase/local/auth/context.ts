/**
 * What every endpoint of the emulator works with: the database, the keys and
 * the `[auth]` settings in effect, the rate limiters and the log that stands
 * in for the mailer.
 */
import type postgres from "postgres";
import type { AuthSettings } from "../config.ts";
import type { JwtKeys } from "./keys.ts";
import type { RateLimits } from "./rate-limits.ts";

/** The `[auth]` settings the emulator applies, with site_url resolved. */
export type EmulatorSettings = Pick<
  AuthSettings,
  "additionalRedirectUrls" | "jwtExpiry" | "enableSignup" | "refreshTokenReuseInterval" | "email" | "rateLimit"
> & { siteUrl: string };

/** Shared state of one emulator. */
export interface AuthContext {
  /** Connection to the database holding the shim's `auth` tables; used only inside `sql.begin`. */
  sql: postgres.Sql;
  /** `<public URL>/auth/v1`: the access tokens' `iss`, and where confirmation links point. */
  issuer: string;
  keys: JwtKeys;
  settings: EmulatorSettings;
  limits: RateLimits;
  /** Where the "mail" goes: one line per confirmation link. */
  log: (line: string) => void;
}
