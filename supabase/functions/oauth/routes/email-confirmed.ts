/**
 * `GET /oauth/email-confirmed`: the page Supabase Auth sends a browser to
 * after a confirmation link (the project's site_url points here), so a user
 * who confirms sees what to do next instead of an error page.
 */
import { Hono } from "hono";
import { emailConfirmedPage } from "../lib/pages.ts";

/**
 * Auth's verify redirect carries `error`, `error_code` and `error_description`
 * for a spent or expired link: in the fragment always (which only the page's
 * script sees), in the query as well for a PKCE-flow link.
 */
export const emailConfirmedRoutes = new Hono().get("/email-confirmed", (c) =>
  emailConfirmedPage(c, c.req.query("error") !== undefined || c.req.query("error_code") !== undefined)
);
