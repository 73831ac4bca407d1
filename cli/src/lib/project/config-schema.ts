/**
 * The zod schema of a `.skills.yaml`, apart from `config.ts` so that only a
 * parse (`config-text.ts`) loads zod; `config-text.ts` adds the checks across fields.
 */
import * as z from "zod/mini";
import { TARGETS, type Target } from "../targets/targets.ts";
import { API_PATH, checkApiUrl } from "../http/api-url.ts";
import { registrySlug, skillSlug } from "../../../../supabase/functions/_shared/wire/slugs.ts";

const URL_MESSAGE = `url must be an API URL such as https://host${API_PATH}`;

/** The refusal `checkApiUrl` words for a source's `url`, e.g. a project URL without `/functions/v1/api`. */
function apiUrlProblem(input: unknown): string {
  const checked = checkApiUrl(String(input));
  return checked.ok ? URL_MESSAGE : checked.problem;
}

/** A source: a registry on an API (`url`, else the default API URL). */
export const source = z.strictObject({
  name: z.string().check(z.minLength(1, "source name must not be empty")),
  registry: registrySlug,
  url: z.optional(z.string({ error: URL_MESSAGE }).check(z.trim(), z.refine((url) => checkApiUrl(url).ok, { error: (issue) => apiUrlProblem(issue.input) }))),
});
/** A skill the project declares, with an optional semver constraint. */
export const declaredSkill = z.strictObject({
  slug: skillSlug,
  source: z.string().check(z.minLength(1, "source must not be empty")),
  version: z.optional(z.string()),
});
const target = z.enum(TARGETS as [Target, ...Target[]], { error: `unknown target (known: ${TARGETS.join(", ")})` });
/** The shape of a `.skills.yaml`; `config-text.ts` beside it adds the checks across fields. */
export const projectConfigSchema = z.strictObject({
  sources: z.array(source).check(z.minLength(1, "at least one source is required")),
  install_path: z._default(z.string(), ".skills"),
  skills: z.pipe(z.nullish(z.array(declaredSkill)), z.transform((skills) => skills ?? [])),
  /** Agent directories to install into as well (`targets.ts`). */
  targets: z.pipe(z.nullish(z.array(target)), z.transform((targets) => [...new Set(targets)])),
  /** Symlink agent-directory entries to the install path instead of copying. */
  link: z._default(z.boolean(), false),
});

