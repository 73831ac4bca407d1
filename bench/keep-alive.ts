/**
 * A JSON client on one kept-alive `node:http` connection, for benchmarks that
 * compare an HTTP route with a query on an already open database connection:
 * both sides then reuse a connection, and the HTTP side pays what the CLI pays
 * (the CLI speaks `node:http`, cli/src/lib/http/transport.ts), not undici's per-request
 * overhead (see bench/README.md).
 */
import { Agent, request } from "node:http";

/** A status and the parsed JSON body. */
export interface KeptAliveResponse {
  status: number;
  body: any;
}

/** One kept-alive connection; `close()` when done. */
export interface KeepAliveClient {
  /**
   * Sends `body` (JSON) with a bearer token and parses the JSON answer.
   * @throws on a transport error or a body that is not JSON.
   */
  call(method: string, url: string, options: { token?: string; body?: unknown }): Promise<KeptAliveResponse>;
  close(): void;
}

/** Opens a client whose requests share one socket, as a long-lived process would. */
export function keepAliveClient(): KeepAliveClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    call: (method, url, { token, body }) =>
      new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const headers: Record<string, string> = {
          accept: "application/json",
          ...(data ? { "content-type": "application/json", "content-length": String(data.length) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        };
        const outgoing = request(url, { method, agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
            } catch (error) {
              reject(error);
            }
          });
        });
        outgoing.on("error", reject);
        outgoing.end(data);
      }),
    close: () => agent.destroy(),
  };
}
