/**
 * Database access (DESIGN.md "Data access"): postgres.js straight to
 * `SUPABASE_DB_URL`. Every request acting for a user runs in one transaction
 * that sets the JWT claims and switches to `authenticated`, as PostgREST does,
 * so RLS is the one authority.
 */
import postgres from "postgres";
import { env, requireEnv } from "./env.ts";
import type { JwtClaims } from "./auth.ts";

/** A transaction handle passed to the callbacks below. */
export type Tx = postgres.TransactionSql;

let pool: postgres.Sql | undefined;

/** The shared connection pool (created on first use). */
export function db(): postgres.Sql {
  pool ??= postgres(requireEnv("SUPABASE_DB_URL"), {
    // The transaction pooler (hosted) and PGlite's socket both need unnamed statements.
    prepare: false,
    max: Number(env("DB_POOL_MAX") ?? 5),
    idle_timeout: 30,
    onnotice: () => {},
  });
  return pool;
}

/**
 * Runs `fn` in one transaction as the user the claims name: RLS applies.
 * @param claims verified access-token claims (see auth.ts).
 */
export function withUser<T>(claims: JwtClaims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().begin(async (tx) => {
    // Claims as a bound parameter, never spliced into SQL; `set_config('role', …, true)`
    // is `set local role` in the same round trip, as PostgREST does it.
    await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true)`;
    return fn(tx);
  }) as Promise<T>;
}

/**
 * Runs `fn` in one transaction as `service_role` (bypasses RLS). Only for
 * work where no user exists yet, e.g. signup bookkeeping.
 */
export function withService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().begin(async (tx) => {
    await tx.unsafe("set local role service_role");
    return fn(tx);
  }) as Promise<T>;
}
