/**
 * The `oauth` Edge Function (spec §4). Its authorization server arrives with
 * the OAuth issue; until then every route answers the spec's error shape.
 */
import { Hono } from "hono";
import { corsMiddleware } from "../_shared/cors.ts";
import { errorResponse, notFoundResponse } from "../_shared/respond.ts";

/** The oauth app under `/oauth`. */
export const app = new Hono().basePath("/oauth");
app.use("*", corsMiddleware);
app.onError(errorResponse);
app.notFound(notFoundResponse);
