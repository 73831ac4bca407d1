/**
 * A minimal `node:http` adapter for web-standard fetch handlers, so the auth
 * emulator (and any other handler of the local stack) can listen on a port.
 * Generic: nothing here knows about auth.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A running server. */
export interface ServedFetch {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  url: string;
  port: number;
  /** Stops accepting connections and closes idle ones. */
  close(): Promise<void>;
}

/**
 * Serves `handler` over HTTP/1.1.
 * @param options port (0 or absent: a free one) and hostname (default 127.0.0.1).
 * @returns once listening.
 * @throws the listen error (e.g. EADDRINUSE).
 */
export async function serveFetch(
  handler: (req: Request) => Promise<Response>,
  options: { port?: number; hostname?: string } = {},
): Promise<ServedFetch> {
  const hostname = options.hostname ?? "127.0.0.1";
  const server = createServer((req, res) => {
    respond(handler, hostname, req, res).catch((error: unknown) => {
      console.error(`serveFetch: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

async function respond(
  handler: (req: Request) => Promise<Response>,
  hostname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
  const request = new Request(`http://${req.headers.host ?? hostname}${req.url ?? "/"}`, {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });

  const response = await handler(request);
  const outgoing: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") outgoing[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing["set-cookie"] = cookies;
  res.writeHead(response.status, outgoing);
  res.end(method === "HEAD" ? undefined : Buffer.from(await response.arrayBuffer()));
}
