/**
 * Members of a registry: list, invite by email, change a role, remove
 * (admins; anyone may leave).
 */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { inviteMember } from "../../_shared/domain/invitations.ts";
import { changeMemberRole, listMembers, removeMember } from "../../_shared/domain/members.ts";
import { inviteBody, inviteResponse, memberResponse, memberRoleBody, membersResponse } from "../../_shared/wire/index.ts";
import { parseBody, reply, requireUser, type AppEnv } from "../lib/http.ts";
import { uuidParam } from "../lib/params.ts";

const base = "/registries/:slug/members";

export const memberRoutes = new Hono<AppEnv>()
  .use(base, requireUser)
  .use(`${base}/*`, requireUser)
  .get(base, async (c) => {
    const members = await withUser(c.get("claims"), (tx) => listMembers(tx, c.req.param("slug")));
    return reply(c, membersResponse, { members });
  })
  .post(`${base}/invite`, async (c) => {
    const body = await parseBody(c, inviteBody);
    const claims = c.get("claims");
    const outcome = await withUser(claims, (tx) =>
      inviteMember(tx, c.req.param("slug"), { ...body, callerId: claims.sub, callerEmail: claims.email })
    );
    // An account that already existed joined at once (200); otherwise an invitation was created (201).
    return reply(c, inviteResponse, outcome, "member" in outcome ? 200 : 201);
  })
  .put(`${base}/:userId`, async (c) => {
    const userId = uuidParam(c, "userId");
    const body = await parseBody(c, memberRoleBody);
    const member = await withUser(c.get("claims"), (tx) => changeMemberRole(tx, c.req.param("slug"), userId, body.role));
    return reply(c, memberResponse, { member });
  })
  .delete(`${base}/:userId`, async (c) => {
    const userId = uuidParam(c, "userId");
    const claims = c.get("claims");
    await withUser(claims, (tx) => removeMember(tx, c.req.param("slug"), userId, claims.sub));
    return c.body(null, 204);
  });
