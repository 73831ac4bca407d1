/**
 * The `api` Edge Function: a Hono app under `/api`, routes grouped
 * by resource, one error handler.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { corsMiddleware } from "../_shared/cors.ts";
import { ApiError } from "../_shared/errors.ts";
import { errorResponse, notFoundResponse } from "../_shared/respond.ts";
import { refuseUnstorableUrl } from "../_shared/text.ts";
import type { AppEnv } from "./lib/http.ts";
import { sizeLimits } from "../_shared/domain/limits.ts";
import { auditRoutes } from "./routes/audit.ts";
import { authRoutes } from "./routes/auth.ts";
import { blobRoutes } from "./routes/blobs.ts";
import { healthRoutes } from "./routes/health.ts";
import { invitationRoutes } from "./routes/invitations.ts";
import { issueRoutes } from "./routes/issues.ts";
import { maintainerRoutes } from "./routes/maintainers.ts";
import { memberRoutes } from "./routes/members.ts";
import { meRoutes } from "./routes/me.ts";
import { registryRoutes } from "./routes/registries.ts";
import { reviewRoutes } from "./routes/reviews.ts";
import { searchRoutes } from "./routes/search.ts";
import { skillRoutes } from "./routes/skills.ts";
import { syncRoutes } from "./routes/sync.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { versionStateRoutes } from "./routes/version-state.ts";
import { versionRoutes } from "./routes/versions.ts";

// base64 inflates bytes by 4/3; leave room for the JSON around them.
const maxBodyBytes = Math.ceil((sizeLimits().maxVersionBytes * 4) / 3) + 1024 * 1024;

/** The api app; `fetch` is what Deno.serve (or the local router) calls. */
export const app = new Hono<AppEnv>().basePath("/api");

app.use("*", corsMiddleware);
// Path and query parameters reach SQL from many routes; bodies are checked in parseBody.
app.use("*", refuseUnstorableUrl((message) => new ApiError("VALIDATION_ERROR", message)));
app.use(
  "*",
  bodyLimit({
    maxSize: maxBodyBytes,
    onError: () => {
      throw new ApiError("PAYLOAD_TOO_LARGE", `Request body exceeds ${maxBodyBytes} bytes`);
    },
  }),
);
app.onError(errorResponse);
app.notFound(notFoundResponse);

app.route("/", healthRoutes);
app.route("/", authRoutes);
app.route("/", meRoutes);
app.route("/", registryRoutes);
app.route("/", memberRoutes);
app.route("/", invitationRoutes);
app.route("/", skillRoutes);
app.route("/", versionRoutes);
app.route("/", maintainerRoutes);
app.route("/", issueRoutes);
app.route("/", searchRoutes);
app.route("/", syncRoutes);
app.route("/", blobRoutes);
app.route("/", tokenRoutes);
app.route("/", reviewRoutes);
app.route("/", versionStateRoutes);
app.route("/", auditRoutes);
