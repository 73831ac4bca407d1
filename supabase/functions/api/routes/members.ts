/**
 * Members of a registry (spec §3.1, §3.2 "Invite member"): list (members),
 * invite by email, change a role, remove (admins; anyone may leave).
 * Personal registries belong to their owner alone; an organization always
 * keeps one admin.
 */
import { Hono } from "hono";
import { withUser } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { inviteBody, memberRoleBody } from "../../_shared/types.ts";
import { parseBody, requireUser, type AppEnv } from "../lib/http.ts";
import { invitationById } from "../lib/invitations.ts";
import { findRegistry } from "../lib/lookup.ts";
import { assertNotLastAdmin, findMember, lastAdminError, listMembers, requireAdmin, requireOrganization } from "../lib/membership.ts";
import { uuidParam } from "../lib/params.ts";

const base = "/registries/:slug/members";

const noLongerAdmin = (slug: string) => new ApiError("FORBIDDEN", `You are no longer an admin of '${slug}'`);

export const memberRoutes = new Hono<AppEnv>()
  .use(base, requireUser)
  .use(`${base}/*`, requireUser)
  .get(base, async (c) => {
    const members = await withUser(c.get("claims"), async (tx) => listMembers(tx, (await findRegistry(tx, c.req.param("slug"))).id));
    return c.json({ members });
  })
  .post(`${base}/invite`, async (c) => {
    const body = await parseBody(c, inviteBody);
    const claims = c.get("claims");
    if (claims.email && claims.email.toLowerCase() === body.email) {
      throw new ApiError("VALIDATION_ERROR", "email: you cannot invite yourself");
    }
    const result = await withUser(claims, async (tx) => {
      const registry = await findRegistry(tx, c.req.param("slug"));
      requireAdmin(registry, "invite members");
      requireOrganization(registry);
      // An account is matched only by a confirmed email: an unconfirmed one
      // could have been registered by anyone with that address.
      const [account] = await tx<{ user_id: string | null }[]>`
        select private.invitee_user_id(${registry.id}, ${body.email}) as user_id`;
      const userId = account?.user_id ?? null;
      if (userId === claims.sub) throw new ApiError("VALIDATION_ERROR", "email: you cannot invite yourself");
      if (userId) {
        const [existing] = await tx`select 1 from registry_members where registry_id = ${registry.id} and user_id = ${userId}`;
        if (existing) throw new ApiError("CONFLICT", `${body.email} is already a member of '${registry.slug}'`);
        await tx`insert into registry_members (registry_id, user_id, role) values (${registry.id}, ${userId}, ${body.role})`;
        return { status: 200 as const, body: { member: await findMember(tx, registry, userId) } };
      }
      // An expired invitation no longer stands in the way of a new one.
      await tx`
        delete from invitations
        where registry_id = ${registry.id} and lower(email) = ${body.email} and status = 'pending' and expires_at <= now()`;
      const [pending] = await tx<{ expires_at: Date }[]>`
        select expires_at from invitations where registry_id = ${registry.id} and lower(email) = ${body.email} and status = 'pending'`;
      if (pending) {
        throw new ApiError("CONFLICT", `${body.email} is already invited to '${registry.slug}' (until ${pending.expires_at.toISOString()})`);
      }
      const [created] = await tx<{ id: string }[]>`
        insert into invitations (registry_id, email, role, invited_by)
        values (${registry.id}, ${body.email}, ${body.role}, ${claims.sub})
        returning id`;
      return { status: 201 as const, body: { invitation: await invitationById(tx, created!.id) } };
    });
    return c.json(result.body, result.status);
  })
  .put(`${base}/:userId`, async (c) => {
    const userId = uuidParam(c, "userId");
    const body = await parseBody(c, memberRoleBody);
    const slug = c.req.param("slug");
    try {
      const member = await withUser(c.get("claims"), async (tx) => {
        const registry = await findRegistry(tx, slug);
        requireAdmin(registry, "change member roles");
        requireOrganization(registry);
        const current = await findMember(tx, registry, userId);
        if (body.role !== "admin") await assertNotLastAdmin(tx, registry, current);
        const updated = await tx`
          update registry_members set role = ${body.role} where registry_id = ${registry.id} and user_id = ${userId} returning id`;
        // RLS re-checks the caller's role at this statement: another admin may have demoted them meanwhile.
        if (updated.length === 0) throw noLongerAdmin(registry.slug);
        return findMember(tx, registry, userId);
      });
      return c.json({ member });
    } catch (error) {
      throw lastAdminError(error, slug);
    }
  })
  .delete(`${base}/:userId`, async (c) => {
    const userId = uuidParam(c, "userId");
    const claims = c.get("claims");
    const slug = c.req.param("slug");
    try {
      await withUser(claims, async (tx) => {
        const registry = await findRegistry(tx, slug);
        if (userId !== claims.sub) requireAdmin(registry, "remove members");
        requireOrganization(registry);
        const current = await findMember(tx, registry, userId);
        await assertNotLastAdmin(tx, registry, current);
        const removed = await tx`delete from registry_members where registry_id = ${registry.id} and user_id = ${userId} returning id`;
        if (removed.length === 0) throw noLongerAdmin(registry.slug);
      });
      return c.body(null, 204);
    } catch (error) {
      throw lastAdminError(error, slug);
    }
  });
