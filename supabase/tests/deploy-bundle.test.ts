/**
 * What `supabase functions deploy` ships resolves on its own: the folder
 * supabase/functions and nothing else (no node_modules, no package.json),
 * read by a Deno with an empty cache that must fetch every npm: package
 * from the registry, as the hosted bundler does. Each function entry is
 * type-checked and started from such a copy and answers over HTTP.
 *
 * Needs the npm registry this machine is set up with (`npm config get
 * registry`, handed to Deno as NPM_CONFIG_REGISTRY). The local platform, by
 * contrast, needs no registry: it runs the same functions from the
 * workspace's node_modules.
 */
import { spawn, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { denoBinary, startFunctions } from "../local/functions.ts";

const functionsDir = fileURLToPath(new URL("../functions/", import.meta.url));
const ENTRIES = ["api", "oauth", "mcp"] as const;

/** Runs Deno in `cwd` and resolves with its exit code and output. */
function deno(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(denoBinary(), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve({ code, output }));
  });
}

/** Starts one entry with `deno run` and resolves with its origin once Deno.serve listens. */
function serveEntry(cwd: string, entry: string, env: Record<string, string>): Promise<{ origin: string; stop(): void }> {
  const child = spawn(
    denoBinary(),
    ["run", "--config=deno.json", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", `${entry}/index.ts`],
    { cwd, env: { ...env, DENO_SERVE_ADDRESS: "tcp:127.0.0.1:0" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ origin: match[1]!, stop: () => child.kill("SIGTERM") });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${entry} exited with ${code}: ${output}`)));
  });
}

describe("the deployed functions folder, alone", () => {
  const root = mkdtempSync(join(tmpdir(), "skills-deploy-"));
  const bundle = join(root, "functions");
  // The postgres platform's database, so the api's health check has something to reach.
  const { dbUrl } = inject("platforms").find((p) => p.name === "postgres")!;
  const publicUrl = "https://project-ref.supabase.co";
  // The machine's own environment (proxy and CA settings reach Deno), with a cache of its own.
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NO_COLOR: "1",
    DENO_DIR: join(root, "deno-dir"),
    // As the Supabase CLI's bundler runs when a function has an import map: no package.json discovery.
    DENO_NO_PACKAGE_JSON: "1",
    NPM_CONFIG_REGISTRY: execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim(),
    SUPABASE_URL: publicUrl,
    SUPABASE_DB_URL: dbUrl,
    SUPABASE_ANON_KEY: "unused-here",
  };

  beforeAll(() => {
    cpSync(functionsDir, bundle, { recursive: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("has no node_modules or package.json to lean on", () => {
    for (let dir = bundle; ; dir = dirname(dir)) {
      expect(existsSync(join(dir, "node_modules")), dir).toBe(false);
      expect(existsSync(join(dir, "package.json")), dir).toBe(false);
      if (dir === parse(dir).root) break;
    }
  });

  it("type-checks every entry with a fresh Deno cache", async () => {
    const result = await deno(["check", "--config=deno.json", ...ENTRIES.map((e) => `${e}/index.ts`)], bundle, env);
    expect(result.code, result.output).toBe(0);
  }, 180_000);

  it.each([
    ["api", "/api/health", (body: Record<string, unknown>) => expect(body).toEqual({ status: "ok" })],
    ["oauth", "/oauth/.well-known/oauth-authorization-server",
      (body: Record<string, unknown>) => expect(body.issuer).toBe(`${publicUrl}/functions/v1/oauth`)],
    ["mcp", "/mcp/.well-known/oauth-protected-resource",
      (body: Record<string, unknown>) => expect(body.resource).toBe(`${publicUrl}/functions/v1/mcp`)],
  ] as const)("starts %s and answers %s", async (entry, path, check) => {
    const server = await serveEntry(bundle, entry, env);
    try {
      const res = await fetch(`${server.origin}${path}`);
      expect(res.status).toBe(200);
      check((await res.json()) as Record<string, unknown>);
    } finally {
      server.stop();
    }
  }, 120_000);
});

describe("the local platform's functions", () => {
  it("load from the workspace's node_modules, with an empty Deno cache and no registry to reach", async () => {
    const denoDir = mkdtempSync(join(tmpdir(), "skills-deno-dir-"));
    try {
      const { dbUrl } = inject("platforms").find((p) => p.name === "postgres")!;
      // Resolves once every function module has been imported (startFunctions waits for that line).
      const functions = await startFunctions(0, "http://127.0.0.1:9", {
        DENO_DIR: denoDir,
        NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/",
        SUPABASE_DB_URL: dbUrl,
      });
      try {
        const res = await fetch(`http://127.0.0.1:${functions.port}/functions/v1/api/health`);
        expect(res.status).toBe(200);
      } finally {
        await functions.stop();
      }
    } finally {
      rmSync(denoDir, { recursive: true, force: true });
    }
  }, 60_000);
});
