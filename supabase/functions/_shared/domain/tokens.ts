/**
 * Personal access tokens for machines, as their owner manages them: create
 * (the secret is returned once), list, revoke. Runs as the owner, through
 * the functions of `private` that alone reach `private.machine_tokens`: they
 * act only on the caller's own tokens, refuse a machine token's session, let
 * a new token name only registries its user belongs to and never return a
 * hash; the table's constraints bound a name and a lifetime. The checks here
 * only turn those refusals into clear errors.
 */
import type { Tx } from "../db.ts";
import { ApiError } from "../errors.ts";
import { newMachineToken } from "../machine-tokens.ts";
import { TOKEN_DEFAULT_DAYS, type CreateTokenBody } from "../wire/tokens.ts";

/** A token as its owner sees it: registries by slug (null: all the owner's). */
export interface TokenRow {
  id: string;
  name: string;
  registries: string[] | null;
  read_only: boolean;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The caller's live (not revoked) tokens, or the one with that name, as they see them. */
const liveTokens = (tx: Tx, name?: string) => tx<TokenRow[]>`
  select * from private.my_machine_tokens() ${name === undefined ? tx`` : tx`where name = ${name}`}`;

/**
 * Creates a token for the caller.
 * @param machineToken whether the caller is itself a machine token (which may not create one).
 * @returns the secret (shown once, never stored) and the token.
 * @throws ApiError FORBIDDEN when the caller uses a machine token; NOT_FOUND
 *   for a registry the caller does not belong to; CONFLICT when a live token
 *   already has the name.
 */
export async function createToken(
  tx: Tx,
  machineToken: boolean,
  body: CreateTokenBody,
  now = new Date(),
): Promise<{ token: string; machine_token: TokenRow }> {
  if (machineToken) {
    throw new ApiError("FORBIDDEN", "A machine token cannot create tokens: sign in with `skills login` and run `skills token create` there");
  }
  let registryIds: string[] | null = null;
  if (body.registries) {
    const slugs = [...new Set(body.registries)];
    const found = await tx<{ id: string; slug: string }[]>`select id, slug from registries where slug = any (${slugs})`;
    const missing = slugs.filter((slug) => !found.some((r) => r.slug === slug));
    if (missing.length > 0) {
      throw new ApiError("NOT_FOUND", `Registry '${missing[0]}' not found among your registries: a token can name only registries you belong to`);
    }
    registryIds = found.map((r) => r.id);
  }
  const [taken] = await liveTokens(tx, body.name);
  if (taken) {
    const expired = taken.expires_at.getTime() <= now.getTime();
    throw new ApiError(
      "CONFLICT",
      `You already have a token named "${body.name}"${expired ? " (expired)" : ""}: revoke it first (\`skills token revoke ${body.name}\`) or pick another name`,
    );
  }
  const { token, hash } = newMachineToken();
  const expiresAt = new Date(now.getTime() + (body.expires_in_days ?? TOKEN_DEFAULT_DAYS) * DAY_MS);
  await tx`select private.create_machine_token(${body.name}, ${hash}, ${registryIds}::uuid[], ${body.read_only ?? false}, ${expiresAt})`;
  const [row] = await liveTokens(tx, body.name);
  return { token, machine_token: row! };
}

/**
 * The caller's tokens that are not revoked, expired ones included, by name.
 * @throws ApiError FORBIDDEN when the caller uses a machine token.
 */
export async function listTokens(tx: Tx, machineToken: boolean): Promise<TokenRow[]> {
  if (machineToken) throw new ApiError("FORBIDDEN", "A machine token cannot list tokens: sign in with `skills login`");
  return liveTokens(tx);
}

/**
 * Revokes the caller's live token of that name: from the next request on it is refused.
 * @throws ApiError FORBIDDEN when the caller uses a machine token; NOT_FOUND
 *   when the caller has no live token of that name.
 */
export async function revokeToken(tx: Tx, machineToken: boolean, name: string): Promise<void> {
  if (machineToken) throw new ApiError("FORBIDDEN", "A machine token cannot revoke tokens: sign in with `skills login`");
  const [row] = await tx<{ revoked: boolean }[]>`select private.revoke_machine_token(${name}) as revoked`;
  if (!row?.revoked) {
    throw new ApiError("NOT_FOUND", `You have no token named "${name}". Run \`skills token list\` to see your tokens`);
  }
}
