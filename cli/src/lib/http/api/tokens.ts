/** The machine-token routes: POST /tokens, GET /tokens and DELETE /tokens/:name. */
import type { ApiClient } from "../client.ts";
import type { CreateTokenBody } from "../../../../../supabase/functions/_shared/wire/tokens.ts";
import { createdTokenResponse, tokensResponse } from "../../../../../supabase/functions/_shared/wire/tokens.ts";
import * as z from "zod/mini";

/** The server's reason, for the 403 a machine token gets when it tries to manage tokens. */
const needsSession = (said: string | undefined) => said ?? "Managing tokens needs a signed-in session: unset SKILLS_TOKEN and run `skills login`.";

/** POST /tokens: a new token for machines acting as the caller; the secret is in this answer only. */
export async function createToken(client: ApiClient, body: CreateTokenBody) {
  return client.request("POST", "/tokens", createdTokenResponse, {
    body,
    messages: {
      403: needsSession,
      404: (said) => said ?? "A token can name only registries you belong to. Run `skills list` to see yours.",
      409: (said) => said ?? `You already have a token named "${body.name}": revoke it first with \`skills token revoke ${body.name}\`.`,
    },
  });
}

/** GET /tokens: the caller's tokens that are not revoked, by name. */
export async function listTokens(client: ApiClient) {
  return (await client.request("GET", "/tokens", tokensResponse, { messages: { 403: needsSession } })).tokens;
}

/** DELETE /tokens/:name: revokes the caller's token of that name; it is refused from the next request on. */
export async function revokeToken(client: ApiClient, name: string) {
  await client.request("DELETE", `/tokens/${encodeURIComponent(name)}`, z.unknown(), {
    messages: { 403: needsSession, 404: (said) => said ?? `You have no token named "${name}". Run \`skills token list\` to see yours.` },
  });
}
