/** Personal access tokens for machines: create (the secret once), list, revoke (`_shared/domain/tokens.ts`). */
import { Hono, type Context } from "hono";
import { withUser } from "../../_shared/db.ts";
import { createToken, listTokens, revokeToken } from "../../_shared/domain/tokens.ts";
import { ApiError } from "../../_shared/errors.ts";
import { machineTokenOf } from "../../_shared/machine-tokens.ts";
import { createdTokenResponse, createTokenBody, tokenName, tokensResponse, TOKEN_NAME_RULE } from "../../_shared/wire/tokens.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";

/** The `:name` path parameter; 422 when it cannot be a token name. */
function nameParam(c: Context): string {
  const parsed = tokenName.safeParse(c.req.param("name") ?? "");
  if (!parsed.success) throw new ApiError("VALIDATION_ERROR", `name must be ${TOKEN_NAME_RULE}`);
  return parsed.data;
}

export const tokenRoutes = new Hono<AppEnv>()
  .use("/tokens", requireUser)
  .use("/tokens/*", requireUser)
  .post("/tokens", async (c) => {
    const body = await parseBody(c, createTokenBody);
    const claims = c.get("claims");
    const created = await withUser(claims, (tx) => createToken(tx, machineTokenOf(claims) !== undefined, body));
    return reply(c, createdTokenResponse, created, 201);
  })
  .get("/tokens", async (c) => {
    const claims = c.get("claims");
    const tokens = await withUser(claims, (tx) => listTokens(tx, machineTokenOf(claims) !== undefined));
    return reply(c, tokensResponse, { tokens });
  })
  .delete("/tokens/:name", async (c) => {
    const name = nameParam(c);
    const claims = c.get("claims");
    await withUser(claims, (tx) => revokeToken(tx, machineTokenOf(claims) !== undefined, name));
    return c.body(null, 204);
  });
