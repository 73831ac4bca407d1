/**
 * The Client ID Metadata Document fetch under Node, against a real HTTPS
 * server on 127.0.0.1 whose certificate names hosts no resolver knows: the
 * resolver is injected, so a document arrives only over the connection the
 * code pinned to the address it checked, and every refusal can be seen to
 * happen before any connection.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fetchMetadataDocument, isPublicAddress, type FetchOptions } from "../../functions/oauth/lib/metadata-document.ts";

const TLS = join(import.meta.dirname, "../support/tls");
const cert = readFileSync(join(TLS, "example-test.crt"), "utf8");
const key = readFileSync(join(TLS, "example-test.key"), "utf8");

describe("which addresses count as public", () => {
  it("admits the public internet", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "151.101.1.69", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"]) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it("refuses loopback, private, link-local, CGNAT, metadata, unique-local, mapped, translated, multicast and reserved addresses", () => {
    for (const address of [
      "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254", "169.254.0.1",
      "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",
      "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
      "::", "::1", "::127.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:8.8.8.8", "64:ff9b::a00:1", "64:ff9b:1::1",
      "2001:db8::1", "2001::1", "2002:7f00:1::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "100::1",
      "not an address", "",
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });
});

describe("fetching a metadata document", () => {
  let server: Server;
  let origin: (host: string) => string;
  let connections: number;
  let requests: { servername: string | undefined; host: string | undefined; path: string | undefined }[];
  const names: Record<string, string[]> = {
    "app.example.test": ["127.0.0.1"],
    "other.example.test": ["127.0.0.1"],
    "internal.example.test": ["10.0.0.8"],
    "mixed.example.test": ["127.0.0.1", "169.254.169.254"],
  };
  // The test server stands in for a public host: its loopback address is the one exception.
  const options: FetchOptions = {
    resolve: async (host) => names[host] ?? [],
    isPublic: (address) => address === "127.0.0.1" || isPublicAddress(address),
    ca: [cert],
  };
  const documentFor = (clientId: string) => JSON.stringify({ client_id: clientId, client_name: "Example", redirect_uris: ["https://app.example.test/cb"] });

  beforeAll(async () => {
    server = createServer({ cert, key }, (req, res) => {
      requests.push({ servername: (req.socket as { servername?: string }).servername, host: req.headers.host, path: req.url });
      const here = `https://${req.headers.host}`;
      const routes: Record<string, () => void> = {
        "/client.json": () => res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=600" }).end(documentFor(`${here}${req.url}`)),
        "/to-internal": () => res.writeHead(302, { location: origin("internal.example.test") + "/client.json" }).end(),
        "/to-loopback-literal": () => res.writeHead(302, { location: "https://127.0.0.1/client.json" }).end(),
        "/loop": () => res.writeHead(302, { location: "/loop" }).end(),
        "/to-other": () => res.writeHead(307, { location: origin("other.example.test") + "/moved.json" }).end(),
        "/moved.json": () => res.writeHead(200).end(documentFor(origin("app.example.test") + "/to-other")),
        "/big.json": () => res.writeHead(200).end(" ".repeat(6000)),
      };
      (routes[req.url ?? ""] ?? (() => res.writeHead(404).end()))();
    });
    server.on("secureConnection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    origin = (host) => `https://${host}:${port}`;
  });
  beforeEach(() => {
    connections = 0;
    requests = [];
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("connects to the address it checked, with the URL's name for TLS and Host", async () => {
    const url = `${origin("app.example.test")}/client.json`;
    expect(await fetchMetadataDocument(url, options)).toEqual({ name: "Example", redirectUris: ["https://app.example.test/cb"], maxAgeSeconds: 600 });
    expect(requests).toEqual([{ servername: "app.example.test", host: new URL(url).host, path: "/client.json" }]);
  });

  it("refuses a name that resolves to loopback, before connecting", async () => {
    expect(await fetchMetadataDocument(`${origin("app.example.test")}/client.json`, { ...options, isPublic: isPublicAddress })).toBeNull();
    expect(connections).toBe(0);
  });

  it("refuses a name when any one of its addresses is not public", async () => {
    expect(await fetchMetadataDocument(`${origin("mixed.example.test")}/client.json`, options)).toBeNull();
    expect(connections).toBe(0);
  });

  it("refuses a redirect to a name that resolves to a private address, or to an IP literal", async () => {
    expect(await fetchMetadataDocument(`${origin("app.example.test")}/to-internal`, options)).toBeNull();
    expect(await fetchMetadataDocument(`${origin("app.example.test")}/to-loopback-literal`, options)).toBeNull();
    expect(requests.map((r) => r.path)).toEqual(["/to-internal", "/to-loopback-literal"]);
  });

  it("follows a redirect to a checked name, at most three times", async () => {
    const url = `${origin("app.example.test")}/to-other`;
    expect(await fetchMetadataDocument(url, options)).toMatchObject({ name: "Example" });
    expect(requests.map((r) => `${r.servername} ${r.path}`)).toEqual(["app.example.test /to-other", "other.example.test /moved.json"]);
    requests = [];
    expect(await fetchMetadataDocument(`${origin("app.example.test")}/loop`, options)).toBeNull();
    expect(requests).toHaveLength(4);
  });

  it("refuses a document over 5 KB and a name that does not resolve", async () => {
    expect(await fetchMetadataDocument(`${origin("app.example.test")}/big.json`, options)).toBeNull();
    expect(await fetchMetadataDocument(`${origin("nowhere.example.test")}/client.json`, options)).toBeNull();
  });
});
