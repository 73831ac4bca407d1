/**
 * Repairs what an interrupted run (kill -9, power loss) can leave behind
 * `installFolder` and `writeFileAtomic`: a staging
 * folder `.tmp-<name>-*` (deleted: it was never swapped in), an old folder
 * moved aside `.old-<name>-*` (put back when the swap did not happen, else
 * deleted), and temporary files `<file>.tmp-<hex>`. After it, every skill
 * folder is the old one or the new one.
 */
import { readdirSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";

const STAGING = /^\.tmp-(.+)-[A-Za-z0-9]{6}$/;
const ASIDE = /^\.old-(.+)-[0-9a-f]{8}$/;
const TEMP_FILE = /\.tmp-[0-9a-f]{8}$/;

/** Repairs leftovers in each folder of `dirs` (absolute; a missing folder is skipped). */
export async function recoverInterrupted(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    const present = new Set(names);
    for (const name of names) {
      const aside = ASIDE.exec(name);
      if (aside) {
        const target = aside[1]!;
        if (!present.has(target)) {
          await rename(join(dir, name), join(dir, target));
          present.add(target);
        } else await rm(join(dir, name), { recursive: true, force: true });
      } else if (STAGING.test(name) || TEMP_FILE.test(name)) {
        await rm(join(dir, name), { recursive: true, force: true });
      }
    }
  }
}

const ROOT_TEMP = /^(?:\.skills\.lock|\.skills\.yaml|\.gitignore)\.tmp-[0-9a-f]{8}$/;

/** Deletes temporary copies of the project files an interrupted write left in the repository root. */
export async function recoverRootFiles(root: string): Promise<void> {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) if (ROOT_TEMP.test(name)) await rm(join(root, name), { force: true });
}
