/**
 * Two repositories with the same skill, through the built CLI against the
 * local platform: a push from a folder based on an older version than the
 * latest is refused (nothing published, nothing changed on disk) until it
 * is merged with `skills update` or pushed with `--force`; `update` merges the
 * upstream change into a local edit line by line, marks the lines both
 * changed (a push refuses them until they are resolved), and keeps a local
 * binary file both changed.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { call, signUp, uniqueName, type TestUser } from "../../../supabase/tests/support/api.ts";
import { parseLockfile } from "../../src/lib/lockfile/text.ts";
import { createSkill, localPlatform } from "./platform.ts";
import { skills } from "./run-cli.ts";
import { snapshot } from "./tree.ts";

/** SKILL.md of `slug` with fifteen numbered steps, `changes` replacing some of them (by step number). */
const skillMd = (slug: string, changes: Record<number, string> = {}) =>
  `---\nname: ${slug}\ndescription: Steps for ${slug}.\n---\n\n# ${slug}\n\n` +
  Array.from({ length: 15 }, (_, i) => `${changes[i + 1] ?? `Step ${i + 1}.`}\n`).join("");
const upload = (path: string, bytes: Buffer | string) => ({ path, content_base64: Buffer.from(bytes).toString("base64"), executable: false });
const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]);

