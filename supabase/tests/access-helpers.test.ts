/**
 * The SQL helpers a signed-in user may execute (the `private` functions that
 * policies and routes call) answer only about the caller or about what the
 * caller can read, on the embedded PGlite and on a real PostgreSQL server:
 * an outsider asking about an organization's rows gets exactly the answer
 * they get about rows that do not exist.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { uniqueName } from "./support/api.ts";
import { asActor } from "./support/sql-as.ts";
import { organizationTarget, signUpCast, type Cast, type Target } from "./support/world.ts";

/** What a helper can be asked about: the organization's rows, or made-up ones of the same shape. */
interface Subject {
  registry: string;
  registrySlug: string;
  skill: string;
  skillSlug: string;
  version: string;
  blob: string;
  blobBytes: Buffer;
  /** A member of the organization (its admin) and their email. */
  user: string;
  email: string;
  invitation: string;
  word: string;
}

/**
 * Every helper with arguments that `authenticated` may execute, keyed as the
 * catalog names it, with the arguments that point it at a subject. A helper
 * without an entry fails the coverage test.
 */
const CALLS: Record<string, (s: Subject) => unknown[]> = {
  "private.registry_role(uuid)": (s) => [s.registry],
  "private.is_member(uuid)": (s) => [s.registry],
  "private.has_role(uuid,public.member_role[])": (s) => [s.registry, "{member,contributor,admin}"],
  "private.is_organization(uuid)": (s) => [s.registry],
  "private.can_read_skill(uuid)": (s) => [s.skill],
  "private.can_write_skill(uuid)": (s) => [s.skill],
  "private.can_manage_maintainers(uuid)": (s) => [s.skill],
  "private.can_maintain(uuid,uuid)": (s) => [s.skill, s.user],
  "private.is_version_being_published(uuid)": (s) => [s.version],
  "private.can_use_blob(text,integer)": (s) => [s.blob, s.blobBytes.length],
  "private.store_blob(text,bytea)": (s) => [s.blob, s.blobBytes],
  "private.invitee_user_id(uuid,text)": (s) => [s.registry, s.email],
  "private.invitation_registry(uuid)": (s) => [s.invitation],
  "private.search_skills(uuid,text,text[],text[],numeric,text,integer)": (s) => [s.registry, s.word, null, null, null, null, 10],
  "private.sync_candidates(text[],text[],text[])": (s) => [[s.registrySlug], [s.skillSlug], [null]],
  "private.create_machine_token(text,text,uuid[],boolean,timestamp with time zone)": (s) => [s.word, s.blob, [s.registry], false, new Date(Date.now() + 86_400_000)],
  "private.revoke_machine_token(text)": (s) => [s.word],
  // Text in, words out: they read no table, so any text asks them the same of every registry.
  "private.search_words(text)": () => ["Node/TypeScript MCP servers"],
  "private.search_text(text)": () => ["Node/TypeScript MCP servers"],
};

/** The answer as the caller sees it: the rows, or the SQLSTATE of the refusal. */
function answer(result: postgres.Row[] | Error): string {
  if (result instanceof Error) {
    const code = (result as { code?: string }).code;
    if (!code) throw result;
    return `error ${code}`;
  }
  return JSON.stringify(result);
}

describe.each(inject("platforms"))("access helpers on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
  let cast: Cast;
  let org: Target;
  let real: Subject;

  beforeAll(async () => {
    cast = await signUpCast(apiUrl);
    org = await organizationTarget(sql, cast);
    const [blob] = await sql<{ content: Buffer }[]>`select content from file_blobs where sha256 = ${org.skill.blob}`;
    real = {
      registry: org.registryId,
      registrySlug: org.registrySlug,
      skill: org.skill.id,
      skillSlug: org.skill.slug,
      version: org.skill.versionId,
      blob: org.skill.blob,
      blobBytes: blob!.content,
      user: cast.admin.id,
      email: cast.admin.email,
      invitation: org.invitationId,
      word: org.word,
    };
  });
  afterAll(() => sql.end());

  /** Made-up rows: nothing in the database has these ids, slugs or bytes (stored under their own sha256). */
  function madeUp(): Subject {
    const bytes = randomBytes(24);
    return {
      registry: randomUUID(),
      registrySlug: uniqueName("nowhere"),
      skill: randomUUID(),
      skillSlug: uniqueName("nothing"),
      version: randomUUID(),
      blob: createHash("sha256").update(bytes).digest("hex"),
      blobBytes: bytes,
      user: randomUUID(),
      email: `${uniqueName("nobody")}@example.test`,
      invitation: randomUUID(),
      word: `zq${randomBytes(5).toString("hex")}`,
    };
  }

  async function ask(signature: string, subject: Subject, who: "outsider" | "admin" = "outsider"): Promise<string> {
    const name = signature.slice(0, signature.indexOf("("));
    const args = CALLS[signature]!(subject);
    const placeholders = args.map((_, i) => `$${i + 1}`).join(", ");
    const user = cast[who];
    return answer(await asActor(sql, { id: user.id, email: user.email }, (tx) => tx.unsafe(`select * from ${name}(${placeholders})`, args as never[])));
  }

  it("knows every helper with arguments that authenticated may execute", async () => {
    const executable = await sql.begin(async (tx) => {
      await tx`set local search_path = ''`;
      return tx<{ signature: string }[]>`
        select p.oid::pg_catalog.regprocedure::text as signature
        from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private') and p.pronargs > 0
          and pg_catalog.has_function_privilege('authenticated', p.oid, 'execute')
        order by 1`;
    });
    expect(executable.map((r) => r.signature)).toEqual(Object.keys(CALLS).sort());
  });

  it.each(Object.keys(CALLS))("%s tells an outsider about the organization only what it tells about nothing", async (signature) => {
    expect(await ask(signature, real)).toBe(await ask(signature, madeUp()));
  });

  it("still answers the organization's admin, for whom the policies ask", async () => {
    expect(await ask("private.is_organization(uuid)", real, "admin")).toBe(JSON.stringify([{ is_organization: true }]));
    expect(await ask("private.can_maintain(uuid,uuid)", { ...real, user: cast.maintainer.id }, "admin")).toBe(JSON.stringify([{ can_maintain: true }]));
    expect(await ask("private.can_maintain(uuid,uuid)", { ...real, user: cast.member.id }, "admin")).toBe(JSON.stringify([{ can_maintain: false }]));
  });
});
