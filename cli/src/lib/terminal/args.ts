/**
 * Checks of command-line values, run inside each command (definitions stay
 * cheap to load): a bad value is a usage error (exit 2) with the same rules
 * the config files and the API use.
 */
import semver from "semver";
import * as z from "zod/mini";
import { usageError } from "../errors.ts";
import { parseSchema } from "./schema-issue.ts";

/**
 * A value checked with a schema (a flag, an argument or an answer at a prompt).
 * @throws CliError USAGE with the schema's message, prefixed by `label`.
 */
export function checkValue<T>(schema: z.ZodMiniType<T, string>, value: string, label: string): T {
  const parsed = parseSchema(schema, value);
  if (!parsed.success) throw usageError(`${label}: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

/** A semver version such as `1.2.0`. */
export const versionSchema = z.string().check(
  z.refine((value) => semver.valid(value) !== null, { error: (issue) => `"${String(issue.input)}" is not a semver version such as 1.2.0` }),
);

/** A semver constraint such as `>=1.0.0`, `^2.1.0` or `1.2.3`. */
export const constraintSchema = z.string().check(
  z.refine((value) => semver.validRange(value) !== null, {
    error: (issue) => `"${String(issue.input)}" is not a version constraint such as ">=1.0.0" or "^2.1.0"`,
  }),
);
