/**
 * What an MCP tool is here: a record of name,
 * description written for a model, zod input and output shapes, annotations,
 * one handler and the text a model reads of its result. The registry
 * (`index.ts`) turns each into an SDK tool whose result is that text plus the
 * whole value as `structuredContent`: the result is never sent twice in full.
 */
import type { CallToolResult, ContentBlock, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { JwtClaims } from "../../_shared/auth.ts";
import { toApiError } from "../../_shared/errors.ts";

/** What a handler knows about the call beyond its arguments: who is calling. */
export interface ToolContext {
  claims: JwtClaims;
}

/**
 * One tool. `run` returns the structured result or throws an ApiError;
 * `summarize` turns that result into the content a model reads: a short
 * text (what a client without structured content shows), optionally with
 * more blocks such as a link to a resource.
 */
export interface SkillTool<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run(args: z.infer<z.ZodObject<I>>, context: ToolContext): Promise<z.infer<z.ZodObject<O>>>;
  summarize(result: z.infer<z.ZodObject<O>>): string | ContentBlock[];
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
 * Runs a handler and shapes its outcome as a CallToolResult: the summary as
 * content, the value as `structuredContent`. Failures become
 * tool errors (`isError`) the model can act on, prefixed with the API's error
 * code (`ApiError`, _shared/errors.ts);
 * an unexpected failure is logged (no arguments: they may hold user content)
 * and reported generically.
 */
export async function toolResult<T extends Record<string, unknown>>(
  name: string,
  run: () => Promise<T>,
  summarize: (result: T) => string | ContentBlock[],
): Promise<CallToolResult> {
  try {
    const data = await run();
    // Clients that read structuredContent get the whole value once; the
    // text is what a model reads, not the same JSON again.
    const summary = summarize(data);
    return { content: typeof summary === "string" ? [{ type: "text", text: summary }] : summary, structuredContent: data };
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === "INTERNAL_ERROR") {
      console.error(`[mcp tool ${name}]`, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    return { isError: true, content: [{ type: "text", text: `${apiError.code}: ${apiError.message}` }] };
  }
}
