import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../src/lib/skill/digest.ts";
import { ByteStore } from "../src/lib/sync/fetch.ts";

const entry = (path: string, bytes: Buffer, executable = false) => ({ path, sha256: sha256Hex(bytes), size: bytes.length, executable });
const stagingFolders = () => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith("skills-sync-")));

describe("ByteStore", () => {
  it("keeps bytes in memory within its budget and makes no folder", async () => {
    const before = stagingFolders();
    const store = new ByteStore(1024);
    const a = Buffer.from("alpha");
    await store.stage(sha256Hex(a), a);
    expect(store.has(sha256Hex(a))).toBe(true);
    expect(await store.files({ files: [entry("a.md", a, true)] })).toEqual([{ path: "a.md", bytes: a, executable: true }]);
    expect(stagingFolders()).toEqual(before);
    await store.dispose();
  });

  it("stages what goes past the budget in a temporary folder and deletes it on dispose", async () => {
    const before = stagingFolders();
    const store = new ByteStore(6);
    const [a, b, c] = [Buffer.from("alpha"), Buffer.from("bravo"), Buffer.from("c")];
    for (const bytes of [a, b, c]) await store.stage(sha256Hex(bytes), bytes);
    const made = [...stagingFolders()].filter((n) => !before.has(n));
    expect(made).toHaveLength(1);
    const files = await store.files({ files: [entry("a", a), entry("b", b), entry("c", c)] });
    expect(files.map((f) => Buffer.from(f.bytes).toString())).toEqual(["alpha", "bravo", "c"]);
    await expect(store.files({ files: [entry("d", Buffer.from("delta"))] })).rejects.toThrow(/no bytes were gathered/);
    await store.dispose();
    expect(existsSync(`${tmpdir()}/${made[0]}`)).toBe(false);
  });
});
