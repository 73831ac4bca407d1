/** The body of every failed API response; the CLI loads it only to read a failure's message. */
import * as z from "zod/mini";
// For its English locale, so this shape words its issues as every other wire shape does.
import "./common.ts";

/** The `{error:{code,message}}` body of every failed API response. */
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
/** A failed API response. */
export type ErrorBody = z.output<typeof errorBody>;
