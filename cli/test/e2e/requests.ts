/**
 * What the in-process CLI sends to the real server, seen through a
 * pass-through spy on `globalThis.fetch` (which ofetch calls for every
 * request): each request still goes over real HTTP, unchanged; the spy only
 * notes its method, path and JSON body.
 */
import { vi } from "vitest";

/** One request as sent: `path` is relative to the API URL, without the query. */
export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

/** A running watch of the requests to one API URL. */
export interface RequestWatch {
  /** Requests since the watch started or was last cleared, in order. */
  all(): SentRequest[];
  /** The same as `METHOD /path` lines. */
  lines(): string[];
  /** The sha256 lists of every POST /blobs. */
  blobCalls(): string[][];
  /** Forgets what was seen so far. */
  clear(): void;
  /** Removes the spy. */
  stop(): void;
}

/** Starts watching requests to `apiUrl` (other URLs are ignored). */
export function watchRequests(apiUrl: string): RequestWatch {
  const spy = vi.spyOn(globalThis, "fetch");
  const all = (): SentRequest[] =>
    spy.mock.calls.flatMap(([input, init]) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith(`${apiUrl}/`)) return [];
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const text = typeof init?.body === "string" ? init.body : undefined;
      return [{ method, path: url.slice(apiUrl.length).split("?")[0]!, body: text === undefined ? undefined : JSON.parse(text) }];
    });
  return {
    all,
    lines: () => all().map((r) => `${r.method} ${r.path}`),
    blobCalls: () => all().filter((r) => r.method === "POST" && r.path === "/blobs").map((r) => (r.body as { sha256: string[] }).sha256),
    clear: () => {
      spy.mockClear();
    },
    stop: () => {
      spy.mockRestore();
    },
  };
}
