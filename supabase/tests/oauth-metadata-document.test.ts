/**
 * The oauth function, on real Deno, never connects to an internal address
 * for a Client ID Metadata Document: a client_id whose host name resolves on
 * this machine to a loopback or private address (a name from /etc/hosts such
 * as the machine's own, which no name check can tell apart from a public
 * one) is refused before any connection is opened.
 */
import { lookup } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { oauthIssuer, pkcePair } from "./support/oauth.ts";

/** Loopback or private (RFC 1918, unique-local): enough to pick a name; the code's own list is wider. */
const INTERNAL = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|f[cd][0-9a-f]{2}:)/i;

/**
 * A host name that looks public but resolves only to internal addresses here, and one of them.
 * @throws when the machine has none (then this test cannot show anything: fix the machine, not the test).
 */
async function internalName(): Promise<{ name: string; address: string }> {
  const hostsNames = readFileSync("/etc/hosts", "utf8").split("\n")
    .flatMap((line) => line.replace(/#.*/, "").trim().split(/\s+/).slice(1));
  for (const name of [hostname(), ...hostsNames].map((n) => n.toLowerCase())) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(name) || /(^|\.)(localhost|local|internal)$/.test(name)) continue;
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length > 0 && addresses.every((a) => INTERNAL.test(a.address))) return { name, address: addresses[0]!.address };
  }
  throw new Error("No host name of this machine (hostname, /etc/hosts) resolves to an internal address");
}

describe.each(inject("platforms"))("client metadata documents on $name", ({ url }) => {
  let server: Server;
  let connections = 0;
  let clientId: string;

  beforeAll(async () => {
    const { name, address } = await internalName();
    // Anything listening there would be reached: count who connects.
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    clientId = `https://${name}:${(server.address() as AddressInfo).port}/client.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("refuses a client_id whose name resolves to an internal address, without connecting to it", async () => {
    const params = new URLSearchParams({
      response_type: "code", client_id: clientId, redirect_uri: "https://app.example.com/callback",
      code_challenge: pkcePair().challenge, code_challenge_method: "S256", state: "s",
    });
    const res = await fetch(`${oauthIssuer(url)}/authorize?${params}`, { redirect: "manual" });
    await res.text();
    expect(res.status).toBe(400);
    expect(connections).toBe(0);
  });
});
