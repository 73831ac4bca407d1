/**
 * GoTrue's JSON bodies: the user object (internal/models/user.go, `omitempty`
 * fields left out when empty) and the session (tokens.AccessTokenResponse).
 */
import type { UserRow } from "./store.ts";

/** The user object as GoTrue serializes it, for an email user. */
export interface UserJson {
  id: string;
  aud: string;
  role: string;
  email: string;
  email_confirmed_at?: string;
  phone: string;
  confirmed_at?: string;
  last_sign_in_at?: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  /** Always empty: the shim keeps no `auth.identities`. */
  identities: unknown[];
  created_at: string;
  updated_at: string;
  is_anonymous: boolean;
}

/** The body of a successful signup or token grant. */
export interface SessionJson {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: UserJson;
}

/** Serializes an `auth.users` row in GoTrue's key order. */
export function userJson(row: UserRow): UserJson {
  const confirmed = iso(row.email_confirmed_at);
  const lastSignIn = iso(row.last_sign_in_at);
  return {
    id: row.id,
    aud: row.aud,
    role: row.role,
    email: row.email ?? "",
    ...(confirmed && { email_confirmed_at: confirmed }),
    phone: "",
    // Email-only users: confirmed_at is email_confirmed_at (a generated column upstream).
    ...(confirmed && { confirmed_at: confirmed }),
    ...(lastSignIn && { last_sign_in_at: lastSignIn }),
    app_metadata: row.raw_app_meta_data,
    user_metadata: row.raw_user_meta_data,
    identities: [],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    is_anonymous: row.is_anonymous,
  };
}

/**
 * A session body.
 * @param expiresAt access-token expiry, epoch seconds.
 */
export function sessionJson(accessToken: string, expiresAt: number, refreshToken: string, user: UserRow): SessionJson {
  return {
    access_token: accessToken,
    token_type: "bearer",
    expires_in: expiresAt - Math.floor(Date.now() / 1000),
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

function iso(date: Date | null): string | undefined {
  return date ? date.toISOString() : undefined;
}
