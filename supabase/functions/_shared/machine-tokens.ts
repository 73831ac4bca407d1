/**
 * Personal access tokens for machines (`skills token create`, the
 * `private.machine_tokens` table): how one looks, how it is hashed for
 * storage, and how a request carrying one becomes the JWT claims RLS reads.
 *
 * A token is `sks_` and 32 random bytes in base64url. The prefix tells it
 * from a Supabase JWT without a lookup. The database keeps its sha256 only
 * (256 random bits need no slow hash). Every request looks its token up
 * again (no cache of positive answers), so a revoked or expired token is
 * refused from the next request on; `private.require_live_session` checks
 * the row once more inside the request's own transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import type { JwtClaims } from "./auth.ts";
import { withService } from "./db.ts";
import { ApiError } from "./errors.ts";

/** What every machine token starts with. */
export const MACHINE_TOKEN_PREFIX = "sks_";

const TOKEN_FORMAT = /^sks_[A-Za-z0-9_-]{43}$/;

/** The claim that carries a machine token's limits, read by the policies' helpers (`private.token_claim`). */
export interface MachineTokenClaim {
  id: string;
  name: string;
  /** Registry ids, or null for every registry of the user. */
  registries: string[] | null;
  read_only: boolean;
}

/** A new machine token: the secret, shown once, and the hash the database keeps. */
export function newMachineToken(): { token: string; hash: string } {
  const token = `${MACHINE_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: machineTokenHash(token) };
}

/** Lowercase hex sha256 of a token, as `private.machine_tokens.token_hash` holds it. */
export function machineTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Whether a bearer token is meant as a machine token (it may still be unknown). */
export function isMachineToken(token: string): boolean {
  return token.startsWith(MACHINE_TOKEN_PREFIX);
}

interface TokenRow {
  id: string;
  name: string;
  user_id: string;
  email: string | null;
  registries: string[] | null;
  read_only: boolean;
  expires_at: Date;
  revoked_at: Date | null;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The claims a request with this machine token runs under: its creator
 * (`sub`, role `authenticated`, `email`), and `skills_token` with its limits.
 * Records the use (`last_used_at`, at most once a minute). The lookup runs as
 * service_role, through the one function that role may call for it: until
 * the token is found, no user is known to act as.
 * @throws ApiError UNAUTHORIZED for a malformed or unknown token, and one
 *   naming the token when it was revoked or has expired.
 */
export async function machineTokenClaims(token: string, now = new Date()): Promise<JwtClaims> {
  if (!TOKEN_FORMAT.test(token)) throw new ApiError("UNAUTHORIZED", "Invalid access token");
  const [row] = await withService((tx) =>
    tx<TokenRow[]>`select * from private.machine_token_for(${machineTokenHash(token)})`
  );
  if (!row) throw new ApiError("UNAUTHORIZED", "Unknown access token");
  if (row.revoked_at) throw new ApiError("UNAUTHORIZED", `The token "${row.name}" was revoked on ${day(row.revoked_at)}`);
  if (row.expires_at.getTime() <= now.getTime()) {
    throw new ApiError("UNAUTHORIZED", `The token "${row.name}" expired on ${day(row.expires_at)}`);
  }
  const skillsToken: MachineTokenClaim = { id: row.id, name: row.name, registries: row.registries, read_only: row.read_only };
  return Object.freeze({
    sub: row.user_id,
    role: "authenticated",
    aud: "authenticated",
    ...(row.email ? { email: row.email } : {}),
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(row.expires_at.getTime() / 1000),
    skills_token: skillsToken,
  });
}

/** The machine-token claim of verified claims, or undefined for a Supabase Auth session. */
export function machineTokenOf(claims: JwtClaims): MachineTokenClaim | undefined {
  return claims.skills_token as MachineTokenClaim | undefined;
}
