/** GET /api/health: 200 once the database answers, 503 before. */
import { Hono } from "hono";
import { databaseAnswers } from "../../_shared/db.ts";
import { errorBody, healthResponse } from "../../_shared/wire/index.ts";
import { reply, type AppEnv } from "../lib/http.ts";

export const healthRoutes = new Hono<AppEnv>().get("/health", async (c) => {
  if (await databaseAnswers()) return reply(c, healthResponse, { status: "ok" });
  return reply(c, errorBody, { error: { code: "UNAVAILABLE", message: "Database not ready" } }, 503);
});
