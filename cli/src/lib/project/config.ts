/**
 * `.skills.yaml`: which skills a repository uses, from which
 * sources, and where they are installed; its schema and install path rules.
 * Reading and editing its YAML text is `config-text.ts`, which loads
 * the yaml parser (kept off the warm `skills sync`).
 */
import * as z from "zod/mini";
import { CliError } from "../errors.ts";
import { unsafePathReason } from "../skill/paths.ts";
import { TARGETS, type Target } from "../targets/targets.ts";
import { registrySlug, skillSlug } from "../../../../supabase/functions/_shared/wire/common.ts";

/** File name of the project config, at the repository root. */
export const PROJECT_CONFIG_FILE = ".skills.yaml";

const URL_MESSAGE = "url must be an http(s) URL";

/** An absolute `http://` or `https://` URL (`http:host` without the slashes is refused). */
function isHttpUrl(text: string): boolean {
  return /^https?:\/\//i.test(text) && URL.canParse(text);
}

const source = z.object({
  name: z.string().check(z.minLength(1, "source name must not be empty")),
  registry: registrySlug,
  url: z.optional(z.string({ error: URL_MESSAGE }).check(z.trim(), z.refine(isHttpUrl, URL_MESSAGE))),
});
const declaredSkill = z.object({
  slug: skillSlug,
  source: z.string().check(z.minLength(1, "source must not be empty")),
  version: z.optional(z.string()),
});
const target = z.enum(TARGETS as [Target, ...Target[]], { error: `unknown target (known: ${TARGETS.join(", ")})` });
/** The shape of a `.skills.yaml`; `config-text.ts` beside it adds the checks across fields. */
export const projectConfigSchema = z.object({
  sources: z.array(source).check(z.minLength(1, "at least one source is required")),
  install_path: z._default(z.string(), ".skills"),
  skills: z.pipe(z.nullish(z.array(declaredSkill)), z.transform((skills) => skills ?? [])),
  /** Agent directories to install into as well (`targets.ts`). */
  targets: z.pipe(z.nullish(z.array(target)), z.transform((targets) => [...new Set(targets)])),
  /** Symlink agent-directory entries to the install path instead of copying. */
  link: z._default(z.boolean(), false),
});

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
