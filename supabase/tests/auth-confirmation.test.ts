/**
 * Registration and login where email confirmation is on (hosted Supabase's
 * default), through the api routes and the oauth login page, on both
 * databases: an account waits for its link, nothing tells whether an email
 * already had an account, a repeat registration before confirming is not
 * locked out of its username, and invitations wait for a confirmed email.
 */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, uniqueName } from "./support/api.ts";
import { fetchFrom, freshAddress } from "./support/from-address.ts";
import { authorizeUrl, openAuthorize, pkcePair, postLogin } from "./support/oauth.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { asActor } from "./support/sql-as.ts";

// The shipped site_url is env(SKILLS_SITE_URL); unset, the platform's own URL applies.
delete process.env.SKILLS_SITE_URL;

const PASSWORD = "correct-horse-battery";
// Auth's minimum time between two confirmation mails to one user, kept short to test it.
const MAX_FREQUENCY_S = 2;

describe.each(["pglite", "postgres"] as const)("email confirmation on %s", (db) => {
  let platform: TestPlatform;
  let sql: postgres.Sql;

  beforeAll(async () => {
    platform = await startTestPlatform({
      jwt: "asymmetric",
      db,
      auth: { email: { enable_confirmations: true, max_frequency: `${MAX_FREQUENCY_S}s` } },
    });
    sql = postgres(platform.dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await platform?.stop();
  });

  const register = (email: string, username: string) =>
    call(platform.apiUrl, "POST", "/auth/register", { body: { email, password: PASSWORD, username } });
  const login = (email: string, password = PASSWORD) => call(platform.apiUrl, "POST", "/auth/login", { body: { email, password } });
  const confirm = async (email: string) => {
    const link = platform.confirmationLink(email);
    expect(link, `a confirmation link for ${email}`).toBeDefined();
    expect((await fetch(link!, { redirect: "manual" })).status).toBe(303);
  };
  const linksFor = (email: string) => platform.logs.filter((line) => line.startsWith(`Confirmation link for ${email}: `)).length;
  const profileOf = async (username: string) =>
    (await sql<{ n: number }[]>`select count(*)::int as n from profiles p join registries r on r.created_by = p.id and r.slug = p.username where p.username = ${username}`)[0]!.n;
  const newAccount = (prefix: string) => {
    const username = uniqueName(prefix);
    return { username, email: `${username}@example.test` };
  };

  it("registers without a session, refuses login until the link is opened, then logs in", async () => {
    const { email, username } = newAccount("confirm");
    const res = await register(email, username);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ user: { email, username }, session: null, confirmation_required: true });
    // The signup trigger made the profile and the personal registry at once.
    expect(await profileOf(username)).toBe(1);

    const early = await login(email);
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe("EMAIL_NOT_CONFIRMED");
    expect(early.body.error.message).toMatch(/open the link in the email/);
    // A wrong password still gets the answer an unknown email gets, confirmed or not.
    const wrong = await login(email, "wrong-password-1");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual((await login(`nobody-${username}@example.test`, "wrong-password-1")).body);

    await confirm(email);
    const after = await login(email);
    expect(after.status).toBe(200);
    expect(after.body.user).toMatchObject({ email, username });
    const me = await call(platform.apiUrl, "GET", "/me", { token: after.body.session.access_token });
    expect(me.body.user.username).toBe(username);
  });

  it("answers the registration of an email that already has an account exactly as a new one, and creates nothing", async () => {
    const taken = newAccount("owner");
    expect((await register(taken.email, taken.username)).status).toBe(201);
    await confirm(taken.email);
    const linksBefore = linksFor(taken.email);

    const repeatName = uniqueName("repeat");
    const repeat = await register(taken.email, repeatName);
    const fresh = newAccount("fresh");
    const brandNew = await register(fresh.email, fresh.username);
    expect(repeat.status).toBe(brandNew.status);
    expect(repeat.body).toEqual({ user: { email: taken.email, username: repeatName }, session: null, confirmation_required: true });
    expect(brandNew.body).toEqual({ user: { email: fresh.email, username: fresh.username }, session: null, confirmation_required: true });
    // No mail and no account for the repeat: its username stays free for anyone.
    expect(linksFor(taken.email)).toBe(linksBefore);
    expect(await profileOf(repeatName)).toBe(0);
    const other = newAccount("other");
    expect((await register(other.email, repeatName)).status).toBe(201);
    // The account itself is untouched: the old password still logs in.
    expect((await login(taken.email)).status).toBe(200);
  });

  it("lets a registration repeated before confirming keep its username, and says when another link can be sent", async () => {
    const { email, username } = newAccount("again");
    expect((await register(email, username)).status).toBe(201);
    expect(linksFor(email)).toBe(1);

    const tooSoon = await fetchFrom(freshAddress(), `${platform.apiUrl}/auth/register`, {
      method: "POST",
      body: { email, password: PASSWORD, username },
    });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.json.error.code).toBe("RATE_LIMITED");
    const wait = Number(tooSoon.headers["retry-after"]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(MAX_FREQUENCY_S);
    expect(tooSoon.json.error.message).toMatch(/try again in about \d+ seconds?/);

    await new Promise((r) => setTimeout(r, MAX_FREQUENCY_S * 1000 + 200));
    const again = await register(email, username);
    expect(again.status).toBe(201);
    expect(again.body.confirmation_required).toBe(true);
    expect(linksFor(email)).toBe(2);
    // Another email still cannot take the username.
    const rival = await register(`rival-${email}`, username);
    expect(rival.status).toBe(409);
    expect(rival.body.error.message).toMatch(/already taken/);
    await confirm(email);
    expect((await login(email)).status).toBe(200);
  });

  it("invitations wait for a confirmed email: an unconfirmed invitee neither sees nor accepts, after the link it does", async () => {
    const admin = newAccount("admin");
    await register(admin.email, admin.username);
    await confirm(admin.email);
    const adminToken = (await login(admin.email)).body.session.access_token;
    const org = uniqueName("team");
    expect((await call(platform.apiUrl, "POST", "/registries", { token: adminToken, body: { slug: org, name: "Team" } })).status).toBe(201);

    const invitee = newAccount("invitee");
    await register(invitee.email, invitee.username);
    // Unconfirmed, the account is not matched: the email gets a pending invitation, not a membership.
    const invited = await call(platform.apiUrl, "POST", `/registries/${org}/members/invite`, {
      token: adminToken,
      body: { email: invitee.email, role: "member" },
    });
    expect(invited.status).toBe(201);
    const invitationId = invited.body.invitation.id as string;

    expect((await login(invitee.email)).status).toBe(403);
    const [account] = await sql<{ id: string }[]>`select id from auth.users where email = ${invitee.email}`;
    const actor = { id: account!.id, email: invitee.email };
    expect(await asActor(sql, actor, (tx) => tx`select id from invitations`)).toEqual([]);
    const accepted = await asActor(sql, actor, (tx) => tx`update invitations set status = 'accepted' where id = ${invitationId} returning id`);
    expect(accepted).toEqual([]);

    await confirm(invitee.email);
    const token = (await login(invitee.email)).body.session.access_token;
    const pending = await call(platform.apiUrl, "GET", "/invitations", { token });
    expect(pending.body.invitations.map((i: { id: string }) => i.id)).toEqual([invitationId]);
    expect((await call(platform.apiUrl, "POST", `/registries/${org}/invitations/${invitationId}/accept`, { token })).status).toBe(200);
    expect((await call(platform.apiUrl, "GET", `/registries/${org}`, { token })).body.registry.role).toBe("member");
  });

  describe("the oauth login page", () => {
    const CLI_REDIRECT = "http://127.0.0.1:9876/callback";
    const openPage = () =>
      openAuthorize(
        authorizeUrl(platform.url, {
          client_id: "cli",
          redirect_uri: CLI_REDIRECT,
          response_type: "code",
          code_challenge: pkcePair().challenge,
          code_challenge_method: "S256",
        }),
      );
    const text = (html: string) => html.replace(/<style[^]*?<\/style>/, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
    const visible = async (res: Response, email: string) => text(await res.text()).replaceAll(email, "<email>");

    it("after registering says to open the link and log in, the same for an email that already has an account", async () => {
      const taken = newAccount("pagetaken");
      await register(taken.email, taken.username);
      await confirm(taken.email);

      const fresh = newAccount("pagenew");
      const page = await openPage();
      const registered = await postLogin(platform.url, page, { email: fresh.email, password: PASSWORD, register: "1", username: fresh.username });
      expect(registered.status).toBe(200);
      const shown = await visible(registered, fresh.email);
      expect(shown).toContain("Check your email");
      expect(shown).toContain("open the confirmation link in the email sent to <email>");
      expect(shown).toContain("then log in below");
      expect(await profileOf(fresh.username)).toBe(1);

      const repeated = await postLogin(platform.url, await openPage(), { email: taken.email, password: PASSWORD, register: "1", username: uniqueName("pagerepeat") });
      expect(repeated.status).toBe(200);
      expect(await visible(repeated, taken.email)).toBe(shown);
    });

    it("before the link, login shows what to do; after it, the login redirects with a code", async () => {
      const { email, username } = newAccount("pagelogin");
      await register(email, username);
      const page = await openPage();
      const early = await postLogin(platform.url, page, { email, password: PASSWORD });
      expect(early.status).toBe(403);
      expect(/role="alert">([^<]*)</.exec(await early.text())?.[1]).toBe(
        "Confirm your email first: open the link in the email we sent you, then log in here.",
      );
      await confirm(email);
      const done = await postLogin(platform.url, page, { email, password: PASSWORD });
      expect(done.status).toBe(303);
      expect(new URL(done.headers.get("location")!).searchParams.get("code")).toBeTruthy();
    });
  });
});
