/**
 * What every method of the extension shares: its request schemas (the SDK
 * does not know these methods, so each is declared with its method name and
 * its params checked here, where a bad one is a -32602 rather than the
 * SDK's -32603 for a request that fails its schema), the errors hosts
 * expect, and the caching hints results carry.
 */
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { toApiError } from "../../_shared/errors.ts";

/**
 * A JSON-RPC error the SDK sends as given: its `code` and its message
 * (the SDK's own McpError would prefix the message with "MCP error <code>:",
 * which a client's McpError then prefixes again).
 */
export class JsonRpcError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = "JsonRpcError";
  }
}

/** The request schema of `method`, accepting any params (checked by `paramsOf`). */
export function requestSchema<M extends string>(method: M) {
  return z.object({ method: z.literal(method), params: z.optional(z.unknown()) });
}

/** Params of a listing: an optional cursor. */
export const listParams = z.looseObject({ cursor: z.optional(z.string()) });

/** Params naming one resource, with an optional cursor (for paged reads). */
export const uriParams = z.looseObject({ uri: z.string(), cursor: z.optional(z.string()) });

/**
 * A request's params, checked.
 * @throws JsonRpcError -32602 naming the first problem.
 */
export function paramsOf<T>(schema: z.ZodType<T>, params: unknown): T {
  const parsed = schema.safeParse(params ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new JsonRpcError(ErrorCode.InvalidParams, `Invalid params: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`);
}

/** A URI cut to a length fit for an error message. */
const shown = (uri: string) => (uri.length > 300 ? `${uri.slice(0, 300)}…` : uri);

/** The one answer for a SKILL.md URI that is not a skill the caller can read, whatever the reason. */
export const noSkill = (uri: string) => new JsonRpcError(ErrorCode.InvalidParams, `No skill is served at ${shown(uri)}`);

/** The one answer for a URI that is not a file the caller can read. */
export const noResource = (uri: string) => new JsonRpcError(ErrorCode.InvalidParams, `No resource is served at ${shown(uri)}`);

/** The one answer for a URI that is not a directory the caller can read. */
export const noDirectory = (uri: string) => new JsonRpcError(ErrorCode.InvalidParams, `No directory resource is served at ${shown(uri)}`);

/** The answer for a cursor this server did not issue to this caller for this listing. */
export const badCursor = () =>
  new JsonRpcError(ErrorCode.InvalidParams, "Invalid cursor: pass back the nextCursor of this listing's previous page, as given");

/** Caching hints (ttlMs, cacheScope): every answer depends on who asks, so none may be shared between callers. */
export function cacheHints(ttlMs: number): { ttlMs: number; cacheScope: "private" } {
  return { ttlMs, cacheScope: "private" };
}

/** How long an answer about latest versions stays fresh: a publish may change it at any moment. */
export const LATEST_TTL_MS = 60_000;

/** How long an answer about an exact version stays fresh: its files never change. */
export const PINNED_TTL_MS = 86_400_000;

/**
 * Runs a handler, passing protocol errors through and turning anything else
 * into a JSON-RPC error: the API's message for a known refusal, a generic
 * one (the cause logged) for an unexpected failure.
 */
export async function answer<T>(method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof JsonRpcError) throw error;
    const apiError = toApiError(error);
    if (apiError.code === "INTERNAL_ERROR") {
      console.error(`[mcp ${method}]`, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      throw new JsonRpcError(ErrorCode.InternalError, "Internal error");
    }
    throw new JsonRpcError(ErrorCode.InternalError, `${apiError.code}: ${apiError.message}`);
  }
}
