/**
 * A version row is valid whatever SQL its publisher sends (the Data API runs
 * several statements in one transaction), on the embedded PGlite and on a
 * real PostgreSQL server: its semver is above the latest, its created_at is
 * the server's, and its digest, file_count and total_size are those of its
 * files, the digest defined exactly as _shared/digest.ts defines it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import postgres from "postgres";
import semver from "semver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { folderDigest, sha256Hex, type DigestEntry } from "../functions/_shared/digest.ts";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";
import { asActor } from "./support/sql-as.ts";

/** The manifest of a folder on disk, as the CLI computes it. */
function manifestOf(root: string): DigestEntry[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return walk(root).map((file) => ({
    path: relative(root, file).split("\\").join("/"),
    sha256: sha256Hex(readFileSync(file)),
    executable: (statSync(file).mode & 0o111) !== 0,
  }));
}

const EXAMPLES = join(import.meta.dirname, "../../examples/skills");

/** Versions in ascending precedence, with ties (build metadata) grouped, for the comparison test. */
const VERSIONS = [
  "0.0.1", "0.1.0", "1.0.0-0", "1.0.0-2", "1.0.0-10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
  "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.0+build.7", "1.0.1", "1.2.3-A", "1.2.3-Z", "1.2.3-a",
  "1.2.3", "1.10.0", "2.0.0", "10.0.0", "9007199254740991.0.0",
];

describe.each(inject("platforms"))("versions valid by construction on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
  let owner: TestUser;
  let outsider: TestUser;
  let skillId: string;
  /** SKILL.md of the published 1.2.0, readable to its owner: a new version may name it. */
  let file: { sha256: string; size: number };

  beforeAll(async () => {
    [owner, outsider] = await Promise.all([signUp(apiUrl, "owner"), signUp(apiUrl, "outsider")]);
    const slug = uniqueName("valid");
    const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
      token: owner.token,
      body: { slug, name: slug, version: "1.2.0", files: skillFiles(slug) },
    });
    expect(res.status).toBe(201);
    const [row] = await sql<{ skill_id: string; sha256: string; size: number }[]>`
      select v.skill_id, f.sha256, f.size from skill_versions v join skill_files f on f.version_id = v.id
      join skills s on s.id = v.skill_id
      where s.slug = ${slug} and s.registry_id = (select id from registries where slug = ${owner.username})`;
    skillId = row!.skill_id;
    file = { sha256: row!.sha256, size: row!.size };
  });
  afterAll(() => sql.end());

  /**
   * As `user`, in one transaction: a version (fields overridable) with one file
   * row, SKILL.md, then the deferred checks run as at commit. Rolled back.
   */
  const publish = (user: TestUser, fields: { version?: string; digest?: string; file_count?: number; total_size?: number; created_at?: string } = {}) =>
    asActor(sql, { id: user.id, email: user.email }, async (tx) => {
      const v = {
        version: "1.3.0",
        digest: folderDigest([{ path: "SKILL.md", sha256: file.sha256, executable: false }]),
        file_count: 1,
        total_size: file.size,
        created_at: new Date().toISOString(),
        ...fields,
      };
      const [row] = await tx<{ id: string; created_at: Date; now: Date }[]>`
        insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by, created_at)
        values (${skillId}, ${v.version}, 'x', ${v.digest}, ${v.file_count}, ${v.total_size}, ${user.id}, ${v.created_at})
        returning id, created_at, now() as now`;
      await tx`insert into skill_files (version_id, path, sha256, size) values (${row!.id}, 'SKILL.md', ${file.sha256}, ${file.size})`;
      await tx`set constraints all immediate`;
      return row!;
    });
  const codeOf = (result: unknown) => (result instanceof Error ? (result as { code?: string }).code : "accepted");

  it("accepts a correct version from its owner over SQL, and stamps it with the server's time, not the client's", async () => {
    const result = await publish(owner, { created_at: "2999-01-01T00:00:00Z" });
    expect(codeOf(result)).toBe("accepted");
    const row = result as { created_at: Date; now: Date };
    expect(row.created_at.getTime()).toBe(row.now.getTime());
  });

  it("refuses a version that is not above the latest, by semver precedence", async () => {
    for (const version of ["1.1.9", "1.2.0+rebuilt", "1.2.0-rc.1", "0.9.0"]) {
      expect([version, codeOf(await publish(owner, { version }))]).toEqual([version, "23514"]);
    }
    for (const version of ["1.2.1-rc.1", "1.10.0", "2.0.0-0"]) {
      expect([version, codeOf(await publish(owner, { version }))]).toEqual([version, "accepted"]);
    }
  });

  it("refuses, at commit, a digest, file_count or total_size that is not its files'", async () => {
    expect(codeOf(await publish(owner, { digest: `sha256:${"0".repeat(64)}` }))).toBe("23514");
    expect(codeOf(await publish(owner, { digest: folderDigest([{ path: "SKILL.md", sha256: file.sha256, executable: true }]) }))).toBe("23514");
    expect(codeOf(await publish(owner, { file_count: 2 }))).toBe("23514");
    expect(codeOf(await publish(owner, { total_size: file.size + 1 }))).toBe("23514");
  });

  it("tells someone who may not publish nothing about the skill's versions: the policy refuses first", async () => {
    expect(codeOf(await publish(outsider, { version: "0.0.1" }))).toBe("42501");
    expect(codeOf(await publish(outsider))).toBe("42501");
  });

  it("compares versions as the semver package does", async () => {
    const pairs = VERSIONS.flatMap((a) => VERSIONS.map((b) => [a, b] as const));
    const rows = await sql<{ a: string; b: string; c: number }[]>`
      select p.a, p.b, private.semver_compare(p.a, p.b) as c
      from unnest(${pairs.map((p) => p[0])}::text[], ${pairs.map((p) => p[1])}::text[]) as p(a, b)`;
    expect(rows.map((r) => [r.a, r.b, r.c])).toEqual(pairs.map(([a, b]) => [a, b, semver.compare(a, b)]));
  });

  it("computes the folder digest exactly as _shared/digest.ts, on the example skills and on paths JavaScript orders unlike bytes", async () => {
    const manifests = readdirSync(EXAMPLES).map((name) => manifestOf(join(EXAMPLES, name)));
    expect(manifests.length).toBeGreaterThan(1);
    manifests.push([
      { path: "z/\u{1F600}.md", sha256: sha256Hex("a"), executable: false },
      { path: "z/\uFF21.md", sha256: sha256Hex("b"), executable: true },
      { path: "Z.md", sha256: sha256Hex("c"), executable: false },
      { path: "é/ü.txt", sha256: sha256Hex("d"), executable: false },
      { path: "SKILL.md", sha256: sha256Hex("e"), executable: false },
    ]);
    for (const manifest of manifests) {
      const [row] = await sql<{ digest: string }[]>`
        select private.folder_digest(${manifest.map((e) => e.path)}::text[], ${manifest.map((e) => e.sha256)}::text[],
                                     ${manifest.map((e) => String(e.executable))}::text[]::boolean[]) as digest`;
      expect(row!.digest).toBe(folderDigest(manifest));
    }
  });
});
