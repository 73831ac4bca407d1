/**
 * The invitation lifecycle over real HTTP on both databases: an
 * unknown email gets a pending invitation that its owner sees after signing
 * up and accepts or declines once; invitations expire, are refused to every
 * other account, and trust the email only once confirmed.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, signUpWithEmail, uniqueName, type TestUser } from "./support/api.ts";

describe.each(inject("platforms"))("invitations on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let admin: TestUser;
  let stranger: TestUser;
  let org: string;

  const invite = (email: string, role = "member") =>
    call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email, role } });
  const answer = (user: TestUser, id: string, verb: "accept" | "decline", registry = org) =>
    call(apiUrl, "POST", `/registries/${registry}/invitations/${id}/${verb}`, { token: user.token });
  const freshEmail = () => `${uniqueName("invitee")}@example.test`;

  beforeAll(async () => {
    [admin, stranger] = await Promise.all([signUp(apiUrl, "admin"), signUp(apiUrl, "stranger")]);
    org = uniqueName("team");
    expect((await call(apiUrl, "POST", "/registries", { token: admin.token, body: { slug: org, name: "The Team" } })).status).toBe(201);
  });
  afterAll(() => sql.end());

  it("invites an unknown email (201, pending, 7 days); the new account sees it and accepts it once", async () => {
    const email = freshEmail();
    const res = await invite(email.toUpperCase(), "contributor");
    expect(res.status).toBe(201);
    const { invitation } = res.body;
    expect(invitation).toMatchObject({ registry: org, registry_name: "The Team", email, role: "contributor", status: "pending", invited_by: admin.username });
    const days = (Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)) / 86_400_000;
    expect(days).toBeCloseTo(7, 5);
    expect((await invite(email)).status).toBe(409);

    const invitee = await signUpWithEmail(apiUrl, email);
    const pending = await call(apiUrl, "GET", "/invitations", { token: invitee.token });
    expect(pending.status).toBe(200);
    expect(pending.body.invitations).toEqual([expect.objectContaining({ id: invitation.id, registry: org, role: "contributor", status: "pending" })]);
    expect((await call(apiUrl, "GET", `/registries/${org}`, { token: invitee.token })).status).toBe(404);

    const accepted = await answer(invitee, invitation.id, "accept");
    expect(accepted.status).toBe(200);
    expect(accepted.body.member).toMatchObject({ user_id: invitee.id, username: invitee.username, role: "contributor" });
    expect((await call(apiUrl, "GET", `/registries/${org}`, { token: invitee.token })).body.registry.role).toBe("contributor");
    expect((await call(apiUrl, "GET", "/invitations", { token: invitee.token })).body.invitations).toEqual([]);

    const twice = await answer(invitee, invitation.id, "accept");
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already accepted/);
    expect((await answer(invitee, invitation.id, "decline")).status).toBe(409);
  });

  it("declining creates no membership and cannot be undone by accepting", async () => {
    const email = freshEmail();
    const { invitation } = (await invite(email)).body;
    const invitee = await signUpWithEmail(apiUrl, email);
    const declined = await answer(invitee, invitation.id, "decline");
    expect(declined.status).toBe(200);
    expect(declined.body.invitation).toMatchObject({ id: invitation.id, status: "declined" });
    expect((await answer(invitee, invitation.id, "accept")).status).toBe(409);
    expect((await call(apiUrl, "GET", `/registries/${org}`, { token: invitee.token })).status).toBe(404);
    // A declined invitation does not stop a new one.
    expect((await invite(email)).status).toBe(200);
  });

  it("refuses every other account: a stranger gets 404, an admin of the registry 403", async () => {
    const { invitation } = (await invite(freshEmail())).body;
    const byStranger = await answer(stranger, invitation.id, "accept");
    expect(byStranger.status).toBe(404);
    const byAdmin = await answer(admin, invitation.id, "accept");
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.error.message).toMatch(/another account/);
    expect((await call(apiUrl, "GET", "/invitations", { token: stranger.token })).body.invitations).toEqual([]);
    const members = await call(apiUrl, "GET", `/registries/${org}/members`, { token: admin.token });
    expect(members.body.members.map((m: { username: string }) => m.username)).not.toContain(stranger.username);
  });

  it("expires: an expired invitation is not listed, cannot be accepted, and can be sent again", async () => {
    const email = freshEmail();
    const { invitation } = (await invite(email)).body;
    const invitee = await signUpWithEmail(apiUrl, email);
    // Time travel as the database owner: the invitation was sent 8 days ago.
    await sql`update invitations set created_at = now() - interval '8 days', expires_at = now() - interval '1 day' where id = ${invitation.id}`;
    expect((await call(apiUrl, "GET", "/invitations", { token: invitee.token })).body.invitations).toEqual([]);
    const late = await answer(invitee, invitation.id, "accept");
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
    expect((await call(apiUrl, "GET", `/registries/${org}`, { token: invitee.token })).status).toBe(404);
    // The invitee exists now, so a new invitation adds them directly.
    const again = await invite(email);
    expect(again.status).toBe(200);
    expect(again.body.member.username).toBe(invitee.username);
  });

  it("a re-sent invitation replaces an expired one for an email without an account", async () => {
    const email = freshEmail();
    const first = (await invite(email)).body.invitation;
    await sql`update invitations set expires_at = now() - interval '1 second' where id = ${first.id}`;
    const second = await invite(email);
    expect(second.status).toBe(201);
    expect(second.body.invitation.id).not.toBe(first.id);
  });

  it("trusts the email only once confirmed: an unconfirmed account neither sees nor accepts, nor is added directly", async () => {
    const email = freshEmail();
    const { invitation } = (await invite(email)).body;
    const invitee = await signUpWithEmail(apiUrl, email);
    await sql`update auth.users set email_confirmed_at = null where id = ${invitee.id}`;
    try {
      expect((await call(apiUrl, "GET", "/invitations", { token: invitee.token })).body.invitations).toEqual([]);
      expect((await answer(invitee, invitation.id, "accept")).status).toBe(404);
      const direct = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: admin.token, body: { email: stranger.email } });
      expect(direct.status).toBe(200);
      await sql`update auth.users set email_confirmed_at = null where id = ${stranger.id}`;
      const other = freshEmail();
      await sql`update auth.users set email = ${other} where id = ${stranger.id}`;
      // Unconfirmed, the account is not matched: the email gets a pending invitation instead.
      expect((await invite(other)).status).toBe(201);
    } finally {
      await sql`update auth.users set email_confirmed_at = now() where id in (${invitee.id}, ${stranger.id})`;
    }
    expect((await answer(invitee, invitation.id, "accept")).status).toBe(200);
  });

  it("answers an invitation only under its own registry, and malformed ids with 422", async () => {
    const email = freshEmail();
    const { invitation } = (await invite(email)).body;
    const invitee = await signUpWithEmail(apiUrl, email);
    expect((await answer(invitee, invitation.id, "accept", invitee.username)).status).toBe(404);
    const bad = await answer(invitee, "12345", "accept");
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/id must be a UUID/);
    expect((await answer(invitee, "00000000-0000-4000-8000-000000000000", "accept")).status).toBe(404);
    expect((await call(apiUrl, "GET", "/invitations")).status).toBe(401);
  });
});
