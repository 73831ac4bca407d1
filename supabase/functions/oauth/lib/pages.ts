/**
 * The HTML the authorization server shows: the login/consent page, the page
 * that asks to confirm the email after registering, the error page, the
 * page that shows a code to paste back (`--no-browser`), and the page a
 * confirmation link lands on. Inline CSS under a per-response nonce, no
 * framework, no third-party request, no script but the landing page's one
 * (allowed by its hash); hono/html escapes every interpolation.
 * Every page forbids framing and caching and sends no Referer.
 */
import { createHash } from "node:crypto";
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { randomToken } from "./secrets.ts";

const STYLE = `
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f4f5;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#18181b}
main{width:min(26rem,100% - 2rem);background:#fff;border:1px solid #e4e4e7;border-radius:12px;padding:2rem;margin:2rem 0}
h1{font-size:1.25rem;margin:0 0 1rem}p{margin:0 0 1rem}.muted{color:#52525b;font-size:.875rem}
label{display:block;font-size:.875rem;font-weight:600;margin:.75rem 0 .25rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.6rem .7rem;border:1px solid #a1a1aa;border-radius:8px;font:inherit}
.toggle{display:flex;gap:.5rem;align-items:center;margin:1rem 0 0}.toggle label{margin:0;font-weight:400}
.username{display:none}#register:checked~.username{display:block}
.error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:.6rem .8rem;border-radius:8px}
.notice{background:#eff6ff;border:1px solid #bfdbfe;color:#1e3a8a;padding:.6rem .8rem;border-radius:8px}
.actions{display:flex;gap:.75rem;margin-top:1.5rem}
button{flex:1;padding:.7rem;border:0;border-radius:8px;font:inherit;font-weight:600;background:#18181b;color:#fff;cursor:pointer}
button.secondary{background:#e4e4e7;color:#18181b}
code{display:block;padding:.8rem;background:#f4f4f5;border-radius:8px;font-size:1.1rem;word-break:break-all;user-select:all}`;

