/**
 * What the in-process CLI sends to the real server, seen through a
 * pass-through spy on `httpRequest` (the CLI's transport, which every API
 * call goes through): each request still goes over real HTTP, unchanged; the
 * spy only notes its method, path and JSON body.
 */
import { vi } from "vitest";
import * as http from "../../src/lib/http/transport.ts";

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
  const spy = vi.spyOn(http, "httpRequest");
  const all = (): SentRequest[] =>
    spy.mock.calls.flatMap(([url, request]) => {
      if (!url.startsWith(`${apiUrl}/`)) return [];
      const body = request.body === undefined || request.body instanceof URLSearchParams ? undefined : JSON.parse(JSON.stringify(request.body));
      return [{ method: request.method.toUpperCase(), path: url.slice(apiUrl.length).split("?")[0]!, body }];
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
