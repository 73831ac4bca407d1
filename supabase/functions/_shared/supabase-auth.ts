/**
 * Supabase Auth as the functions call it: a `@supabase/supabase-js` client per
 * request (hosted GoTrue and the local emulator alike), the caller's address
 * handed on to Auth's rate limits, and what Auth's temporary refusals mean for
 * our callers.
 *
 * Auth limits sign-ups, sign-ins and token refreshes per client address. To
 * Auth a function is one client, so every user would share the function's
 * budget. Auth keys its limits on `Sb-Forwarded-For` instead when the request
 * carries a secret API key (on hosted Supabase once the project enables IP
 * address forwarding; otherwise the header is ignored), so the client uses the
 * project's secret key and forwards the caller's address whenever both exist.
 */
import { isIP } from "node:net";
import { createClient, isAuthRetryableFetchError, type AuthError, type SupabaseClient } from "@supabase/supabase-js";
import { env, requireEnv } from "./env.ts";
import { ApiError } from "./errors.ts";

/**
 * The address the request came from, as the platform in front of the
 * function vouches for it: `CF-Connecting-IP`. Hosted Supabase (custom domains
 * included) is served through Cloudflare, which sets it to the connecting
 * address and replaces any value a client sent, and the local platform's front
 * door does the same. X-Forwarded-For is not used: its first entry is whatever
 * the client wrote, and trusting it would give anyone a fresh budget per request.
 * @returns undefined when the header is absent or not an IP address (Auth then
 *   counts the request against the function's own address).
 */
export function callerAddress(headers: Headers): string | undefined {
  const value = headers.get("cf-connecting-ip")?.trim();
  return value && isIP(value) ? value : undefined;
}

/** The project's secret API key (`SUPABASE_SECRET_KEYS`, a JSON object of named keys), if it has one. */
function secretKey(): string | undefined {
  const keys = env("SUPABASE_SECRET_KEYS");
  if (!keys) return undefined;
  try {
    const parsed = JSON.parse(keys) as Record<string, unknown>;
    const key = parsed.default ?? Object.values(parsed)[0];
    return typeof key === "string" && key !== "" ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A client that keeps no session of its own (each request is independent).
 * @param caller the end user's address (callerAddress), forwarded when the
 *   project has a secret key; without one the legacy anon key is used.
 */
export function authClient(caller?: string): SupabaseClient {
  const secret = secretKey();
  return createClient(requireEnv("SUPABASE_URL"), secret ?? requireEnv("SUPABASE_ANON_KEY"), {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { headers: secret && caller ? { "sb-forwarded-for": caller } : {} },
  });
}

/** "5 minutes", "45 seconds", "1 hour": a wait, rounded up, for a message. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const hours = Math.ceil(seconds / 3600);
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

// GoTrue sends no Retry-After. Its per-address limits are token buckets refilled
// over 5-minute windows, its project-wide email limit counts per hour, and only
// the per-user mail interval (max_frequency) says how long is left.
const REQUEST_WINDOW_SECONDS = 300;
const EMAIL_WINDOW_SECONDS = 3600;

function retryAfterSeconds(error: AuthError): number {
  if (error.code !== "over_email_send_rate_limit") return REQUEST_WINDOW_SECONDS;
  const left = /after (\d+) seconds?/.exec(error.message);
  return left ? Math.max(1, Number(left[1])) : EMAIL_WINDOW_SECONDS;
}

/**
 * The ApiError for an Auth failure that says nothing about the request's
 * credentials: a rate limit (429 RATE_LIMITED, `retryAfter` from the window
 * above) or Auth unreachable or failing (503 UNAVAILABLE, logged); null for
 * Auth's other answers, which each caller words itself.
 */
export function temporaryAuthFailure(error: AuthError): ApiError | null {
  if (error.status === 429) {
    const wait = retryAfterSeconds(error);
    const what = error.code === "over_email_send_rate_limit" ? "Too many confirmation emails were requested" : "Too many sign-in attempts";
    return new ApiError("RATE_LIMITED", `${what}; try again in about ${waitText(wait)}.`, wait);
  }
  if (isAuthRetryableFetchError(error) || error.status === undefined || error.status >= 500) {
    console.error("[supabase auth]", error.name, error.status ?? "", error.message);
    return new ApiError("UNAVAILABLE", "Signing in is unavailable right now (Supabase Auth did not answer); try again in a minute.");
  }
  return null;
}
