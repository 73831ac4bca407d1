/**
 * Bridges node:http to web-standard handlers (Request → Response), for the
 * auth emulator, and a streaming reverse proxy to the Deno functions server.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
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

/** Forwards a request to `127.0.0.1:<port>` with a rewritten path, streaming both ways. */
export function proxy(req: IncomingMessage, res: ServerResponse, port: number, path: string): void {
  const upstream = httpRequest(
    { host: "127.0.0.1", port, method: req.method, path, headers: req.headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "INTERNAL_ERROR", message: "Edge Functions are not reachable" } }));
  });
  req.pipe(upstream);
}
