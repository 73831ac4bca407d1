/**
 * Membership as a client written from the contract drives it: an admin
 * invites by email (201 `{invitation}` for an address without an account,
 * 200 `{member}` for an account that is not yet a member, 409 for a member),
 * the invitee accepts or declines, and admins list members, change roles and
 * remove them.
 *
 * The contract shows no body for the member list, a role change or an
 * accepted invitation; the tests expect `{members: [{user_id, username, role}]}`
 * (the CLI's member listing prints usernames and roles) and a membership as
 * `{member: {user_id, role}}`, the shape the invite answers for a direct add.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpecClient, expectError, skillMarkdown, specPlatforms, uniqueEmail, type SpecUser } from "./spec-client.ts";

describe.each(specPlatforms())("contract: members and invitations on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);
  let admin: SpecUser;
  let org: string;

  const members = async (registry: string, user: SpecUser) => {
    const res = await api.get(`/registries/${registry}/members`, user.accessToken);
    expect(res.status).toBe(200);
    return res.body.members as { user_id: string; username: string; role: string }[];
  };
  const invite = (registry: string, email: string, role: string, by: SpecUser = admin) =>
    api.post(`/registries/${registry}/members/invite`, { email, role }, by.accessToken);

  beforeAll(async () => {
    admin = await api.register("meadmin");
    org = await api.createRegistry(admin, "meorg");
  });

  it("invites an email without an account: 201 with a pending invitation that expires later", async () => {
    const email = uniqueEmail("newcomer");
    const res = await invite(org, email, "contributor");
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        invitation: expect.objectContaining({ id: expect.any(String), email, role: "contributor", status: "pending", expires_at: expect.any(String) }),
      }),
    );
    expect(Date.parse(res.body.invitation.expires_at)).toBeGreaterThan(Date.now());
  });

  it("answers 409 CONFLICT to a second invitation while one to the same email is pending", async () => {
    const email = uniqueEmail("pending");
    expect((await invite(org, email, "member")).status).toBe(201);
    expectError(await invite(org, email, "member"), 409, "CONFLICT");
  });

  it("lets the invitee accept after registering: they become a member with the invited role", async () => {
    const email = uniqueEmail("accepter");
    const invited = await invite(org, email, "contributor");
    expect(invited.status).toBe(201);
    const invitee = await api.register("accepter", email);
    const res = await api.post(`/registries/${org}/invitations/${invited.body.invitation.id}/accept`, {}, invitee.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.member).toEqual(expect.objectContaining({ user_id: invitee.id, role: "contributor" }));
    expect((await api.get(`/registries/${org}`, invitee.accessToken)).status).toBe(200);
    expect(await members(org, admin)).toContainEqual(expect.objectContaining({ user_id: invitee.id, username: invitee.username, role: "contributor" }));
    const again = await api.post(`/registries/${org}/invitations/${invited.body.invitation.id}/accept`, {}, invitee.accessToken);
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    // As a contributor they may now publish.
    await api.createSkill(invitee, org, { slug: `by-${invitee.username}`, name: "Accepted", content: skillMarkdown("Accepted") });
  });

  it("lets the invitee decline: no membership follows", async () => {
    const email = uniqueEmail("decliner");
    const invited = await invite(org, email, "member");
    const invitee = await api.register("decliner", email);
    const res = await api.post(`/registries/${org}/invitations/${invited.body.invitation.id}/decline`, {}, invitee.accessToken);
    expect(res.status).toBe(200);
    expectError(await api.get(`/registries/${org}`, invitee.accessToken), 404, "NOT_FOUND");
    expect((await members(org, admin)).map((m) => m.user_id)).not.toContain(invitee.id);
    // A declined invitation is answered: accepting it afterwards is a client error, not a membership.
    const late = await api.post(`/registries/${org}/invitations/${invited.body.invitation.id}/accept`, {}, invitee.accessToken);
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect(late.status).toBeLessThan(500);
    expectError(await api.get(`/registries/${org}`, invitee.accessToken), 404, "NOT_FOUND");
  });

  it("refuses an invitation to anyone but the invited email", async () => {
    const invited = await invite(org, uniqueEmail("meant"), "admin");
    const intruder = await api.register("intruder");
    const res = await api.post(`/registries/${org}/invitations/${invited.body.invitation.id}/accept`, {}, intruder.accessToken);
    expect([403, 404]).toContain(res.status);
    expectError(res, res.status, res.status === 403 ? "FORBIDDEN" : "NOT_FOUND");
    expectError(await api.get(`/registries/${org}`, intruder.accessToken), 404, "NOT_FOUND");
  });

  it("adds an existing account that is not a member at once: 200 `{member: {user_id, role}}`", async () => {
    const existing = await api.register("existing");
    const res = await invite(org, existing.email, "member");
    expect(res.status).toBe(200);
    expect(res.body.member).toEqual(expect.objectContaining({ user_id: existing.id, role: "member" }));
    expect((await api.get(`/registries/${org}`, existing.accessToken)).status).toBe(200);
  });

  it("answers 409 CONFLICT to inviting someone who is already a member", async () => {
    const existing = await api.register("twice");
    expect((await invite(org, existing.email, "member")).status).toBe(200);
    expectError(await invite(org, existing.email, "admin"), 409, "CONFLICT");
  });

  it("answers 409 CONFLICT to an admin inviting their own email, as they are already a member", async () => {
    expectError(await invite(org, admin.email, "member"), 409, "CONFLICT");
  });

  it("answers 404 NOT_FOUND to an invitation id that does not exist", async () => {
    const invitee = await api.register("noinvite");
    const missing = "00000000-0000-4000-8000-000000000000";
    expectError(await api.post(`/registries/${org}/invitations/${missing}/accept`, {}, invitee.accessToken), 404, "NOT_FOUND");
    expectError(await api.post(`/registries/${org}/invitations/${missing}/decline`, {}, invitee.accessToken), 404, "NOT_FOUND");
  });

  it("answers 422 VALIDATION_ERROR to a bad email or an unknown role", async () => {
    expectError(await invite(org, "not-an-email", "member"), 422, "VALIDATION_ERROR");
    expectError(await invite(org, uniqueEmail("role"), "owner"), 422, "VALIDATION_ERROR");
  });

  it("lets only admins invite: a contributor gets 403 FORBIDDEN", async () => {
    const contributor = await api.register("invcontrib");
    await api.addMember(admin, org, contributor, "contributor");
    expectError(await invite(org, uniqueEmail("viacontrib"), "member", contributor), 403, "FORBIDDEN");
  });

  it("lists members with user id, username and role, the creator as admin", async () => {
    const registry = await api.createRegistry(admin, "melist");
    const member = await api.register("listed");
    await api.addMember(admin, registry, member, "member");
    const list = await members(registry, member);
    expect(list).toHaveLength(2);
    expect(list).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: admin.id, username: admin.username, role: "admin" }),
        expect.objectContaining({ user_id: member.id, username: member.username, role: "member" }),
      ]),
    );
  });

  it("changes a member's role (PUT `{role}`), which the list and the member's rights follow", async () => {
    const registry = await api.createRegistry(admin, "merole");
    const member = await api.register("promoted");
    await api.addMember(admin, registry, member, "member");
    expectError(await api.post(`/registries/${registry}/skills`, { slug: "early", name: "Early", content: skillMarkdown("Early") }, member.accessToken), 403, "FORBIDDEN");

    const res = await api.put(`/registries/${registry}/members/${member.id}`, { role: "contributor" }, admin.accessToken);
    expect(res.status).toBe(200);
    expect(await members(registry, admin)).toContainEqual(expect.objectContaining({ user_id: member.id, role: "contributor" }));
    await api.createSkill(member, registry, { slug: "later", name: "Later" });
    expectError(await api.put(`/registries/${registry}/members/${member.id}`, { role: "boss" }, admin.accessToken), 422, "VALIDATION_ERROR");
  });

  it("removes a member (DELETE), who then cannot see the registry", async () => {
    const registry = await api.createRegistry(admin, "meremove");
    const member = await api.register("removed");
    await api.addMember(admin, registry, member, "member");
    const res = await api.delete(`/registries/${registry}/members/${member.id}`, admin.accessToken);
    expect([200, 204]).toContain(res.status);
    expect((await members(registry, admin)).map((m) => m.user_id)).not.toContain(member.id);
    expectError(await api.get(`/registries/${registry}`, member.accessToken), 404, "NOT_FOUND");
  });

  it("lets a member leave a registry by removing themselves", async () => {
    const registry = await api.createRegistry(admin, "meleave");
    const member = await api.register("leaver");
    await api.addMember(admin, registry, member, "contributor");
    const res = await api.delete(`/registries/${registry}/members/${member.id}`, member.accessToken);
    expect([200, 204]).toContain(res.status);
    expectError(await api.get(`/registries/${registry}`, member.accessToken), 404, "NOT_FOUND");
    expect((await members(registry, admin)).map((m) => m.user_id)).not.toContain(member.id);
  });

  it("answers 404 NOT_FOUND to changing or removing someone who is not a member", async () => {
    const stranger = await api.register("stranger");
    expectError(await api.put(`/registries/${org}/members/${stranger.id}`, { role: "admin" }, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.delete(`/registries/${org}/members/${stranger.id}`, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${org}`, stranger.accessToken), 404, "NOT_FOUND");
  });

  it("lets only admins change or remove members: a member gets 403 FORBIDDEN", async () => {
    const registry = await api.createRegistry(admin, "meonly");
    const [member, other] = await Promise.all([api.register("plain"), api.register("plainer")]);
    await api.addMember(admin, registry, member, "member");
    await api.addMember(admin, registry, other, "member");
    expectError(await api.put(`/registries/${registry}/members/${other.id}`, { role: "admin" }, member.accessToken), 403, "FORBIDDEN");
    expectError(await api.put(`/registries/${registry}/members/${member.id}`, { role: "admin" }, member.accessToken), 403, "FORBIDDEN");
    expectError(await api.delete(`/registries/${registry}/members/${other.id}`, member.accessToken), 403, "FORBIDDEN");
    expect(await members(registry, admin)).toContainEqual(expect.objectContaining({ user_id: other.id, role: "member" }));
  });

  it("answers 404 NOT_FOUND to member routes of a registry the caller is not in", async () => {
    const outsider = await api.register("meout");
    expectError(await api.get(`/registries/${org}/members`, outsider.accessToken), 404, "NOT_FOUND");
    expectError(await invite(org, uniqueEmail("viaout"), "member", outsider), 404, "NOT_FOUND");
    expectError(await api.put(`/registries/${org}/members/${admin.id}`, { role: "member" }, outsider.accessToken), 404, "NOT_FOUND");
  });

  it("answers 401 UNAUTHORIZED to member routes without a token", async () => {
    expectError(await api.get(`/registries/${org}/members`), 401, "UNAUTHORIZED");
    expectError(await api.post(`/registries/${org}/members/invite`, { email: uniqueEmail(), role: "member" }), 401, "UNAUTHORIZED");
  });
});
