/**
 * Users created outside our API: in the Supabase dashboard, through Auth's
 * admin API or by a client signing up with Auth directly. Such a user has no
 * username in its metadata, and still gets a profile and a personal registry
 * named after a valid, free username derived from the email, and can log in
 * and push. The users are inserted into auth.users as Auth itself does (the
 * dashboard's "Create user" with auto-confirm: a bcrypt password, the email
 * confirmed, empty user metadata), on both databases.
 */
import bcrypt from "bcryptjs";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { call, skillFiles, uniqueName } from "./support/api.ts";

const PASSWORD = "correct-horse-battery";
const USERNAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe.each(inject("platforms"))("users created outside our API on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 3, onnotice: () => {} });
  afterAll(() => sql.end());

  /** Inserts an auth user as Auth does; returns its id. */
  async function createUser(email: string | null, userMetadata: Record<string, unknown> = {}, db: postgres.Sql | postgres.TransactionSql = sql) {
    const [row] = await db<{ id: string }[]>`
      insert into auth.users (email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
      values (${email}, ${await bcrypt.hash(PASSWORD, 10)}, now(),
              ${sql.json({ provider: "email", providers: ["email"] })}, ${sql.json(userMetadata as postgres.JSONValue)})
      returning id`;
    return row!.id;
  }

  /** The user's profile and the registries they belong to. */
  async function accountOf(id: string) {
    const [profile] = await sql<{ username: string; display_name: string | null }[]>`
      select username, display_name from profiles where id = ${id}`;
    const registries = await sql<{ slug: string; type: string; role: string }[]>`
      select r.slug, r.type::text, m.role::text from registries r join registry_members m on m.registry_id = r.id
      where m.user_id = ${id}`;
    return { profile, registries };
  }

  it("a dashboard user John.Doe@example.com gets john-doe, a personal registry, and can log in and push", async () => {
    const id = await createUser("John.Doe@example.com");
    expect(await accountOf(id)).toEqual({
      profile: { username: "john-doe", display_name: "John.Doe" },
      registries: [{ slug: "john-doe", type: "personal", role: "admin" }],
    });

    const login = await call(apiUrl, "POST", "/auth/login", { body: { email: "john.doe@example.com", password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ id, username: "john-doe" });
    const token = login.body.session.access_token as string;
    const push = await call(apiUrl, "POST", "/registries/john-doe/skills", {
      token,
      body: { slug: "first-skill", name: "first-skill", description: "From a dashboard user", files: skillFiles("first-skill") },
    });
    expect(push.status).toBe(201);
    expect(push.body.version).toBe("1.0.0");
  });

  it("suffixes a name a profile, an organization or the reserved words already hold", async () => {
    const second = await createUser("john_doe@example.org");
    expect((await accountOf(second)).profile?.username).toBe("john-doe-2");

    const [owner] = await sql<{ id: string }[]>`select id from profiles where username = 'john-doe'`;
    const org = uniqueName("acme");
    await sql`insert into registries (slug, name, type, created_by) values (${org}, ${org}, 'organization', ${owner!.id})`;
    const clash = await createUser(`${org.replace("-", ".")}@example.com`);
    expect((await accountOf(clash)).profile?.username).toBe(`${org}-2`);

    const admin = await createUser("Admin@example.net");
    expect((await accountOf(admin)).profile?.username).toBe("admin-2");
  });

  it("turns any email, or none, into a valid username of 3 to 39 characters", async () => {
    const long = `${"a".repeat(30)}.${"b".repeat(30)}@example.com`;
    const cases: [string | null, RegExp][] = [
      ["Jo@example.com", /^jo-user(-\d+)?$/],
      ["éè@example.com", /^user(-\d+)?$/],
      [long, /^a{30}-b{8}$/],
      ["--x__y..z--@example.com", /^x-y-z(-\d+)?$/],
      [null, /^user(-\d+)?$/],
    ];
    for (const [email, expected] of cases) {
      const username = (await accountOf(await createUser(email))).profile?.username ?? "";
      expect(username, String(email)).toMatch(expected);
      expect(username).toMatch(USERNAME);
      expect(username.length).toBeGreaterThanOrEqual(3);
      expect(username.length).toBeLessThanOrEqual(39);
    }
    // A long name that is taken is shortened to make room for its suffix.
    const again = (await accountOf(await createUser(long.replace("@example.com", "@example.org")))).profile?.username;
    expect(again).toBe(`${"a".repeat(30)}-${"b".repeat(6)}-2`);
  });

  it("two signups deriving the same name at once both succeed, with different names", async () => {
    const local = uniqueName("race");
    const ids = await Promise.all([
      sql.begin(async (tx) => {
        const id = await createUser(`${local}@one.example`, {}, tx);
        await new Promise((r) => setTimeout(r, 200));
        return id;
      }),
      new Promise<string>((resolve, reject) => setTimeout(() => createUser(`${local}@two.example`).then(resolve, reject), 50)),
    ]);
    const names = await Promise.all(ids.map(async (id) => (await accountOf(id)).profile?.username));
    expect(new Set(names)).toEqual(new Set([local, `${local}-2`]));
  });

  it("keeps a username given in the metadata, and refuses one already taken, as a registration through the API expects", async () => {
    const chosen = uniqueName("chosen");
    const id = await createUser(`${uniqueName("someone")}@example.com`, { username: chosen });
    expect((await accountOf(id)).profile?.username).toBe(chosen);
    await expect(createUser(`${uniqueName("other")}@example.com`, { username: chosen })).rejects.toThrow(/profiles_username_key/);
  });
});
