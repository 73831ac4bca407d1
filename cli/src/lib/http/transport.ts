/**
 * The CLI's HTTP transport: one request over `node:http` / `node:https`,
 * its body sent as JSON (or a form, or raw bytes) and read back as JSON (or text).
 *
 * Hand-rolled on purpose, in place of ofetch: Node 20's `fetch` is undici,
 * bundled inside Node as JavaScript plus an llhttp WebAssembly parser. Its
 * first call pays to load that code, and V8's background optimisation of the
 * WebAssembly holds the process open after the last byte arrives, so the
 * process exits late even once its result is printed. `node:http` is part of
 * Node's snapshot and uses the native llhttp: nothing to load, and the
 * process exits at once. Warm `skills sync` is held to a small multiple of
 * `skills --version` (bench/cli.ts measures it; numbers in bench/README.md),
 * which leaves no room for either cost.
 */
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from "node:http";
import { createRequire } from "node:module";

/**
 * `node:http` and `node:https` by require(), loaded on first use (https
 * brings tls). An `import` of a built-in makes Node build an ES-module facade
 * that reads every one of its exports, and on Node 24 node:http exports
 * WebSocket and its events through getters that load undici, the very cost
 * this module avoids; require() hands over the exports object untouched.
 */
const requireBuiltin = createRequire(import.meta.url) as (id: "node:http" | "node:https") => typeof import("node:http");

/** One request. */
export interface HttpRequest {
  method: string;
  /** A `URLSearchParams` is sent form-encoded, a `Buffer` as application/octet-stream; anything else (not undefined) as JSON. */
  body?: unknown;
  query?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  /** The whole exchange, response body included, in milliseconds. */
  timeoutMs: number;
  /** The largest response body accepted, in bytes once decompressed (default 256 MiB): past it the response is cut off. */
  maxBytes?: number;
}

/** The name of the Error `httpRequest` throws for a response body over `maxBytes`. */
export const RESPONSE_TOO_LARGE = "ResponseTooLargeError";

function tooLarge(maxBytes: number): Error {
  return Object.assign(new Error(`response body over ${maxBytes} bytes`), { name: RESPONSE_TOO_LARGE });
}

/** A response of any status: `data` is the parsed JSON body, the text when it is not JSON, undefined when empty. */
export interface HttpResponse {
  status: number;
  ok: boolean;
  data: unknown;
  /** Header names in lower case, as Node gives them. */
  headers: IncomingHttpHeaders;
}

/** Redirects followed, as fetch follows them; an API behind a proxy needs one or two. */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Sends one request and reads the whole response, following redirects as
 * fetch does (a 303, or a 301/302 after a POST, continues as a GET without
 * the body; the `authorization` header is not sent to another origin). A
 * 4xx or 5xx is a response, not an error.
 * @throws the transport error as Node reports it (a system `code` such as ECONNREFUSED),
 *   an Error named TimeoutError once `timeoutMs` has passed, one named RESPONSE_TOO_LARGE for a
 *   body over `maxBytes` (read no further), or an Error after too many redirects.
 */
export async function httpRequest(url: string, request: HttpRequest): Promise<HttpResponse> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(request.query ?? {})) target.searchParams.set(key, value);
  const headers: Record<string, string> = { accept: "application/json", "accept-encoding": "gzip, deflate, br", ...request.headers };
  // A timer that destroys the request in flight, not an AbortSignal: handing http.request a
  // signal loads and runs cold stream and event-target code in every process (start-up cost: bench/README.md).
  let inFlight: ClientRequest | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    inFlight?.destroy();
  }, request.timeoutMs);
  try {
    return await follow(target, request.method, headers, encode(request.body), request.maxBytes ?? MAX_INFLATED_BYTES, (sent) => {
      inFlight = sent;
      if (timedOut) sent.destroy();
    });
  } catch (error) {
    if (!timedOut) throw error;
    throw Object.assign(new Error(`no answer within ${request.timeoutMs} ms`, { cause: error }), { name: "TimeoutError" });
  } finally {
    clearTimeout(timer);
  }
}

/** `httpRequest` without its deadline; `onSend` is told of each request as it goes out. */
async function follow(
  target: URL,
  method: string,
  headers: Record<string, string>,
  payload: Encoded,
  maxBytes: number,
  onSend: (sent: ClientRequest) => void,
): Promise<HttpResponse> {
  for (let redirects = 0; ; redirects++) {
    const response = await exchange(target, method, headers, payload, onSend);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (!REDIRECTS.has(status) || !location) {
      const text = await readBody(response, maxBytes);
      return { status, ok: status >= 200 && status < 300, data: decode(text, response.headers["content-type"]), headers: response.headers };
    }
    response.resume();
    if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, target);
    if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
      method = "GET";
      payload = {};
    }
    if (next.origin !== target.origin) delete headers.authorization;
    target = next;
  }
}

/** One request and its response head; https (and with it tls) loads only for an https URL. */
async function exchange(target: URL, method: string, headers: Record<string, string>, payload: Encoded, onSend: (sent: ClientRequest) => void): Promise<IncomingMessage> {
  const { request: send } = target.protocol === "https:" ? requireBuiltin("node:https") : requireBuiltin("node:http");
  const sent = payload.body ? { ...headers, "content-type": payload.type, "content-length": String(payload.body.length) } : headers;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = send(target, { method, headers: sent }, resolve);
    onSend(outgoing);
    outgoing.on("error", reject);
    outgoing.end(payload.body);
  });
}

type Encoded = { body?: undefined; type?: undefined } | { body: Buffer; type: string };

function encode(body: unknown): Encoded {
  if (body === undefined) return {};
  if (body instanceof URLSearchParams) return { body: Buffer.from(body.toString()), type: "application/x-www-form-urlencoded" };
  if (Buffer.isBuffer(body)) return { body, type: "application/octet-stream" };
  return { body: Buffer.from(JSON.stringify(body)), type: "application/json" };
}

/** The largest decompressed body accepted by default: a whole skill version in base64, with room to spare. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/**
 * The response body as text, decompressed when the server compressed it. Past `maxBytes`, read or
 * inflated, the response is destroyed at once: a hostile server's endless or tiny-but-explosive
 * body never lands in memory whole.
 */
async function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  // Events rather than `for await`: the stream's async iterator is more cold code to load per process.
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response
      .on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          response.destroy();
          reject(tooLarge(maxBytes));
        } else chunks.push(chunk);
      })
      .on("end", () => resolve(Buffer.concat(chunks)))
      .on("error", reject);
  });
  const encoding = response.headers["content-encoding"];
  if (!encoding || encoding === "identity" || raw.length === 0) return raw.toString("utf8");
  const zlib = await import("node:zlib");
  const inflate = { gzip: zlib.gunzipSync, deflate: zlib.inflateSync, br: zlib.brotliDecompressSync }[encoding];
  if (!inflate) throw new Error(`unsupported content-encoding ${encoding}`);
  try {
    return inflate(raw, { maxOutputLength: maxBytes }).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
    throw error;
  }
}

/** JSON when the server says so (or says nothing), else the text; a body that is not valid JSON stays text. */
function decode(text: string, contentType: string | undefined): unknown {
  if (text === "") return undefined;
  if (contentType && !/[/+]json\b/i.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
