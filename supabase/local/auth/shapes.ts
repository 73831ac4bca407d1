/**
 * GoTrue's JSON bodies: the user object (internal/models/user.go, `omitempty`
 * fields left out when empty, keys in struct order), the session
 * (tokens.AccessTokenResponse) and the obfuscated user a repeat signup gets.
 */
import { createHash, randomUUID } from "node:crypto";
import type { UserRow } from "./store.ts";

/** An email identity as GoTrue serializes it (models.Identity). */
export interface IdentityJson {
  identity_id: string;
  /** The provider's id of the user: for email, the user id. */
  id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: "email";
  last_sign_in_at: string;
  created_at: string;
  updated_at: string;
  email: string;
}

/** The user object as GoTrue serializes it, for an email user. */
export interface UserJson {
  id: string;
  aud: string;
  role: string;
  email: string;
  email_confirmed_at?: string;
  phone: string;
  confirmation_sent_at?: string;
  confirmed_at?: string;
  last_sign_in_at?: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  identities: IdentityJson[];
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
  const sent = iso(row.confirmation_sent_at);
  const lastSignIn = iso(row.last_sign_in_at);
  return {
    id: row.id,
    aud: row.aud,
    role: row.role,
    email: row.email ?? "",
    ...(confirmed && { email_confirmed_at: confirmed }),
    phone: "",
    ...(sent && { confirmation_sent_at: sent }),
    // Email-only users: confirmed_at is email_confirmed_at (a generated column upstream).
    ...(confirmed && { confirmed_at: confirmed }),
    ...(lastSignIn && { last_sign_in_at: lastSignIn }),
    app_metadata: row.raw_app_meta_data,
    user_metadata: row.raw_user_meta_data,
    identities: row.email ? [emailIdentity(row)] : [],
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    is_anonymous: row.is_anonymous,
  };
}

/**
 * The user's email identity. The shim keeps no `auth.identities`: the identity
 * GoTrue creates at signup is derived from the user (its data is the user's
 * metadata, which GoTrue fills from it), with a stable id made from the user's.
 */
function emailIdentity(row: UserRow): IdentityJson {
  const created = row.created_at.toISOString();
  return {
    identity_id: uuidFrom(`email identity of ${row.id}`),
    id: row.id,
    user_id: row.id,
    identity_data: row.raw_user_meta_data,
    provider: "email",
    last_sign_in_at: iso(row.last_sign_in_at) ?? created,
    created_at: created,
    updated_at: created,
    email: row.email ?? "",
  };
}

/**
 * What GoTrue answers a signup for an email that already has a confirmed
 * account while confirmations are on (signup.go sanitizeUser): a made-up user
 * with a new id, the request's data, no role and no identities, "sent" now.
 * @param data the signup's `data`, echoed as user_metadata.
 */
export function obfuscatedUserJson(email: string, data: Record<string, unknown>): UserJson {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    aud: "authenticated",
    role: "",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
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

// A UUID (version 4 layout) derived from a name, so a derived id is the same on every call.
function uuidFrom(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
