import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { folderSlug, slugOfFolder } from "../src/lib/push/folder-slug.ts";
import { tempDir } from "./helpers/fs.ts";

describe("push --path without a slug", () => {
  it("takes the slug from the folder name, which the frontmatter name must repeat", () => {
    expect(folderSlug("my-skill", undefined)).toBe("my-skill");
    expect(folderSlug("my-skill", "my-skill")).toBe("my-skill");
    expect(() => folderSlug("my-skill", "other-skill")).toThrow(
      'The folder is named "my-skill" but its SKILL.md says name: other-skill; rename one to match the other, or pass the slug',
    );
    expect(() => folderSlug("My Skill", undefined)).toThrow('The folder name "My Skill" is not a valid skill slug');
  });

  it("reads the folder's SKILL.md, and names a missing folder", async () => {
    const dir = join(await tempDir(), "pdf-tools");
    await mkdir(dir);
    await writeFile(join(dir, "SKILL.md"), "---\nname: pdf-tools\ndescription: PDFs.\n---\n# PDF tools\n");
    expect(await slugOfFolder(dir)).toBe("pdf-tools");
    await writeFile(join(dir, "SKILL.md"), "---\nname: pdf\ndescription: PDFs.\n---\n");
    await expect(slugOfFolder(dir)).rejects.toMatchObject({ code: "USAGE", message: expect.stringContaining('"pdf-tools" but its SKILL.md says name: pdf') });
    await expect(slugOfFolder(join(dir, "missing"))).rejects.toMatchObject({ code: "INVALID_SKILL", message: `No skill folder at ${join(dir, "missing")}.` });
  });
});
