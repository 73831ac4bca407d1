/**
 * Database access (README "Architecture"): postgres.js straight to
 * Postgres. Every request acting for a user runs in one transaction that sets
 * the JWT claims and switches to `authenticated`, as PostgREST does, so RLS
 * is the one authority.
 *
 * Which Postgres: `SKILLS_DB_URL` when set, else `SUPABASE_DB_URL`. On hosted
 * Supabase, `SUPABASE_DB_URL` is the DIRECT connection, and every isolate of
 * every function opens its own pool to it, so each pool stays small (see
 * below) to leave the project's connection limit to the many isolates.
 * `SKILLS_DB_URL` may name the transaction pooler (Supavisor, port 6543)
 * instead, which shares a few server connections among all isolates.
 */
import postgres from "postgres";
import { env, requireEnv } from "./env.ts";
import type { JwtClaims } from "./auth.ts";

/** A transaction handle passed to the callbacks below. */
export type Tx = postgres.TransactionSql;

let pool: postgres.Sql | undefined;

/**
 * This isolate's connection pool (created on first use): at most two
 * connections, so one slow request does not queue every other request of the
 * isolate, each closed after 10 s idle, so a quiet isolate holds none.
 * @throws Error naming SUPABASE_DB_URL when neither URL is set.
 */
export function db(): postgres.Sql {
  pool ??= postgres(env("SKILLS_DB_URL") ?? requireEnv("SUPABASE_DB_URL"), {
    // The transaction pooler and PGlite's socket both need unnamed statements.
    prepare: false,
    max: 2,
    idle_timeout: 10,
    onnotice: () => {},
  });
  return pool;
}

/**
 * Runs `fn` in one transaction as the user the claims name: RLS applies.
 * @param claims verified access-token claims (see auth.ts).
 * @throws ApiError UNAUTHORIZED (via toApiError) when the token's OAuth grant was revoked.
 */
export function withUser<T>(claims: JwtClaims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().begin((tx) => {
    // Claims as a bound parameter, never spliced into SQL; `set_config('role', …, true)`
    // is `set local role` in the same statement, as PostgREST does it. Not awaited:
    // postgres.js pipelines it with fn's first query (one round trip fewer). Safe,
    // because both run inside the transaction: if this statement fails, Postgres
    // refuses every later one (25P02) and the transaction reports this error.
    // The same statement refuses a session whose OAuth grant was revoked
    // (private.require_live_session, SQLSTATE PT401 → 401): a revoked grant's
    // access tokens stop at once, though their signatures stay good until `exp`.
    tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true), set_config('role', 'authenticated', true), private.require_live_session()`.execute();
    return fn(tx);
  }) as Promise<T>;
}

/**
 * Runs `fn` in one transaction as `service_role` (bypasses RLS). Only for
 * work where no user exists yet, e.g. signup bookkeeping.
 */
export function withService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().begin((tx) => {
    // Pipelined with fn's first query, as in withUser.
    tx.unsafe("set local role service_role").execute();
    return fn(tx);
  }) as Promise<T>;
}

/** Whether the database answers a trivial query (health checks); never throws. */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await db().begin((tx) => tx`select 1`);
    return true;
  } catch {
    return false;
  }
}
