/**
 * Checks of command-line values, run inside each command (definitions stay
 * cheap to load): a bad value is a usage error (exit 2) with the same rules
 * the config files and the API use.
 */
import semver from "semver";
import * as v from "valibot";
import { usageError } from "../errors.ts";

/**
 * A value checked with a valibot schema (a flag, an argument or an answer at a prompt).
 * @throws CliError USAGE with the schema's message, prefixed by `label`.
 */
export function checkValue<T>(schema: v.GenericSchema<string, T>, value: string, label: string): T {
  const parsed = v.safeParse(schema, value, { abortEarly: true });
  if (!parsed.success) throw usageError(`${label}: ${parsed.issues[0].message}.`);
  return parsed.output;
}

/** A semver version such as `1.2.0`. */
export const versionSchema = v.pipe(
  v.string(),
  v.check((value) => semver.valid(value) !== null, (issue) => `"${String(issue.input)}" is not a semver version such as 1.2.0`),
);

/** A semver constraint such as `>=1.0.0`, `^2.1.0` or `1.2.3`. */
export const constraintSchema = v.pipe(
  v.string(),
  v.check(
    (value) => semver.validRange(value) !== null,
    (issue) => `"${String(issue.input)}" is not a version constraint such as ">=1.0.0" or "^2.1.0"`,
  ),
);
