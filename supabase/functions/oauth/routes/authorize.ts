/**
 * GET/POST /oauth/authorize (OAuth 2.1 §4.1). GET validates the
 * request and serves the login/consent page; POST (the form) logs the user
 * in or registers them, then redirects to the client with `code`, `state`
 * and `iss` (RFC 9207), or shows the code for the CLI's paste flow. A
 * registration whose email must be confirmed first gets the page that says so,
 * with the login form to use once the link is opened.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import { register, signIn } from "../../_shared/accounts.ts";
import { registerBody } from "../../_shared/wire/index.ts";
import { verifyAccessToken } from "../../_shared/auth.ts";
import { ApiError, toApiError, type ErrorCode } from "../../_shared/errors.ts";
import { callerAddress } from "../../_shared/supabase-auth.ts";
import type { UpstreamSession } from "../lib/accounts.ts";
import {
  PageError,
  RedirectError,
  redirectWith,
  validateAuthorizeRequest,
  type AuthorizeRequest,
} from "../lib/authorize-request.ts";
import { findClient, redirectRegistered } from "../lib/clients.ts";
import { issuer } from "../lib/config.ts";
import { browserBinding, issueTicket, redeemTicket } from "../lib/form-ticket.ts";
import { createCode } from "../lib/grants.ts";
import { codePage, confirmEmailPage, errorPage, loginPage, type PageStatus } from "../lib/pages.ts";

/** The redirect URI of the paste flow: the page shows the code instead of redirecting. */
export const PASTE_REDIRECT_URI = "urn:ietf:wg:oauth:2.0:oob";

const form = z.object({
  ticket: z.string().max(8000).optional(),
  action: z.enum(["allow", "deny"]).default("allow"),
  email: z.string().trim().max(254).default(""),
  password: z.string().max(200).default(""),
  register: z.literal("1").optional(),
  username: z.string().trim().max(39).default(""),
});

function redirectOrigin(redirectUri: string): string | null {
  return redirectUri === PASTE_REDIRECT_URI ? null : new URL(redirectUri).origin;
}

async function readForm(c: Context): Promise<z.infer<typeof form> | null> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(await c.req.text())) {
    if (key in fields) return null;
    fields[key] = value;
  }
  const parsed = form.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

/**
 * How the page words an account failure. A wrong password and an unknown email
 * read alike; a taken email (only refused with confirmations off) is worded so
 * it does not confirm the email, while a taken username is said as the api says it.
 */
function pageMessage(error: ApiError): string {
  if (error.code === "UNAUTHORIZED") return "Invalid email or password.";
  if (error.code === "EMAIL_NOT_CONFIRMED") {
    return "Confirm your email first: open the link in the email we sent you, then log in here.";
  }
  if (error.code === "CONFLICT" && !/username/i.test(error.message)) {
    return "Could not create an account with these details. If you already have one, log in instead.";
  }
  return error.message;
}

/** The account failures the page shows on the form again, with their status. */
const PAGE_ERRORS: Partial<Record<ErrorCode, PageStatus>> = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  EMAIL_NOT_CONFIRMED: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

async function finish(c: Context, request: AuthorizeRequest, clientName: string, session: UpstreamSession) {
  const claims = await verifyAccessToken(session.access_token);
  const code = await createCode(request, claims.sub, session.refresh_token);
  if (request.redirectUri === PASTE_REDIRECT_URI) return codePage(c, clientName, code);
  return c.redirect(redirectWith(request.redirectUri, { code, state: request.state, iss: issuer() }), 303);
}

/** The authorize endpoint. */
export const authorizeRoutes = new Hono()
  .get("/authorize", async (c) => {
    let validated;
    try {
      validated = await validateAuthorizeRequest(new URL(c.req.url).searchParams);
    } catch (error) {
      if (error instanceof PageError) return errorPage(c, error.message);
      if (error instanceof RedirectError) {
        return c.redirect(
          redirectWith(error.redirectUri, { error: error.error, error_description: error.message, state: error.state, iss: issuer() }),
          303,
        );
      }
      throw error;
    }
    const { request, client } = validated;
    const ticket = await issueTicket(request, browserBinding(c));
    return loginPage(c, {
      clientName: client.name,
      resource: request.resource,
      action: `${issuer()}/authorize`,
      ticket,
      redirectOrigin: redirectOrigin(request.redirectUri),
    });
  })
  .post("/authorize", async (c) => {
    const fields = await readForm(c);
    if (!fields) return errorPage(c, "The form was malformed. Start again from the application.");
    const request = await redeemTicket(c, fields.ticket);
    if (!request) {
      return errorPage(c, "This login form has expired or was not opened in this browser.", 403);
    }
    // The client may have been removed since the page was served.
    const client = await findClient(request.clientId);
    if (!client || !redirectRegistered(client, request.redirectUri)) {
      return errorPage(c, "This application is no longer registered with this server.");
    }
    if (fields.action === "deny") {
      if (request.redirectUri === PASTE_REDIRECT_URI) return errorPage(c, "You denied access. You can close this page.", 403);
      return c.redirect(
        redirectWith(request.redirectUri, { error: "access_denied", error_description: "The user denied access", state: request.state, iss: issuer() }),
        303,
      );
    }
    const props = {
      clientName: client.name,
      resource: request.resource,
      action: `${issuer()}/authorize`,
      ticket: fields.ticket!,
      redirectOrigin: redirectOrigin(request.redirectUri),
      email: fields.email,
      username: fields.username,
      register: fields.register === "1",
    };
    const again = (error: string, status: PageStatus) => loginPage(c, { ...props, error }, status);
    if (!fields.email || !fields.password) return again("Enter your email and password.", 400);
    const caller = callerAddress(c.req.raw.headers);
    try {
      if (!fields.register) return await finish(c, request, client.name, await signIn(fields.email, fields.password, caller));
      const parsed = registerBody.safeParse({ email: fields.email, password: fields.password, username: fields.username });
      if (!parsed.success) return again(toApiError(parsed.error).message, 400);
      const session = await register(parsed.data, caller);
      if (!session) return confirmEmailPage(c, { ...props, email: parsed.data.email });
      return await finish(c, request, client.name, session);
    } catch (error) {
      const status = error instanceof ApiError ? PAGE_ERRORS[error.code] : undefined;
      if (!(error instanceof ApiError) || !status) throw error;
      if (error.retryAfter !== undefined) c.header("retry-after", String(error.retryAfter));
      return again(pageMessage(error), status);
    }
  });
