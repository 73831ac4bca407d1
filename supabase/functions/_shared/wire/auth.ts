/** Wire shapes of the account routes: POST /api/auth/register | login | refresh, and GET /api/me. */
import * as z from "zod/mini";
import { RESERVED_SLUGS } from "../reserved.ts";
import { registrySlug } from "./slugs.ts";

/** An email as the auth routes take it: trimmed, lower-case, at most 254 characters. */
export const accountEmail = z.string().check(z.trim(), z.toLowerCase(), z.email("email must be a valid email address"), z.maxLength(254));

/** POST /api/auth/register body (and the oauth sign-up form): the username becomes the personal registry's slug. */
export const registerBody = z.object({
  email: accountEmail,
  password: z.string().check(z.minLength(8, "password must be at least 8 characters"), z.maxLength(72)),
  username: registrySlug.check(z.refine((u) => !RESERVED_SLUGS.has(u), "username is reserved")),
  display_name: z.optional(z.string().check(z.maxLength(100))),
});
/** What a registration asks for. */
export type RegisterBody = z.output<typeof registerBody>;

/** POST /api/auth/login body. */
export const loginBody = z.object({ email: accountEmail, password: z.string().check(z.minLength(1), z.maxLength(200)) });

/** POST /api/auth/refresh body. */
export const refreshBody = z.object({ refresh_token: z.string().check(z.minLength(1), z.maxLength(512)) });

/** A user as the auth routes and GET /api/me show them. */
export const userView = z.object({ id: z.string(), email: z.string(), username: z.string() });
/** A signed-in user. */
export type UserView = z.output<typeof userView>;

/** A session of the auth routes; `expires_in` in seconds, `expires_at` in unix seconds. */
export const sessionView = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number(),
  expires_at: z.number(),
});

/** POST /api/auth/login, POST /api/auth/refresh and (signed in at once) POST /api/auth/register response: a user and their new session. */
export const authResponse = z.object({ user: userView, session: sessionView });
/** A user and their new session. */
export type AuthResponse = z.output<typeof authResponse>;

/** POST /api/auth/register response (201) when the email must be confirmed before the first login. */
export const confirmationRequired = z.object({
  user: z.object({ email: z.string(), username: z.string() }),
  session: z.null(),
  confirmation_required: z.literal(true),
});
/** An account that exists but has no session until its email is confirmed. */
export type ConfirmationRequired = z.output<typeof confirmationRequired>;

/** POST /api/auth/register response (201): signed in at once, or a confirmation to wait for. */
export const registerResponse = z.union([authResponse, confirmationRequired]);

/** GET /api/me response: who the token belongs to; `display_name` optional as servers before it did not say. */
export const meResponse = z.object({ user: z.extend(userView, { display_name: z.optional(z.nullable(z.string())) }) });
