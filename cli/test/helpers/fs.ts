/** Temp folders and the real skill fixtures (read-only: always copied before use). */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

/** The anthropics/skills fixture folders (real skills the tests publish; `SKILLS_FIXTURES` overrides the path). */
export const FIXTURES = process.env.SKILLS_FIXTURES ?? "/work/shared/fixtures/anthropic-skills";

const perTest: string[] = [];
const perFile: string[] = [];
const removeAll = (dirs: string[]) => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));

/** A fresh temp folder, deleted after the current test (or, from a `beforeAll`, after the file: `scope: "file"`). */
export async function tempDir(scope: "test" | "file" = "test"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "skills-cli-test-"));
  (scope === "test" ? perTest : perFile).push(dir);
  return dir;
}

/** Copies fixture `name` (modes included) to `destination`. */
export async function copyFixture(name: string, destination: string): Promise<string> {
  await cp(join(FIXTURES, name), destination, { recursive: true });
  return destination;
}
