/**
 * Publishing in steps (upload the bytes the server lacks, then the manifest)
 * and the rule behind it, on the embedded PGlite and on a real PostgreSQL
 * server: a file row may name only bytes its writer stored or can already
 * read, and neither a refusal nor the missing-list tells whether some bytes
 * exist in another registry.
 */
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, signUp, skillFiles, uniqueName, type TestUser } from "./support/api.ts";
import { asActor } from "./support/sql-as.ts";

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const unknownHash = () => sha256(randomBytes(32));

/** A one-file skill's SKILL.md bytes. */
function skillMd(slug: string, body = "Do the thing."): Buffer {
  return Buffer.from(skillFiles(slug, body)[0]!.content_base64, "base64");
}

/** PUT /api/blobs/:sha256 with raw bytes. */
async function put(apiUrl: string, token: string, hash: string, bytes: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${apiUrl}/blobs/${hash}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", ...headers },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: await res.json() };
}

describe.each(inject("platforms"))("blob uploads on $name", ({ apiUrl, dbUrl }) => {
  const sql = postgres(dbUrl, { prepare: false, max: 2, onnotice: () => {} });
  let owner: TestUser;
  let outsider: TestUser;
  /** The owner's private file: its sha256 is known (a lockfile names it), its bytes are not. */
  let secret: { sha256: string; bytes: Buffer };

  beforeAll(async () => {
    [owner, outsider] = await Promise.all([signUp(apiUrl, "owner"), signUp(apiUrl, "outsider")]);
    const slug = uniqueName("secret");
    const bytes = Buffer.from(`the launch codes ${randomBytes(8).toString("hex")}\n`);
    secret = { sha256: sha256(bytes), bytes };
    const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, {
      token: owner.token,
      body: { slug, name: slug, files: [...skillFiles(slug), { path: "secret.txt", content_base64: bytes.toString("base64"), executable: false }] },
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => sql.end());

  describe("in SQL, as the Data API would run it", () => {
    /** In ONE transaction as `user`: a skill, a version and a file row naming `hash` of `size` bytes, then a read of the bytes. */
    const attach = (user: TestUser, hash: string, upload?: Buffer, size = upload?.length ?? secret.bytes.length) =>
      asActor(sql, { id: user.id, email: user.email }, async (tx) => {
        if (upload) await tx`select private.store_blob(${hash}, ${upload})`;
        const [skill] = await tx<{ id: string }[]>`
          insert into skills (registry_id, slug, name, created_by)
          values ((select id from registries where slug = ${user.username}), ${uniqueName("grab")}, 'x', ${user.id}) returning id`;
        const [version] = await tx<{ id: string }[]>`
          insert into skill_versions (skill_id, version, content, digest, file_count, total_size, published_by)
          values (${skill!.id}, '1.0.0', 'x', ${`sha256:${"0".repeat(64)}`}, 1, 1, ${user.id}) returning id`;
        await tx`insert into skill_files (version_id, path, sha256, size) values (${version!.id}, 'SKILL.md', ${hash}, ${size})`;
        return tx<{ content: Buffer }[]>`select content from file_blobs where sha256 = ${hash}`;
      });

    it("refuses a file row naming another registry's bytes, bytes that do not exist, or its own bytes at a wrong size, all with one error", async () => {
      const foreign = await attach(outsider, secret.sha256);
      const unknown = await attach(outsider, unknownHash());
      const mine = Buffer.from(`mine ${randomBytes(8).toString("hex")}`);
      const wrongSize = await attach(outsider, sha256(mine), mine, mine.length + 1);
      const readableWrongSize = await attach(owner, secret.sha256, undefined, secret.bytes.length - 1);
      const shape = (e: unknown) => ({ code: (e as { code: string }).code, message: (e as Error).message });
      for (const refused of [foreign, unknown, wrongSize, readableWrongSize]) {
        expect(refused).toBeInstanceOf(Error);
        expect(shape(refused)).toEqual({ code: "42501", message: 'new row violates row-level security policy for table "skill_files"' });
      }
      // The same owner may attach the bytes at their true size.
      expect(await attach(owner, secret.sha256)).not.toBeInstanceOf(Error);
    });

    it("does not count an upload older than 23 hours, so cleanup (at 24) never deletes bytes a publish relies on", async () => {
      const bytes = Buffer.from(`old upload ${randomBytes(8).toString("hex")}`);
      const aged = await asActor(
        sql,
        { id: outsider.id, email: outsider.email },
        async (tx) => {
          const seen = await tx`select 1 from file_blobs where sha256 = ${sha256(bytes)}`;
          const usable = await tx<{ ok: boolean }[]>`select private.can_use_blob(${sha256(bytes)}, ${bytes.length}) as ok`;
          return { seen: seen.count, usable: usable[0]!.ok };
        },
        async (tx) => {
          await tx`insert into file_blobs (sha256, size, content) values (${sha256(bytes)}, ${bytes.length}, ${bytes})`;
          await tx`insert into blob_uploads (user_id, sha256, created_at) values (${outsider.id}, ${sha256(bytes)}, now() - interval '23 hours 1 minute')`;
        },
      );
      expect(aged).toEqual({ seen: 0, usable: false });
      const fresh = await asActor(
        sql,
        { id: outsider.id, email: outsider.email },
        async (tx) => (await tx<{ ok: boolean }[]>`select private.can_use_blob(${sha256(bytes)}, ${bytes.length}) as ok`)[0]!.ok,
        async (tx) => {
          await tx`insert into file_blobs (sha256, size, content) values (${sha256(bytes)}, ${bytes.length}, ${bytes})`;
          await tx`insert into blob_uploads (user_id, sha256, created_at) values (${outsider.id}, ${sha256(bytes)}, now() - interval '22 hours 59 minutes')`;
        },
      );
      expect(fresh).toBe(true);
    });

    it("lets a user attach bytes they stored in the same transaction, and read them back", async () => {
      const bytes = Buffer.from(`mine ${randomBytes(8).toString("hex")}`);
      const rows = await attach(outsider, sha256(bytes), bytes);
      expect(rows).not.toBeInstanceOf(Error);
      expect((rows as { content: Buffer }[]).map((r) => Buffer.from(r.content).toString())).toEqual([bytes.toString()]);
    });

    it("does not count as an upload bytes that do not match the hash", async () => {
      const result = await attach(outsider, secret.sha256, Buffer.from("anything else"));
      expect((result as { code?: string }).code).toBe("23514");
      const rows = await sql`select 1 from blob_uploads where user_id = ${outsider.id} and sha256 = ${secret.sha256}`;
      expect(rows.count).toBe(0);
    });

    it("forgets uploads nobody published within a day, and their bytes unless a version lists them", async () => {
      const stale = Buffer.from(`never published ${randomBytes(8).toString("hex")}`);
      const fresh = Buffer.from(`just uploaded ${randomBytes(8).toString("hex")}`);
      const store = (bytes: Buffer) => sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: outsider.id, role: "authenticated" })}, true)`;
        await tx.unsafe("set local role authenticated");
        await tx`select private.store_blob(${sha256(bytes)}, ${bytes})`;
      });
      await store(stale);
      // The owner's published secret was uploaded (inline) long ago too.
      await sql`update blob_uploads set created_at = now() - interval '25 hours' where sha256 in ${sql([sha256(stale), secret.sha256])}`;
      await store(fresh);
      const uploads = await sql<{ sha256: string }[]>`select sha256 from blob_uploads where sha256 in ${sql([sha256(stale), sha256(fresh), secret.sha256])}`;
      expect(uploads.map((r) => r.sha256).sort()).toEqual([sha256(fresh)]);
      const blobs = await sql<{ sha256: string }[]>`select sha256 from file_blobs where sha256 in ${sql([sha256(stale), sha256(fresh), secret.sha256])}`;
      expect(blobs.map((r) => r.sha256).sort()).toEqual([sha256(fresh), secret.sha256].sort());
    });
  });

  describe("over HTTP", () => {
    it("uploads what is missing, then publishes a manifest that names it; a second version re-uses the first's bytes", async () => {
      const slug = uniqueName("steps");
      const md = skillMd(slug);
      const big = randomBytes(300_000);
      const small = Buffer.from("#!/bin/sh\necho hi\n");
      const hashes = [sha256(md), sha256(big), sha256(small)];
      const missing = await call(apiUrl, "POST", "/blobs/missing", { token: owner.token, body: { sha256: hashes } });
      expect(missing).toEqual({ status: 200, body: { missing: hashes } });

      expect(await put(apiUrl, owner.token, sha256(big), big)).toEqual({ status: 200, body: { stored: [sha256(big)] } });
      const batch = await call(apiUrl, "POST", "/blobs/upload", {
        token: owner.token,
        body: { blobs: [md, small].map((b) => ({ sha256: sha256(b), content_base64: b.toString("base64") })) },
      });
      expect(batch).toEqual({ status: 200, body: { stored: [sha256(md), sha256(small)] } });
      expect((await call(apiUrl, "POST", "/blobs/missing", { token: owner.token, body: { sha256: hashes } })).body).toEqual({ missing: [] });

      const manifest = [
        { path: "SKILL.md", sha256: sha256(md), size: md.length, executable: false },
        { path: "assets/big.bin", sha256: sha256(big), size: big.length, executable: false },
        { path: "scripts/run.sh", sha256: sha256(small), size: small.length, executable: true },
      ];
      const created = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, { token: owner.token, body: { slug, name: slug, files: manifest } });
      expect(created.status).toBe(201);
      const skill = await call(apiUrl, "GET", `/registries/${owner.username}/skills/${slug}`, { token: owner.token });
      expect(skill.body.content).toBe(md.toString());
      expect(skill.body.files).toEqual(expect.arrayContaining(manifest));
      const got = await call(apiUrl, "POST", "/blobs", { token: owner.token, body: { sha256: [sha256(big)] } });
      expect(Buffer.from(got.body.blobs[0].content_base64, "base64").equals(big)).toBe(true);

      // Version 2 changes SKILL.md only: the other bytes are readable through version 1, nothing else to upload.
      const md2 = skillMd(slug, "Do it better.");
      const next = [{ ...manifest[0]!, sha256: sha256(md2), size: md2.length }, manifest[1]!, manifest[2]!];
      const missing2 = await call(apiUrl, "POST", "/blobs/missing", { token: owner.token, body: { sha256: next.map((f) => f.sha256) } });
      expect(missing2.body).toEqual({ missing: [sha256(md2)] });
      expect((await put(apiUrl, owner.token, sha256(md2), md2)).status).toBe(200);
      const published = await call(apiUrl, "POST", `/registries/${owner.username}/skills/${slug}/versions`, {
        token: owner.token,
        body: { version: "1.1.0", files: next },
      });
      expect(published.status).toBe(201);
    });

    it("answers about another registry's bytes exactly as about bytes that do not exist", async () => {
      const unknown = unknownHash();
      const missing = await call(apiUrl, "POST", "/blobs/missing", { token: outsider.token, body: { sha256: [secret.sha256, unknown] } });
      expect(missing.body).toEqual({ missing: [secret.sha256, unknown] });
      const slug = uniqueName("grab");
      const publish = (hash: string) =>
        call(apiUrl, "POST", `/registries/${outsider.username}/skills`, {
          token: outsider.token,
          body: { slug, name: slug, files: [...skillFiles(slug), { path: "loot.txt", sha256: hash, size: secret.bytes.length, executable: false }] },
        });
      const foreign = await publish(secret.sha256);
      const made = await publish(unknown);
      expect(foreign.status).toBe(422);
      expect(foreign.body.error).toMatchObject({ code: "BLOBS_MISSING", missing: [secret.sha256] });
      expect({ ...made.body.error, missing: [] }).toEqual({ ...foreign.body.error, missing: [] });
      expect((await call(apiUrl, "GET", `/registries/${outsider.username}/skills/${slug}`, { token: outsider.token })).status).toBe(404);
    });

    it("refuses bytes that do not match their hash, a wrong size in the manifest, and a body over the per-file limit", async () => {
      const bytes = Buffer.from("some bytes");
      const wrong = await put(apiUrl, outsider.token, unknownHash(), bytes);
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.code).toBe("VALIDATION_ERROR");
      const batch = await call(apiUrl, "POST", "/blobs/upload", {
        token: outsider.token,
        body: { blobs: [{ sha256: unknownHash(), content_base64: bytes.toString("base64") }] },
      });
      expect(batch.status).toBe(422);

      expect((await put(apiUrl, outsider.token, sha256(bytes), bytes)).status).toBe(200);
      const slug = uniqueName("sized");
      const res = await call(apiUrl, "POST", `/registries/${outsider.username}/skills`, {
        token: outsider.token,
        body: { slug, name: slug, files: [...skillFiles(slug), { path: "a.txt", sha256: sha256(bytes), size: bytes.length + 1, executable: false }] },
      });
      expect(res.status).toBe(422);
      expect(res.body.error.message).toContain(`has ${bytes.length} bytes, not ${bytes.length + 1}`);

      // The suite's per-file limit is 1 MiB.
      const huge = Buffer.alloc(1024 * 1024 + 1, 97);
      const tooBig = await put(apiUrl, outsider.token, sha256(huge), huge);
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: `A file exceeds the limit of ${1024 * 1024} bytes` });
      const rows = await sql`select 1 from file_blobs where sha256 = ${sha256(huge)}`;
      expect(rows.count).toBe(0);
    });

    it("refuses a version with more files than the limit with 413 naming it, and stores nothing", async () => {
      const slug = uniqueName("many");
      const files = [...skillFiles(slug), ...Array.from({ length: 100 }, (_, i) => ({ path: `f/${i}.txt`, content_base64: Buffer.from(`${i}`).toString("base64"), executable: false }))];
      const res = await call(apiUrl, "POST", `/registries/${owner.username}/skills`, { token: owner.token, body: { slug, name: slug, files } });
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe("The skill folder has 101 files; the limit is 100 files per version");
      expect((await call(apiUrl, "GET", `/registries/${owner.username}/skills/${slug}`, { token: owner.token })).status).toBe(404);
    });
  });
});
