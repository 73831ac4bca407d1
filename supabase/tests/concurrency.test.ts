/**
 * Races, each run 20 times over real HTTP on both databases: two publishes of
 * one skill at the same moment leave exactly one latest version; two signups
 * for one username give one 201 and one 409; two admins demoting each other
 * never leave an organization without an admin; one invitation accepted twice
 * at once makes one membership. Never a 500.
 */
import postgres from "postgres";
import semver from "semver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, signUpWithEmail, skillFiles, uniqueName, type TestUser } from "./support/api.ts";

const ROUNDS = 20;

describe.each(inject("platforms"))("races on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let owner: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    [owner, other] = await Promise.all([signUp(apiUrl, "racer"), signUp(apiUrl, "rival")]);
  });
  afterAll(() => sql.end());

  it(`two publishes at once leave exactly one latest version (${ROUNDS} rounds)`, async () => {
    const slug = uniqueName("raced");
    const base = `/registries/${owner.username}/skills`;
    expect((await call(apiUrl, "POST", base, { token: owner.token, body: { slug, name: slug, files: skillFiles(slug) } })).status).toBe(201);
    for (let round = 1; round <= ROUNDS; round++) {
      // Even rounds race for the same version, odd rounds for two different ones.
      const versions = round % 2 === 0 ? [`${round}.0.0`, `${round}.0.0`] : [`${round}.0.0`, `${round}.0.1`];
      const results = await Promise.all(
        versions.map((version, i) =>
          call(apiUrl, "POST", `${base}/${slug}/versions`, { token: owner.token, body: { version, files: skillFiles(slug, `${version} ${i}`) } }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409), `round ${round}: ${JSON.stringify(results.map((r) => r.body))}`).toBe(true);
      const won = versions.filter((_, i) => statuses[i] === 201);
      expect(won.length).toBeGreaterThanOrEqual(1);
      if (versions[0] === versions[1]) expect(won).toHaveLength(1);
      const latest = await sql<{ version: string }[]>`
        select v.version from skill_versions v join skills s on s.id = v.skill_id
        join registries r on r.id = s.registry_id where r.slug = ${owner.username} and s.slug = ${slug} and v.is_latest`;
      expect(latest.map((l) => l.version)).toEqual([semver.rsort([...won])[0]]);
    }
  });

  it(`two signups for one username give one 201 and one 409, never a 500 (${ROUNDS} rounds)`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const username = uniqueName("taken");
      const results = await Promise.all(
        ["a", "b"].map((who) =>
          call(apiUrl, "POST", "/auth/register", { body: { email: `${username}-${who}@example.test`, password: "long-enough-pw", username } }),
        ),
      );
      expect(results.map((r) => r.status).sort(), `round ${round}: ${JSON.stringify(results.map((r) => r.body))}`).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.error.code).toBe("CONFLICT");
      const [profiles] = await sql<{ n: number }[]>`select count(*)::int as n from profiles where username = ${username}`;
      expect(profiles!.n).toBe(1);
    }
  });

  it(`two admins demoting each other at once leave one admin (${ROUNDS} rounds)`, async () => {
    const org = uniqueName("duel");
    expect((await call(apiUrl, "POST", "/registries", { token: owner.token, body: { slug: org, name: org } })).status).toBe(201);
    expect((await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: owner.token, body: { email: other.email, role: "admin" } })).status).toBe(200);
    for (let round = 1; round <= ROUNDS; round++) {
      const results = await Promise.all([
        call(apiUrl, "PUT", `/registries/${org}/members/${other.id}`, { token: owner.token, body: { role: "member" } }),
        call(apiUrl, "PUT", `/registries/${org}/members/${owner.id}`, { token: other.token, body: { role: "member" } }),
      ]);
      const statuses = results.map((r) => r.status);
      // Whoever lost admin first may see 403 (no longer an admin) or 409 (last admin); never both succeed.
      expect(statuses.filter((s) => s === 200), `round ${round}: ${JSON.stringify(results.map((r) => r.body))}`).toHaveLength(1);
      expect(statuses.every((s) => [200, 403, 409].includes(s))).toBe(true);
      const admins = await sql<{ user_id: string }[]>`
        select m.user_id from registry_members m join registries r on r.id = m.registry_id where r.slug = ${org} and m.role = 'admin'`;
      expect(admins).toHaveLength(1);
      // Restore both admins for the next round.
      const survivor = admins[0]!.user_id === owner.id ? owner : other;
      const demoted = survivor === owner ? other : owner;
      expect((await call(apiUrl, "PUT", `/registries/${org}/members/${demoted.id}`, { token: survivor.token, body: { role: "admin" } })).status).toBe(200);
    }
  });

  it(`one invitation accepted twice at once makes one membership (${ROUNDS} rounds)`, async () => {
    const org = uniqueName("welcome");
    await call(apiUrl, "POST", "/registries", { token: owner.token, body: { slug: org, name: org } });
    const invitees = await Promise.all(
      Array.from({ length: ROUNDS }, async () => {
        const email = `${uniqueName("joiner")}@example.test`;
        const res = await call(apiUrl, "POST", `/registries/${org}/members/invite`, { token: owner.token, body: { email, role: "contributor" } });
        return { id: res.body.invitation.id as string, user: await signUpWithEmail(apiUrl, email) };
      }),
    );
    for (const { id, user } of invitees) {
      const results = await Promise.all(
        [0, 1].map(() => call(apiUrl, "POST", `/registries/${org}/invitations/${id}/accept`, { token: user.token })),
      );
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([200, 409]);
    }
    const members = await call(apiUrl, "GET", `/registries/${org}/members`, { token: owner.token });
    expect(members.body.members.filter((m: { role: string }) => m.role === "contributor")).toHaveLength(ROUNDS);
  });
});
