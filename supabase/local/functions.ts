/**
 * Starts real Deno (the `deno` npm package) serving the Edge Functions on the
 * platform's port (serve-functions.ts), as `supabase functions serve` would,
 * and waits until it listens.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const functionsDir = fileURLToPath(new URL("../functions/", import.meta.url));
const entry = fileURLToPath(new URL("./serve-functions.ts", import.meta.url));

/**
 * Path of the Deno executable from the `deno` npm package's platform
 * dependency. Spawned directly (not through the package's bin wrapper, which
 * runs Deno with spawnSync) so stopping it stops Deno itself.
 */
export function denoBinary(): string {
  const require = createRequire(import.meta.url);
  const denoPkg = dirname(require.resolve("deno/package.json"));
  const target = process.platform === "linux" ? `linux-${process.arch}-glibc` : `${process.platform}-${process.arch}`;
  const platformPkg = dirname(require.resolve(`@deno/${target}/package.json`, { paths: [denoPkg] }));
  return join(platformPkg, process.platform === "win32" ? "deno.exe" : "deno");
}

/** The running Deno process and the platform port it serves on. */
export interface FunctionsServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * @param port the platform's TCP port on 127.0.0.1; 0 picks a free one.
 * @param authUpstream origin of the auth emulator that `/auth/v1` is forwarded to.
 * @param env variables the functions read (SUPABASE_DB_URL, keys, limits); SUPABASE_URL is derived from the port.
 * @throws when Deno exits before listening (e.g. EADDRINUSE: the port is taken).
 */
export function startFunctions(port: number, authUpstream: string, env: Record<string, string>): Promise<FunctionsServer> {
  const child: ChildProcess = spawn(
    denoBinary(),
    ["run", "--quiet", "--no-prompt", `--config=${join(functionsDir, "deno.json")}`,
      // The workspace's node_modules (installed by yarn, at the versions deno.json pins)
      // instead of Deno's own npm cache: no download at start. The shipped deno.json says
      // nothing of node_modules, because a deployed bundle has none. No lockfile is written
      // into the functions folder.
      "--node-modules-dir=manual", "--no-lock",
      "--allow-net", "--allow-env", "--allow-read", "--allow-sys",
      // request.signal aborts only when the client goes away (the behaviour hosted functions will move to), not after every response.
      "--unstable-no-legacy-abort", entry],
    {
      env: { ...process.env, ...env, PLATFORM_PORT: String(port), AUTH_UPSTREAM: authUpstream, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // Kept until Deno listens: the reason it could not start goes into the error
  // (start.ts turns EADDRINUSE into a friendly line), not printed twice.
  let errors = "";
  const onError = (chunk: Buffer) => {
    errors += chunk.toString();
  };
  child.stderr?.on("data", onError);
  return new Promise((resolve, reject) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /platform listening on (\d+)/.exec(buffer);
      if (!match) return;
      child.stdout?.off("data", onData);
      child.stdout?.pipe(process.stdout);
      child.stderr?.off("data", onError);
      child.stderr?.pipe(process.stderr);
      resolve({
        port: Number(match[1]),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`Deno exited with code ${code} before serving the functions: ${errors.trim()}`)));
  });
}
