/**
 * Invitations from the invitee's side (spec §3.1, §3.2 "Accept/Decline
 * Invitation"): the caller's pending invitations, and answering one.
 * An invitation is answered once, before it expires, by the account with
 * its (confirmed) email; accepting makes that account a member with the
 * invited role (trigger `private.handle_invitation_accepted`).
 */
import { Hono, type Context } from "hono";
import { withUser } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { requireUser, type AppEnv } from "../lib/http.ts";
import { invitationById, myPendingInvitations } from "../lib/invitations.ts";
import { findMember } from "../lib/membership.ts";
import { findRegistry } from "../lib/lookup.ts";
import { uuidParam } from "../lib/params.ts";

/** The handler of `…/accept` or `…/decline`. */
function answerRoute(answer: "accepted" | "declined") {
  return async (c: Context<AppEnv>) => {
    const id = uuidParam(c, "id");
    const slug = c.req.param("slug") ?? "";
    const claims = c.get("claims");
    const body = await withUser(claims, async (tx) => {
      const invitation = await invitationById(tx, id);
      if (!invitation || invitation.registry !== slug) {
        throw new ApiError("NOT_FOUND", `Invitation ${id} not found in registry '${slug}'`);
      }
      if (!invitation.mine) throw new ApiError("FORBIDDEN", "This invitation is addressed to another account");
      if (invitation.status !== "pending") throw new ApiError("CONFLICT", `This invitation is already ${invitation.status}`);
      // RLS re-checks pending and unexpired under the row lock: of two
      // racing answers, the second updates nothing.
      const updated = await tx`update invitations set status = ${answer} where id = ${id} returning id`;
      if (updated.length === 0) throw new ApiError("CONFLICT", "This invitation was answered or expired meanwhile");
      if (answer === "declined") {
        const { mine: _mine, ...declined } = (await invitationById(tx, id))!;
        return { invitation: declined };
      }
      return { member: await findMember(tx, await findRegistry(tx, slug), claims.sub), registry: slug };
    });
    return c.json(body);
  };
}

export const invitationRoutes = new Hono<AppEnv>()
  .use("/invitations", requireUser)
  .use("/registries/:slug/invitations/*", requireUser)
  .get("/invitations", async (c) => {
    const invitations = await withUser(c.get("claims"), (tx) => myPendingInvitations(tx));
    return c.json({ invitations });
  })
  .post("/registries/:slug/invitations/:id/accept", answerRoute("accepted"))
  .post("/registries/:slug/invitations/:id/decline", answerRoute("declined"));
