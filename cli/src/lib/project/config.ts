/**
 * `.skills.yaml`: which skills a repository uses, from which
 * sources, and where they are installed; its types and install path rules.
 * Its schema is `config-schema.ts` and reading and editing its YAML text is
 * `config-text.ts`, both loaded only when the file must be parsed: a warm
 * `skills sync` takes the config from the parse cache and sends its request
 * before it loads zod or the yaml parser.
 */
import type * as z from "zod/mini";
import { CliError } from "../errors.ts";
import { unsafePathReason } from "../skill/paths.ts";
import type { declaredSkill, projectConfigSchema, source } from "./config-schema.ts";

/** File name of the project config, at the repository root. */
export const PROJECT_CONFIG_FILE = ".skills.yaml";

/** A source: a registry on an API. Without `url`, the default API URL applies. */
export type Source = z.output<typeof source>;
/** A skill the project declares; `version` is an optional semver constraint. */
export type DeclaredSkill = z.output<typeof declaredSkill>;
/** A validated `.skills.yaml`; `install_path` is normalized (no `./`, no trailing `/`). */
export type ProjectConfig = z.output<typeof projectConfigSchema>;

/** A CONFIG_INVALID error about `file` (with its line, when known). */
export function invalid(file: string, message: string): CliError {
  return new CliError("CONFIG_INVALID", `${file}: ${message}`);
}

/**
 * Normalizes and checks an install path: relative, inside the repository, not the root itself.
 * @returns the path without `./` segments or a trailing slash.
 * @throws CliError CONFIG_INVALID naming the problem.
 */
export function normalizeInstallPath(raw: string, file = PROJECT_CONFIG_FILE): string {
  const trimmed = raw.trim().replace(/\/+$/, "");
  const path = trimmed
    .split("/")
    .filter((segment) => segment !== ".")
    .join("/");
  const reason = path === "" ? "it is the repository root" : unsafePathReason(path);
  if (reason) throw invalid(file, `install_path ${JSON.stringify(raw)} must be a folder inside the repository (${reason}).`);
  return path;
}

/**
 * The install path a `.skills.yaml` names on a plain top-level
 * `install_path:` line (the default without one), normalized; null for any
 * other form or an unsafe path. Only a hint, to find the local state (and
 * its cached parse of this text) before parsing: `findProject` keeps a
 * cached config only when its own `install_path` is this one.
 */
export function installPathHint(text: string): string | null {
  const line = /^install_path:[ \t]*(.*?)[ \t]*$/m.exec(text);
  if (!line) return ".skills";
  if (!/^[^\s"'#]+$/.test(line[1]!)) return null;
  try {
    return normalizeInstallPath(line[1]!);
  } catch {
    return null;
  }
}