describe("a push never replaces a teammate's version unseen", () => {
  const { apiUrl } = localPlatform();
  const home = mkdtempSync(join(tmpdir(), "skills-stale-"));
  const env = { SKILLS_CONFIG_DIR: join(home, "config") };
  const repoA = join(home, "repo-a");
  const repoB = join(home, "repo-b");
  let user: TestUser;
  let u: string;

  const file = (repo: string, slug: string, path = "SKILL.md") => join(repo, ".skills", slug, path);
  const lockOf = (repo: string, slug: string) => parseLockfile(readFileSync(join(repo, ".skills.lock"), "utf8")).skills.find((s) => s.slug === slug)!;
  const versions = async (slug: string) =>
    (await call(apiUrl, "GET", `/registries/${u}/skills/${slug}/versions`, { token: user.token })).body.versions.map((v: { version: string }) => v.version);
  /** A new skill at 1.0.0, added to both repositories. */
  const skillInBoth = async (prefix: string, extra: ReturnType<typeof upload>[] = []) => {
    const slug = uniqueName(prefix);
    await createSkill(apiUrl, user, u, { slug, version: "1.0.0", files: [upload("SKILL.md", skillMd(slug)), ...extra] });
    for (const repo of [repoA, repoB]) {
      const add = await skills(repo, env, "add", slug, "--yes");
      expect(add.code, add.stderr).toBe(0);
    }
    return slug;
  };

  beforeAll(async () => {
    user = await signUp(apiUrl, "team");
    u = user.username;
    for (const repo of [repoA, repoB]) {
      mkdirSync(repo, { recursive: true });
      const init = await skills(repo, env, "init", "--registry", u, "--api-url", apiUrl, "--install-path", ".skills", "--yes");
      expect(init.code, init.stderr).toBe(0);
    }
    const login = await skills(repoA, env, "login", "--email", user.email, "--password", user.password);
    expect(login.code, login.stderr).toBe(0);
  });

  it("refuses A's push based on 1.0.0 once B published 1.0.1, naming both and what to run, and changes nothing", async () => {
    const slug = await skillInBoth("stale");
    writeFileSync(file(repoB, slug), skillMd(slug, { 10: "Step 10, from B." }));
    const pushB = await skills(repoB, env, "push", slug, "--yes");
    expect(pushB.code, pushB.stderr).toBe(0);
    expect(pushB.stdout).toContain(`Pushed ${slug} v1.0.1`);

    writeFileSync(file(repoA, slug), skillMd(slug, { 3: "Step 3, from A." }));
    const before = snapshot(repoA);
    const lockBefore = readFileSync(join(repoA, ".skills.lock"), "utf8");
    const pushA = await skills(repoA, env, "push", slug, "--yes");
    expect(pushA.code).toBe(1);
    expect(pushA.stderr).toContain(
      `${u}/${slug} is at 1.0.1, your folder is based on 1.0.0: run \`skills diff ${slug}\` and \`skills update ${slug}\`, or push with \`--force\``,
    );
    expect(pushA.stdout).not.toContain("Pushed");
    expect(await versions(slug)).toEqual(["1.0.1", "1.0.0"]);
    expect(snapshot(repoA)).toEqual(before);
    expect(readFileSync(join(repoA, ".skills.lock"), "utf8")).toBe(lockBefore);
    // Pushing every modified skill refuses it the same way.
    const pushAll = await skills(repoA, env, "push", "--yes");
    expect(pushAll.code).toBe(1);
    expect(pushAll.stderr).toContain(`${u}/${slug} is at 1.0.1, your folder is based on 1.0.0`);
    expect(await versions(slug)).toEqual(["1.0.1", "1.0.0"]);

    const forced = await skills(repoA, env, "push", slug, "--force", "--yes");
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`Pushed ${slug} v1.0.2`);
    expect(await versions(slug)).toEqual(["1.0.2", "1.0.1", "1.0.0"]);
    expect(lockOf(repoA, slug).version).toBe("1.0.2");
  });

  it("update merges B's change into A's edit; the lock moves on, sync keeps the merge, and push publishes it based on the new version", async () => {
    const slug = await skillInBoth("merge");
    writeFileSync(file(repoA, slug), skillMd(slug, { 3: "Step 3, from A." }));
    writeFileSync(file(repoB, slug), skillMd(slug, { 10: "Step 10, from B." }));
    expect((await skills(repoB, env, "push", slug, "--yes")).code).toBe(0);

    const update = await skills(repoA, env, "update", slug, "--yes");
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain(`Merged ${u}/${slug} 1.0.1 into your local edits (based on 1.0.0)`);
    expect(readFileSync(file(repoA, slug), "utf8")).toBe(skillMd(slug, { 3: "Step 3, from A.", 10: "Step 10, from B." }));
    expect(lockOf(repoA, slug).version).toBe("1.0.1");

    const sync = await skills(repoA, env, "sync");
    expect(sync.code, sync.stderr).toBe(0);
    expect(readFileSync(file(repoA, slug), "utf8")).toBe(skillMd(slug, { 3: "Step 3, from A.", 10: "Step 10, from B." }));

    const push = await skills(repoA, env, "push", "--yes");
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain(`Pushed ${slug} v1.0.2`);
    expect(await versions(slug)).toEqual(["1.0.2", "1.0.1", "1.0.0"]);
    expect(lockOf(repoA, slug).version).toBe("1.0.2");
  });

  it("update writes conflict markers where both changed the same lines and keeps A's binary file, naming both files", async () => {
    const slug = await skillInBoth("clash", [upload("assets/logo.png", LOGO)]);
    const mine = Buffer.concat([LOGO, Buffer.from([0xaa])]);
    writeFileSync(file(repoA, slug), skillMd(slug, { 5: "Step 5, A's way." }));
    writeFileSync(file(repoA, slug, "assets/logo.png"), mine);
    writeFileSync(file(repoB, slug), skillMd(slug, { 5: "Step 5, B's way." }));
    writeFileSync(file(repoB, slug, "assets/logo.png"), Buffer.concat([LOGO, Buffer.from([0xbb])]));
    expect((await skills(repoB, env, "push", slug, "--yes")).code).toBe(0);

    const update = await skills(repoA, env, "update", slug, "--yes");
    expect(update.code).toBe(1);
    expect(update.stdout).toContain(`conflict: ${slug}/SKILL.md: both changed the same lines`);
    expect(update.stdout).toContain(`conflict: ${slug}/assets/logo.png is binary and changed on both sides: kept your local file`);
    expect(update.stderr).toContain(`Resolve the conflict markers in ${slug}/SKILL.md, then run \`skills push ${slug}\``);
    expect(readFileSync(file(repoA, slug), "utf8")).toContain(
      `<<<<<<< local\nStep 5, A's way.\n=======\nStep 5, B's way.\n>>>>>>> ${u}/${slug}@1.0.1\n`,
    );
    expect(readFileSync(file(repoA, slug, "assets/logo.png"))).toEqual(mine);
    expect(lockOf(repoA, slug).version).toBe("1.0.1");

    const unresolved = await skills(repoA, env, "push", slug, "--yes");
    expect(unresolved.code).toBe(1);
    expect(unresolved.stderr).toContain(`${slug}/SKILL.md still has the conflict markers of \`skills update\`; resolve them, then push again.`);
    expect(await versions(slug)).toEqual(["1.0.1", "1.0.0"]);
    writeFileSync(file(repoA, slug), skillMd(slug, { 5: "Step 5, both ways." }));
    const resolved = await skills(repoA, env, "push", slug, "--yes");
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(await versions(slug)).toEqual(["1.0.2", "1.0.1", "1.0.0"]);
  });
});
