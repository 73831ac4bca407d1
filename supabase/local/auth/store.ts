/**
 * The emulator's queries on the shim's `auth.users`, `auth.sessions` and
 * `auth.refresh_tokens` (supabase/local/sql/shim.sql). Every function takes a
 * transaction: on the embedded database a transaction is what keeps statements together
 * (pglite-server.ts).
 */
import type postgres from "postgres";
import { newRefreshToken, type AuthenticationMethod } from "./tokens.ts";

/** A transaction handle from `sql.begin`. */
export type Tx = postgres.TransactionSql;

/** A row of `auth.users`. */
export interface UserRow {
  id: string;
  aud: string;
  role: string;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  /** Hash of the pending confirmation link's token; null once confirmed. */
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  is_anonymous: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of `auth.sessions`. */
export interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  authentication_method: AuthenticationMethod;
}

/** A row of `auth.refresh_tokens`, with its age in seconds by the database clock. */
export interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  session_id: string;
  parent: string | null;
  revoked: boolean;
  age_seconds: number;
}

/** The user with this email (compared case-insensitively, as GoTrue does). */
export async function findUserByEmail(tx: Tx, email: string): Promise<UserRow | undefined> {
  const [user] = await tx<UserRow[]>`select * from auth.users where lower(email) = lower(${email})`;
  return user;
}

/** The user with this id. */
export async function findUserById(tx: Tx, id: string): Promise<UserRow | undefined> {
  const [user] = await tx<UserRow[]>`select * from auth.users where id = ${id}`;
  return user;
}

/**
 * Inserts an unconfirmed user, as GoTrue creates every user before confirming
 * it; the metadata must be JSON (it comes from a parsed body). Triggers on
 * `auth.users` (our profile trigger) run here; their errors propagate.
 */
export async function insertUser(
  tx: Tx,
  user: { id: string; email: string; passwordHash: string; appMetadata: Record<string, unknown>; userMetadata: Record<string, unknown> },
): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`
    insert into auth.users (id, email, encrypted_password, raw_app_meta_data, raw_user_meta_data)
    values (${user.id}, ${user.email}, ${user.passwordHash},
            ${tx.json(user.appMetadata as postgres.JSONValue)}, ${tx.json(user.userMetadata as postgres.JSONValue)})
    returning *`;
  return row!;
}

/** Records a mailed confirmation link: its token hash, sent now. */
export async function setConfirmationToken(tx: Tx, userId: string, tokenHash: string): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`
    update auth.users set confirmation_token = ${tokenHash}, confirmation_sent_at = now(), updated_at = now()
    where id = ${userId} returning *`;
  return row!;
}

/** The user whose pending confirmation link has this token hash, locked until the transaction ends. */
export async function findUserByConfirmationToken(tx: Tx, tokenHash: string): Promise<UserRow | undefined> {
  const [row] = await tx<UserRow[]>`select * from auth.users where confirmation_token = ${tokenHash} for update`;
  return row;
}

/** Confirms the email as GoTrue's User.Confirm: the link is spent and user_metadata says email_verified. */
export async function confirmUser(tx: Tx, userId: string): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`
    update auth.users
    set confirmation_token = null, email_confirmed_at = now(), updated_at = now(),
        raw_user_meta_data = raw_user_meta_data || '{"email_verified": true}'::jsonb
    where id = ${userId} returning *`;
  return row!;
}

/** Records a sign-in (a new session or a refresh-token swap), as GoTrue's UpdateLastSignInAt. */
export async function touchLastSignIn(tx: Tx, userId: string): Promise<UserRow> {
  const [row] = await tx<UserRow[]>`
    update auth.users set last_sign_in_at = now(), updated_at = now() where id = ${userId} returning *`;
  return row!;
}

/** Starts a session with its first refresh token. */
export async function createSession(
  tx: Tx,
  userId: string,
  method: AuthenticationMethod,
): Promise<{ session: SessionRow; refreshToken: string }> {
  const [session] = await tx<SessionRow[]>`
    insert into auth.sessions (user_id, authentication_method) values (${userId}, ${method})
    returning id, user_id, created_at, authentication_method`;
  const refreshToken = newRefreshToken();
  await tx`
    insert into auth.refresh_tokens (token, user_id, session_id) values (${refreshToken}, ${userId}, ${session!.id})`;
  return { session: session!, refreshToken };
}

/** The session with this id. */
export async function findSession(tx: Tx, id: string): Promise<SessionRow | undefined> {
  const [session] = await tx<SessionRow[]>`
    select id, user_id, created_at, authentication_method from auth.sessions where id = ${id}`;
  return session;
}

/** Marks a session as just refreshed. */
export async function touchSession(tx: Tx, id: string): Promise<void> {
  await tx`update auth.sessions set updated_at = now() where id = ${id}`;
}

/** A refresh token, revoked or not, locked with its session until the transaction ends. */
export async function lockRefreshToken(tx: Tx, token: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await tx<RefreshTokenRow[]>`
    select rt.id, rt.token, rt.user_id, rt.session_id, rt.parent, rt.revoked,
           extract(epoch from now() - rt.updated_at)::float8 as age_seconds
    from auth.refresh_tokens rt join auth.sessions s on s.id = rt.session_id
    where rt.token = ${token}
    for update of rt, s`;
  return row;
}

/** The session's newest unrevoked refresh token (GoTrue's FindCurrentlyActiveRefreshToken). */
export async function activeRefreshToken(tx: Tx, sessionId: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await tx<RefreshTokenRow[]>`
    select id, token, user_id, session_id, parent, revoked, 0::float8 as age_seconds
    from auth.refresh_tokens where session_id = ${sessionId} and not revoked
    order by id desc limit 1`;
  return row;
}

/** Revokes `old` and issues its child in the same session (GrantRefreshTokenSwap). */
export async function swapRefreshToken(tx: Tx, old: RefreshTokenRow): Promise<string> {
  await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${old.id}`;
  const token = newRefreshToken();
  await tx`
    insert into auth.refresh_tokens (token, user_id, session_id, parent)
    values (${token}, ${old.user_id}, ${old.session_id}, ${old.token})`;
  return token;
}

/** Revokes every live token of the session: the reaction to a replayed token (RevokeTokenFamily). */
export async function revokeTokenFamily(tx: Tx, sessionId: string): Promise<void> {
  await tx`
    update auth.refresh_tokens set revoked = true, updated_at = now()
    where session_id = ${sessionId} and not revoked`;
}

/**
 * Deletes sessions (their refresh tokens cascade), as GoTrue's logout does.
 * @param scope global: all of the user's; local: `sessionId` only; others: all but `sessionId`.
 */
export async function deleteSessions(
  tx: Tx,
  userId: string,
  scope: "global" | "local" | "others",
  sessionId: string | undefined,
): Promise<void> {
  if (scope === "global" || !sessionId) {
    await tx`delete from auth.sessions where user_id = ${userId}`;
  } else if (scope === "local") {
    await tx`delete from auth.sessions where id = ${sessionId}`;
  } else {
    await tx`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  }
}
