/**
 * Invitations from the invitee's side: the caller's pending invitations, and
 * answering one (accept or decline).
 */
import { Hono, type Context } from "hono";
import { withUser } from "../../_shared/db.ts";
import { answerInvitation, myPendingInvitations } from "../../_shared/domain/invitations.ts";
import { acceptInvitationResponse, declineInvitationResponse, invitationsResponse } from "../../_shared/wire/index.ts";
import { reply, requireUser, type AppEnv } from "../lib/http.ts";
import { uuidParam } from "../lib/params.ts";

/** The handler of `…/accept` or `…/decline`. */
function answerRoute(answer: "accepted" | "declined") {
  return async (c: Context<AppEnv>) => {
    const id = uuidParam(c, "id");
    const registrySlug = c.req.param("slug") ?? "";
    const claims = c.get("claims");
    const body = await withUser(claims, (tx) => answerInvitation(tx, { registrySlug, id, answer, callerId: claims.sub }));
    return "member" in body ? reply(c, acceptInvitationResponse, body) : reply(c, declineInvitationResponse, body);
  };
}

export const invitationRoutes = new Hono<AppEnv>()
  .use("/invitations", requireUser)
  .use("/registries/:slug/invitations/*", requireUser)
  .get("/invitations", async (c) => {
    const invitations = await withUser(c.get("claims"), (tx) => myPendingInvitations(tx));
    return reply(c, invitationsResponse, { invitations });
  })
  .post("/registries/:slug/invitations/:id/accept", answerRoute("accepted"))
  .post("/registries/:slug/invitations/:id/decline", answerRoute("declined"));
