/**
 * Request bodies as GoTrue reads them (retrieveRequestParams): a JSON object
 * whose known fields must have the right type, else 400 `bad_json`.
 */
import { AuthError } from "./errors.ts";

/** A parsed request body. */
export type Params = Record<string, unknown>;

/**
 * Reads the request body as a JSON object.
 * @throws AuthError 400 bad_json if it is not JSON or not an object.
 */
export async function readParams(req: Request): Promise<Params> {
  const text = await req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badJson(text.trim() === "" ? "unexpected end of JSON input" : (error as Error).message);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badJson("the body must be a JSON object");
  }
  return value as Params;
}

/**
 * A string field; absent or null reads as "" (Go's zero value).
 * @throws AuthError 400 bad_json if present with another type.
 */
export function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw badJson(`field "${name}" must be a string`);
  return value;
}

/**
 * An object field (e.g. signup `data`); absent or null reads as {}.
 * @throws AuthError 400 bad_json if present with another type.
 */
export function objectParam(params: Params, name: string): Record<string, unknown> {
  const value = params[name];
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw badJson(`field "${name}" must be an object`);
  return value as Record<string, unknown>;
}

function badJson(reason: string): AuthError {
  return new AuthError(400, "bad_json", `Could not parse request body as JSON: ${reason}`);
}