function page(nonce: string, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${title} · Agent Skills</title>
<style nonce="${nonce}">${raw(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
}

/**
 * Sends a page with its security headers.
 * @param csp.formTarget the origin a form on the page may be redirected to
 *   (the client's redirect URI); Chrome applies `form-action` to redirects.
 * @param csp.scriptHash `sha256-<base64>` of the one inline script the page may run.
 */
async function send(
  c: Context,
  status: PageStatus,
  render: (nonce: string) => ReturnType<typeof page>,
  csp: { formTarget?: string; scriptHash?: string } = {},
) {
  const nonce = randomToken();
  const formAction = ["'self'", csp.formTarget].filter(Boolean).join(" ");
  const script = csp.scriptHash ? ` script-src '${csp.scriptHash}';` : "";
  c.header("content-security-policy",
    `default-src 'none'; style-src 'nonce-${nonce}';${script} form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`);
  c.header("x-frame-options", "DENY");
  c.header("referrer-policy", "no-referrer");
  c.header("cache-control", "no-store");
  c.header("x-content-type-options", "nosniff");
  return c.html(await render(nonce), status);
}

/** The statuses a page is sent with. */
export type PageStatus = 200 | 400 | 401 | 403 | 409 | 429 | 503;

/** What the login page shows. */
export interface LoginPageProps {
  clientName: string;
  resource: string | null;
  /** Where the form posts: `<issuer>/authorize`. */
  action: string;
  ticket: string;
  /** Origin of the client's redirect URI, for the CSP (null for the paste flow). */
  redirectOrigin: string | null;
  error?: string;
  email?: string;
  username?: string;
  register?: boolean;
}

function loginForm(props: LoginPageProps) {
  return html`<form method="post" action="${props.action}">
<input type="hidden" name="ticket" value="${props.ticket}">
<label for="email">Email</label>
<input id="email" type="email" name="email" required maxlength="254" autocomplete="email" value="${props.email ?? ""}">
<label for="password">Password</label>
<input id="password" type="password" name="password" required maxlength="72" autocomplete="current-password">
<div class="toggle"><input type="checkbox" id="register" name="register" value="1"${props.register ? raw(" checked") : ""}>
<label for="register">Create a new account</label>
<div class="username"><label for="username">Username</label>
<input id="username" type="text" name="username" maxlength="39" autocomplete="username" value="${props.username ?? ""}">
<p class="muted">Your personal registry's name: lowercase letters, digits and hyphens.</p></div></div>
<div class="actions"><button type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="deny" class="secondary" formnovalidate>Deny</button></div>
</form>`;
}

/** The login/register form with the consent line naming the client and what it gets. */
export function loginPage(c: Context, props: LoginPageProps, status: PageStatus = 200) {
  return send(c, status, (nonce) =>
    page(nonce, "Log in", html`
<h1>Log in to Agent Skills</h1>
<p><strong>${props.clientName}</strong> is asking to act as you: read, search and publish skills in the registries you belong to.</p>
${props.resource ? html`<p class="muted">Access is for ${props.resource}</p>` : ""}
${props.error ? html`<p class="error" role="alert">${props.error}</p>` : ""}
${loginForm(props)}`), { formTarget: props.redirectOrigin ?? undefined });
}

/**
 * After a registration that needs the email confirmed: open the link, then
 * log in on the same form. Worded the same whether or not the email already
 * had an account (Auth mails nothing then, and the page must not tell).
 */
export function confirmEmailPage(c: Context, props: LoginPageProps & { email: string }) {
  return send(c, 200, (nonce) =>
    page(nonce, "Check your email", html`
<h1>Check your email</h1>
<p class="notice" role="status">To finish, open the confirmation link in the email sent to <strong>${props.email}</strong>, then log in below. If you already have an account with this email, just log in.</p>
<p><strong>${props.clientName}</strong> is asking to act as you: read, search and publish skills in the registries you belong to.</p>
${loginForm({ ...props, register: false })}`), { formTarget: props.redirectOrigin ?? undefined });
}

/** A refusal that must not redirect (unknown client, unregistered redirect URI, stale form). */
export function errorPage(c: Context, message: string, status: 400 | 403 = 400) {
  return send(c, status, (nonce) =>
    page(nonce, "Cannot continue", html`
<h1>Cannot continue</h1>
<p class="error" role="alert">${message}</p>
<p class="muted">Nothing was shared. Close this page and start again from the application.</p>`));
}

/** The paste flow's last step: the code to copy into the terminal. */
export function codePage(c: Context, clientName: string, code: string) {
  return send(c, 200, (nonce) =>
    page(nonce, "Your code", html`
<h1>Almost done</h1>
<p>Copy this code into the terminal where <strong>${clientName}</strong> is waiting:</p>
<code id="code">${code}</code>
<p class="muted">Only paste it into a login you started yourself. It works once, within 10 minutes.</p>`));
}

/**
 * The landing page's one script. Auth's link redirects here with the new
 * session (`#access_token=…&refresh_token=…`) or, for a spent or expired link,
 * `#error=…&error_code=…` in the fragment, which never reaches the server. The
 * script only looks for an error there, to show the right text, and otherwise
 * drops the fragment from the address bar and history. It never reads, keeps
 * or sends the tokens (and the CSP lets it connect nowhere): that session is
 * of no use here, since the CLI and an MCP client each get their own by
 * logging in, and a live refresh token left readable on this origin or in a
 * copied address would be one more way to take over the account.
 */
const LINK_STATE_SCRIPT =
  `if(/(^#|&)error(_code)?=/.test(location.hash)){document.getElementById("confirmed").hidden=true;` +
  `document.getElementById("invalid").hidden=false;document.title="Link invalid or expired · Agent Skills"}else if(location.hash)history.replaceState(null,"",location.pathname+location.search)`;
const LINK_STATE_SCRIPT_HASH = `sha256-${createHash("sha256").update(LINK_STATE_SCRIPT, "utf8").digest("base64")}`;

/**
 * Where a confirmation link lands (Auth's site_url): the email is confirmed,
 * log in next. Shows the invalid-link text instead when `invalid` is set (Auth
 * put the error in the query) or the fragment carries one (the script).
 */
export function emailConfirmedPage(c: Context, invalid: boolean) {
  return send(c, 200, (nonce) =>
    page(nonce, invalid ? "Link invalid or expired" : "Email confirmed", html`
<section id="confirmed"${invalid ? raw(" hidden") : ""}>
<h1>Email confirmed</h1>
<p class="notice" role="status">Your email address is confirmed. Now log in with it and your password:</p>
<p>In the terminal, run</p>
<code>skills login</code>
<p>Or go back to the application that sent you here (its Agent Skills login page) and log in there.</p>
<noscript><p class="muted">If this page's address holds <strong>error_code=</strong>, the link did not work: register again with the same email to get a new one.</p></noscript>
<p class="muted">You can close this page.</p>
</section>
<section id="invalid"${invalid ? "" : raw(" hidden")}>
<h1>Link invalid or expired</h1>
<p class="error" role="alert">This confirmation link is invalid or has expired.</p>
<p>If it was opened before (by you, or by a mail scanner), your email is already confirmed: log in with <strong>skills login</strong> or on the application's login page.</p>
<p>Otherwise register again with the same email (<strong>skills register</strong>, or "Create a new account" on the login page): a new link is sent to you. A link works once, for a limited time.</p>
</section>
<script>${raw(LINK_STATE_SCRIPT)}</script>`), { scriptHash: LINK_STATE_SCRIPT_HASH });
}
