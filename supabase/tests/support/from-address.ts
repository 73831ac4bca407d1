/**
 * HTTP requests sent from a chosen loopback address (127.0.0.2, 127.0.0.3, …),
 * so a test can play several users behind different addresses: Supabase Auth
 * counts its rate limits per client address, and the local platform takes the
 * address from the TCP connection, as hosted Supabase's edge does.
 */
import { request } from "node:http";

/** A response read whole. */
export interface AddressedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: any;
}

let next = 0;

/** A loopback address no other caller in this process has used (127.0.0.2 and up). */
export function freshAddress(): string {
  const n = next++;
  return `127.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
}

/**
 * Sends one request from `address` (never following redirects).
 * @param body a string is sent as is; anything else as JSON.
 */
export function fetchFrom(
  address: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<AddressedResponse> {
  const payload = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const headers: Record<string, string> = {
    ...(payload !== undefined && typeof init.body !== "string" ? { "content-type": "application/json" } : {}),
    ...init.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers, localAddress: address }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * Empties `address`'s budget at Supabase Auth's `/token` (every grant draws on
 * it) with requests Auth refuses cheaply, until it answers 429.
 * @returns how many requests it took.
 * @throws when Auth never rate-limits (the platform's limits are not small).
 */
export async function exhaustTokenBudget(platformUrl: string, anonKey: string, address: string): Promise<number> {
  for (let sent = 1; sent <= 200; sent++) {
    const res = await fetchFrom(address, `${platformUrl}/auth/v1/token?grant_type=refresh_token`, {
      method: "POST",
      headers: { apikey: anonKey },
      body: { refresh_token: "x" },
    });
    if (res.status === 429) return sent;
  }
  throw new Error(`Auth never answered 429 to ${address}`);
}

/** Like exhaustTokenBudget, for `/signup` (sign_in_sign_ups). */
export async function exhaustSignupBudget(platformUrl: string, anonKey: string, address: string): Promise<number> {
  for (let sent = 1; sent <= 200; sent++) {
    const res = await fetchFrom(address, `${platformUrl}/auth/v1/signup`, {
      method: "POST",
      headers: { apikey: anonKey },
      body: { email: "not-an-email", password: "" },
    });
    if (res.status === 429) return sent;
  }
  throw new Error(`Auth never answered 429 to ${address}`);
}
