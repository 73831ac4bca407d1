/** Wire shapes of the machine-token routes: /api/tokens and /api/tokens/:name. */
import * as z from "zod/mini";
import { registrySlug } from "./slugs.ts";

/** The rule a token name follows, as messages quote it. */
export const TOKEN_NAME_RULE = "1-64 characters: letters, digits, '.', '_' and '-', starting with a letter or digit";

/** A token's name (`--name`, `:name` of DELETE /api/tokens/:name): unique among its user's live tokens. */
export const tokenName = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, `token name must be ${TOKEN_NAME_RULE}`));

/** Longest lifetime of a token, in days, and the lifetime when none is asked for. */
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_DEFAULT_DAYS = 90;

/** POST /api/tokens body: a new token for machines, acting as the caller. */
export const createTokenBody = z.strictObject({
  name: tokenName,
  /** Registries the token may reach (the caller's, at most 100); absent or null: all the caller's, now and later. */
  registries: z.optional(
    z.nullable(
      z.array(registrySlug).check(z.minLength(1, "registries must name at least one registry, or be left out for all"), z.maxLength(100, "registries may name at most 100 registries")),
    ),
  ),
  read_only: z.optional(z.boolean()),
  expires_in_days: z.optional(
    z.number().check(z.int("expires_in_days must be a whole number of days"), z.minimum(1, "expires_in_days must be at least 1"), z.maximum(TOKEN_MAX_DAYS, `expires_in_days must be at most ${TOKEN_MAX_DAYS}`)),
  ),
});
/** Body of POST /api/tokens. */
export type CreateTokenBody = z.output<typeof createTokenBody>;

/** A token as its owner sees it: never the secret nor its hash. `registries`: slugs, or null for all. */
export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  registries: z.nullable(z.array(z.string())),
  read_only: z.boolean(),
  created_at: z.string(),
  expires_at: z.string(),
  last_used_at: z.nullable(z.string()),
});
/** A machine token as the API shows it. */
export type TokenView = z.output<typeof tokenView>;

/** POST /api/tokens response (201): the secret, this once, and the token. */
export const createdTokenResponse = z.object({
  token: z.string().check(z.regex(/^sks_[A-Za-z0-9_-]{43}$/, "token must be sks_ and 43 base64url characters")),
  machine_token: tokenView,
});

/** GET /api/tokens response: the caller's tokens that are not revoked (expired ones too), by name. */
export const tokensResponse = z.object({ tokens: z.array(tokenView) });
