/**
 * Bridges node:http to web-standard handlers (Request → Response), for the
 * auth emulator.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";

/** A web-standard request handler. */
export type FetchHandler = (req: Request) => Promise<Response>;

/** Runs a fetch-style handler for a node:http request and writes its response. */
export async function serveWithFetch(handler: FetchHandler, req: IncomingMessage, res: ServerResponse, origin: string) {
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
    // Required by undici for a streamed request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await handler(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  }
  res.end();
}
