/**
 * A personal registry is named "<username>'s Skills" on both databases: new
 * accounts get that name from the signup trigger, and the migration that
 * introduced it renames registries still carrying the old default while
 * keeping a name their owner chose.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR } from "../local/migrate.ts";
import { call, signUp } from "./support/api.ts";

const MIGRATION = join(MIGRATIONS_DIR, "20261202009000_personal_registry_title.sql");

describe.each(inject("platforms"))("personal registry name on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  afterAll(() => sql.end());

  const nameOf = async (token: string, slug: string) => (await call(apiUrl, "GET", `/registries/${slug}`, { token })).body.registry.name;

  it("is '<username>'s Skills' for a new account", async () => {
    const user = await signUp(apiUrl, "titled");
    expect(await nameOf(user.token, user.username)).toBe(`${user.username}'s Skills`);
  });

  it("renames a registry with the old default and keeps one its owner renamed", async () => {
    const [old, renamed] = await Promise.all([signUp(apiUrl, "olddefault"), signUp(apiUrl, "renamed")]);
    await sql`update registries set name = ${`${old.username}'s skills`} where slug = ${old.username}`;
    await sql`update registries set name = 'My own words' where slug = ${renamed.username}`;
    await sql.unsafe(await readFile(MIGRATION, "utf8")).simple();
    expect(await nameOf(old.token, old.username)).toBe(`${old.username}'s Skills`);
    expect(await nameOf(renamed.token, renamed.username)).toBe("My own words");
  });
});
