/**
 * Argument parsers for commander: a bad value becomes commander's own
 * "invalid argument" usage error (exit 2), checked by the same schemas and
 * rules the config files use.
 */
import { InvalidArgumentError } from "commander";
import semver from "semver";
import type { z } from "zod";
import { CliError, usageError } from "./errors.ts";

/**
 * A value checked with a zod schema (for values typed at a prompt).
 * @throws CliError USAGE with the schema's message, prefixed by `label`.
 */
export function checkValue<T>(schema: z.ZodType<T>, value: string, label: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw usageError(`${label}: ${parsed.error.issues[0]?.message ?? "invalid value"}.`);
  return parsed.data;
}

/** A commander parser that validates a value with a zod schema. */
export function schemaArg<T>(schema: z.ZodType<T>): (value: string) => T {
  return (value) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new InvalidArgumentError(`${parsed.error.issues[0]?.message ?? "invalid value"}.`);
    return parsed.data;
  };
}

/** A commander parser around a function that throws `CliError` for a bad value. */
export function checkedArg<T>(check: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return check(value);
    } catch (error) {
      if (error instanceof CliError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };
}

/** A semver version such as `1.2.0`. */
export function versionArg(value: string): string {
  const version = semver.valid(value);
  if (!version) throw new InvalidArgumentError(`"${value}" is not a semver version such as 1.2.0.`);
  return version;
}

/** A semver constraint such as `>=1.0.0`, `^2.1.0` or `1.2.3`. */
export function constraintArg(value: string): string {
  if (semver.validRange(value) === null) {
    throw new InvalidArgumentError(`"${value}" is not a version constraint such as ">=1.0.0" or "^2.1.0".`);
  }
  return value;
}
