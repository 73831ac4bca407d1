/**
 * GoTrue's rate limiters (internal/api/apilimiter, internal/ratelimit) and the
 * client address they are keyed on (internal/api/middleware.go
 * performRateLimiting, internal/sbff):
 *   - per-address token buckets (tollbooth): capacity 30, refilled at
 *     `[auth.rate_limit]` N per 5 minutes, forgotten an hour after first use;
 *   - the project-wide email limiter: N mails per hour, counted in fixed
 *     hourly intervals; N = 0 sends none.
 */
import { isIP } from "node:net";
import { AuthError } from "./errors.ts";

const BURST = 30;
const FIVE_MINUTES_MS = 5 * 60_000;
const HOUR_MS = 60 * 60_000;

/** A per-address token bucket limiter, as GoTrue's newLimiterPer5mOver1h. */
export class AddressLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; created: number }>();
  private readonly refillPerMs: number;

  /** @param perFiveMinutes the `[auth.rate_limit]` value: tokens added per 5 minutes. */
  constructor(perFiveMinutes: number) {
    this.refillPerMs = perFiveMinutes / FIVE_MINUTES_MS;
  }

  /**
   * Takes one token for `address`.
   * @throws AuthError 429 over_request_rate_limit when its bucket is empty.
   */
  take(address: string, now = Date.now()): void {
    let bucket = this.buckets.get(address);
    if (bucket && now - bucket.created >= HOUR_MS) bucket = undefined;
    if (!bucket) {
      if (this.buckets.size > 10_000) this.sweep(now);
      bucket = { tokens: BURST, at: now, created: now };
      this.buckets.set(address, bucket);
    }
    bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    if (bucket.tokens < 1) throw new AuthError(429, "over_request_rate_limit", "Request rate limit reached");
    bucket.tokens -= 1;
  }

  private sweep(now: number): void {
    for (const [address, bucket] of this.buckets) if (now - bucket.created >= HOUR_MS) this.buckets.delete(address);
  }
}

/** The project-wide limit on mails sent, as GoTrue's IntervalLimiter over an hour. */
export class EmailLimiter {
  private intervalStart: number;
  private count = 0;

  /** @param perHour `[auth.rate_limit] email_sent`. */
  constructor(
    private readonly perHour: number,
    now = Date.now(),
  ) {
    this.intervalStart = now;
  }

  /**
   * Counts one mail.
   * @throws AuthError 429 over_email_send_rate_limit when this hour's mails are used up.
   */
  take(now = Date.now()): void {
    const elapsed = Math.floor((now - this.intervalStart) / HOUR_MS);
    if (elapsed > 0) {
      this.intervalStart += elapsed * HOUR_MS;
      this.count = 0;
    }
    if (this.count >= this.perHour) throw new AuthError(429, "over_email_send_rate_limit", "email rate limit exceeded");
    this.count += 1;
  }
}

/** The limiters of one emulator, built from `[auth.rate_limit]`. */
export interface RateLimits {
  /** POST /signup (`sign_in_sign_ups`). */
  signups: AddressLimiter;
  /** POST /token, every grant (`token_refresh`). */
  token: AddressLimiter;
  /** GET/POST /verify (`token_verifications`). */
  verify: AddressLimiter;
  /** Confirmation mails (`email_sent`). */
  email: EmailLimiter;
}

/** Builds the limiters; values are `[auth.rate_limit]`'s. */
export function createRateLimits(limits: { signInSignUps: number; tokenRefresh: number; tokenVerifications: number; emailSent: number }): RateLimits {
  return {
    signups: new AddressLimiter(limits.signInSignUps),
    token: new AddressLimiter(limits.tokenRefresh),
    verify: new AddressLimiter(limits.tokenVerifications),
    email: new EmailLimiter(limits.emailSent),
  };
}

/** The header GoTrue's limiter reads (GOTRUE_RATE_LIMIT_HEADER), set by the gateway in front of it. */
export const RATE_LIMIT_HEADER = "x-forwarded-for";

/**
 * The address a request is rate-limited as, as GoTrue picks it: the leftmost
 * `Sb-Forwarded-For` value when it is an IP address and the caller may forward
 * one (hosted Supabase allows it only with a secret API key), otherwise the
 * leftmost value of the gateway's X-Forwarded-For.
 * @returns undefined when there is no address: GoTrue then applies no limit.
 */
export function clientAddress(headers: Headers, mayForward: boolean): string | undefined {
  const forwarded = mayForward ? leftmost(headers.get("sb-forwarded-for")) : undefined;
  if (forwarded && isIP(forwarded)) return normalizeIp(forwarded);
  return leftmost(headers.get(RATE_LIMIT_HEADER)) || undefined;
}

function leftmost(value: string | null): string | undefined {
  return value?.split(",", 1)[0]?.trim();
}

// Go's net.ParseIP(...).String(): one spelling per address (IPv4-mapped IPv6 as IPv4, lowercase hex).
function normalizeIp(ip: string): string {
  if (isIP(ip) === 4) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}
