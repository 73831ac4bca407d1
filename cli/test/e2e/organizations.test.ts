/**
 * Organizations through the built CLI against the local platform:
 * `registry create|members|invite`, `invitations` with
 * accept/decline, and the pending-invitations announcement after login.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, signUpWithEmail, uniqueName, type TestUser } from "../../../supabase/tests/support/api.ts";
import { localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";

describe("organizations through the CLI", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-org-"));
  /** A CLI user with a config folder of their own. */
  const as = (name: string) => {
    const env = { SKILLS_CONFIG_DIR: join(home, name), SKILLS_API_URL: apiUrl };
    return (...args: string[]) => skills(home, env, ...args);
  };
  const admin = as("admin");
  const invitee = as("invitee");
  const team = uniqueName("team");
  const other = uniqueName("other");
  const newcomerEmail = `${uniqueName("newcomer")}@example.test`;
  let adminUser: TestUser;
  let colleague: TestUser;
  let newcomer: TestUser;

  beforeAll(async () => {
    adminUser = await signUp(apiUrl, "orgadmin");
    colleague = await signUp(apiUrl, "colleague");
    const login = await admin("login", "--email", adminUser.email, "--password", adminUser.password);
    expect(login.code, login.stderr).toBe(0);
  });

  it("registry create makes an organization with the caller as admin; a taken slug is a clear error", async () => {
    const created = await admin("registry", "create", team, "--name", "The Team", "--description", "Shared skills");
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Created registry ${team}; you are its admin.`);
    expect(created.stdout).toContain(`skills registry invite ${team} --email <email> --role contributor`);
    const again = await admin("registry", "create", team);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`A registry or user named "${team}" already exists. Pick another slug.`);
    const bad = await admin("registry", "create", "No_Caps");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("registry slug must be 3-39 characters");
  });

  it("registry invite adds an existing account at once and lists them in registry members (text and --json)", async () => {
    const invite = await admin("registry", "invite", team, "--email", colleague.email, "--role", "contributor");
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toBe(`Added ${colleague.email} as contributor to ${team} (already registered as ${colleague.username})\n`);
    const again = await admin("registry", "invite", team, "--email", colleague.email);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${colleague.email} is already a member of '${team}'`);

    const text = await admin("registry", "members", team);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.startsWith(adminUser.username))).toMatch(new RegExp(`^${adminUser.username}\\s+admin\\s+joined \\d{4}-\\d{2}-\\d{2}$`));
    expect(lines.find((l) => l.startsWith(colleague.username))).toMatch(/\s+contributor\s+joined \d{4}-\d{2}-\d{2}$/);

    const json = await admin("registry", "members", team, "--json");
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.registry).toBe(team);
    expect(body.members).toHaveLength(2);
    expect(body.members).toContainEqual({
      user_id: colleague.id,
      username: colleague.username,
      display_name: colleague.username,
      role: "contributor",
      joined_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(body.members).toContainEqual(expect.objectContaining({ user_id: adminUser.id, username: adminUser.username, role: "admin" }));
  });

  it("registry invite of an unknown email leaves a pending invitation; a second invite says until when", async () => {
    const invite = await admin("registry", "invite", team, "--email", newcomerEmail, "--role", "contributor");
    expect(invite.code, invite.stderr).toBe(0);
    // The platform spec's sentence, exactly, then how the invitation reaches them.
    const [sentence, hint] = invite.stdout.split("\n");
    expect(sentence).toBe(`Invited ${newcomerEmail} as contributor to ${team}`);
    expect(hint).toMatch(/^They see it with `skills invitations` once they sign up or log in with that email; it expires \d{4}-\d{2}-\d{2}\.$/);
    const again = await admin("registry", "invite", team, "--email", newcomerEmail);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${newcomerEmail} is already invited to '${team}' (until `);
    // A personal registry takes no members: the server's reason is shown.
    const personal = await admin("registry", "invite", adminUser.username, "--email", newcomerEmail);
    expect(personal.code).toBe(1);
    expect(personal.stderr).toContain(`'${adminUser.username}' is a personal registry`);
    // A second organization invites the same email, to be declined below.
    expect((await admin("registry", "create", other)).code).toBe(0);
    expect((await admin("registry", "invite", other, "--email", newcomerEmail)).code).toBe(0);
  });

  it("login with email and password announces the pending invitations once", async () => {
    newcomer = await signUpWithEmail(apiUrl, newcomerEmail);
    const login = await invitee("login", "--email", newcomer.email, "--password", newcomer.password);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout.split("You have 2 pending invitations:")).toHaveLength(2);
    expect(login.stdout).toContain(`  ${team} as contributor (from ${adminUser.username}): skills invitations accept ${team}\n`);
    expect(login.stdout).toContain(`  ${other} as member (from ${adminUser.username}): skills invitations accept ${other}\n`);
    expect(login.stdout.split(`skills invitations accept ${team}`)).toHaveLength(2);
    // Someone without invitations hears nothing about them.
    const plain = await as("colleague")("login", "--email", colleague.email, "--password", colleague.password);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain("invitation");
  });

  it("invitations lists them (text and --json)", async () => {
    const text = await invitee("invitations");
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split("\n");
    expect(lines.find((l) => l.startsWith(team))).toMatch(new RegExp(`^${team}\\s+contributor\\s+from ${adminUser.username}\\s+expires \\d{4}-\\d{2}-\\d{2}$`));
    expect(lines.find((l) => l.startsWith(other))).toMatch(new RegExp(`^${other}\\s+member\\s+from ${adminUser.username}\\s+expires `));
    expect(text.stdout).toContain("Accept one with skills invitations accept <registry>, or decline it.");

    const json = await invitee("invitations", "--json");
    expect(json.code, json.stderr).toBe(0);
    const { invitations } = JSON.parse(json.stdout);
    expect(invitations).toHaveLength(2);
    expect(invitations.find((i: { registry: string }) => i.registry === team)).toEqual({
      id: expect.any(String),
      registry: team,
      registry_name: "The Team",
      role: "contributor",
      email: newcomerEmail,
      invited_by: adminUser.username,
      created_at: expect.any(String),
      expires_at: expect.any(String),
    });
  });

  it("invitations accept joins with the invited role; decline leaves nothing pending", async () => {
    const accept = await invitee("invitations", "accept", team);
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toBe(`Joined ${team} as contributor.\n`);
    const members = JSON.parse((await admin("registry", "members", team, "--json")).stdout);
    expect(members.members).toContainEqual(expect.objectContaining({ user_id: newcomer.id, username: newcomer.username, role: "contributor" }));

    const { invitations } = JSON.parse((await invitee("invitations", "--json")).stdout);
    const decline = await invitee("invitations", "decline", invitations[0].id);
    expect(decline.code, decline.stderr).toBe(0);
    expect(decline.stdout).toBe(`Declined the invitation to ${other}.\n`);
    expect((await invitee("invitations")).stdout).toBe("No pending invitations.\n");
    expect(JSON.parse((await invitee("invitations", "--json")).stdout)).toEqual({ invitations: [] });
    // Declining did not make them a member: the registry stays invisible to them.
    expect((await call(apiUrl, "GET", `/registries/${other}`, { token: newcomer.token })).status).toBe(404);

    const gone = await invitee("invitations", "accept", other);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`No pending invitation from "${other}". Run \`skills invitations\` to see yours.`);
  });
});
