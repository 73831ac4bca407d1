/**
 * What an MCP tool is here: a record of name,
 * description written for a model, zod input and output shapes, annotations
 * and one handler. The registry (`index.ts`) turns each into an SDK tool whose
 * result is the JSON text plus the same value as `structuredContent`.
 */
import type { ToolAnnotations, CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { JwtClaims } from "../../_shared/auth.ts";
import { toApiError } from "../../_shared/errors.ts";

/** What a handler knows about the call beyond its arguments: who is calling. */
export interface ToolContext {
  claims: JwtClaims;
}

/** One tool. `run` returns the structured result or throws an ApiError. */
export interface SkillTool<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run(args: z.infer<z.ZodObject<I>>, context: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
}

/** Identity with inference: keeps each tool file's handler typed against its own shapes. */
export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(tool: SkillTool<I, O>): SkillTool<I, O> {
  return tool;
}

/** Annotations of a tool that only reads (MCP "Tool annotations"). */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

/** Annotations of a tool that adds data and never destroys any. */
export const ADDITIVE_WRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: false,
};

/**
 * Runs a handler and shapes its outcome as a CallToolResult. Failures become
 * tool errors (`isError`) the model can act on, prefixed with the API's error
 * code (`ApiError`, _shared/errors.ts);
 * an unexpected failure is logged (no arguments: they may hold user content)
 * and reported generically.
 */
export async function toolResult(name: string, run: () => Promise<Record<string, unknown>>): Promise<CallToolResult> {
  try {
    const data = await run();
    // MCP 2025-11-25 "Structured Content": also return the serialized JSON as text for older clients.
    return { content: [{ type: "text", text: JSON.stringify(data) }], structuredContent: data };
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === "INTERNAL_ERROR") {
      console.error(`[mcp tool ${name}]`, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    return { isError: true, content: [{ type: "text", text: `${apiError.code}: ${apiError.message}` }] };
  }
}
