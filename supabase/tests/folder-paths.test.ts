/**
 * Publishing refuses a folder some client could not write to disk (names that
 * one case- or normalization-insensitive disk stores as one, a file that is
 * also a folder, overlong names, names Windows cannot create), with 422 naming
 * the paths and nothing stored, on the embedded PGlite and on a real
 * PostgreSQL server, through the inline and the manifest form alike; and the
 * database refuses an overlong name in a row written past the API.
 */
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";

/** Bad folders beside SKILL.md: their paths and what the refusal must name. */
const BAD: [string, string[], string[]][] = [
  ["letter case", ["README.md", "readme.md"], ['"README.md"', '"readme.md"']],
  ["Unicode normalization", ["r\u00e9sum\u00e9.md", "re\u0301sume\u0301.md"], ['"r\u00e9sum\u00e9.md"', '"re\u0301sume\u0301.md"']],
  ["folders differing in case", ["Docs/a.md", "docs/b.md"], ['"Docs/a.md"', '"docs/b.md"']],
  ["a file that is also a folder", ["a", "a/b"], ['"a"', '"a/b"']],
  ["a 300-byte name", ["x".repeat(300)], ["300 bytes"]],
  ["a Windows device name", ["docs/aux.md"], ['"docs/aux.md"']],
  ["a trailing dot", ["notes."], ['"notes."']],
  ["a colon", ["docs/a:b.md"], ['"docs/a:b.md"']],
];

describe.each(inject("platforms"))("folder paths at publish on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 1, onnotice: () => {} });
  let owner: TestUser;
  let skills: string;

  beforeAll(async () => {
    owner = await signUp(apiUrl, "paths");
    skills = `/registries/${owner.username}/skills`;
  });
  afterAll(() => sql.end());

  /** Inline files at `paths`, each with bytes no other test stores, and their hashes. */
  function extraFiles(paths: string[]) {
    return paths.map((path) => {
      const bytes = randomBytes(16);
      return { path, content_base64: bytes.toString("base64"), executable: false, sha256: createHash("sha256").update(bytes).digest("hex") };
    });
  }

  async function storedBlobs(hashes: string[]): Promise<number> {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from file_blobs where sha256 = any(${hashes})`;
    return row!.n;
  }

  it.each(BAD)("refuses a new skill with %s with 422 naming the paths, and creates nothing", async (_, paths, named) => {
    const slug = uniqueName("bad-paths");
    const extra = extraFiles(paths);
    const res = await call(apiUrl, "POST", skills, {
      token: owner.token,
      body: { slug, name: slug, files: [...skillFiles(slug), ...extra.map(({ sha256: _h, ...f }) => f)] },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("VALIDATION_ERROR");
    for (const part of named) expect(res.body.error.message).toContain(part);
    expect((await call(apiUrl, "GET", `${skills}/${slug}`, { token: owner.token })).status).toBe(404);
    expect(await storedBlobs(extra.map((f) => f.sha256))).toBe(0);
  });

  it("refuses such a version of an existing skill, inline or as a manifest of hashes, and keeps the versions it had", async () => {
    const slug = uniqueName("good-paths");
    const created = await call(apiUrl, "POST", skills, {
      token: owner.token,
      body: { slug, name: slug, files: [...skillFiles(slug), ...extraFiles(["README.md", "docs/a.md"]).map(({ sha256: _h, ...f }) => f)] },
    });
    expect(created.status).toBe(201);
    const extra = extraFiles(["docs/A.md"]);
    const inline = await call(apiUrl, "POST", `${skills}/${slug}/versions`, {
      token: owner.token,
      body: { version: "1.0.1", files: [...skillFiles(slug), { path: "docs/a.md", content_base64: "eA==", executable: false }, ...extra.map(({ sha256: _h, ...f }) => f)] },
    });
    expect(inline.status).toBe(422);
    expect(inline.body.error).toEqual({ code: "VALIDATION_ERROR", message: expect.stringContaining('"docs/a.md" and "docs/A.md" differ only in letter case') });
    expect(await storedBlobs(extra.map((f) => f.sha256))).toBe(0);

    const manifest = await call(apiUrl, "POST", `${skills}/${slug}/versions`, {
      token: owner.token,
      body: {
        version: "1.0.1",
        files: [...skillFiles(slug), ...["LICENSE", "license"].map((path) => ({ path, sha256: "0".repeat(64), size: 1, executable: false }))],
      },
    });
    expect(manifest.status).toBe(422);
    expect(manifest.body.error.message).toContain('"LICENSE" and "license"');

    const versions = await call(apiUrl, "GET", `${skills}/${slug}/versions`, { token: owner.token });
    expect(versions.body.versions.map((v: { version: string }) => v.version)).toEqual(["1.0.0"]);
  });

  it("the database itself refuses a file row whose name is over 255 bytes of UTF-8, counting multi-byte characters by their bytes", async () => {
    const slug = uniqueName("long-names");
    expect((await call(apiUrl, "POST", skills, { token: owner.token, body: { slug, name: slug, files: skillFiles(slug) } })).status).toBe(201);
    /** Adds a file row at `path` beside the version's SKILL.md, rolled back; the Postgres error code and constraint, or "ok". */
    const insert = async (path: string) => {
      const rollback = new Error("rollback");
      try {
        await sql.begin(async (tx) => {
          await tx`
            insert into skill_files (version_id, path, sha256, size, executable)
            select f.version_id, ${path}, f.sha256, f.size, false
            from skill_files f join skill_versions v on v.id = f.version_id join skills s on s.id = v.skill_id
            where s.slug = ${slug} and f.path = 'SKILL.md'`;
          throw rollback;
        });
      } catch (error) {
        if (error === rollback) return "ok";
        const { code, constraint_name } = error as { code?: string; constraint_name?: string };
        return `${code} ${constraint_name}`;
      }
      return "committed";
    };
    expect(await insert(`d/${"\u00e9".repeat(127)}/f`)).toBe("ok");
    expect(await insert(`${"\u{1f600}".repeat(63)}abc`)).toBe("ok");
    for (const path of [`d/${"\u00e9".repeat(128)}/f`, "x".repeat(256), `${"\u4e2d".repeat(86)}`, `${"\u{1f600}".repeat(64)}`]) {
      expect(await insert(path), path).toBe("23514 skill_files_name_length");
    }
  });
});
