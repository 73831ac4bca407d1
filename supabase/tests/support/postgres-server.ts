/**
 * A throwaway real PostgreSQL server for tests (the integration tests run on
 * PGlite and on a real server): `initdb` into a temp folder, `pg_ctl start`
 * on a free loopback port, removed on stop. Runs as `postgres` when we are
 * root, since PostgreSQL refuses to run as root.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A running server: a superuser URL and how to stop it. */
export interface TempPostgres {
  url: string;
  stop(): void;
}

function findBinDir(): string {
  const pathHit = (process.env.PATH ?? "").split(":").find((dir) => existsSync(join(dir, "pg_ctl")));
  // /usr/local/bin may hold only links to a few of the tools: use their real folder.
  if (pathHit) return dirname(realpathSync(join(pathHit, "pg_ctl")));
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(base, v, "bin")).find((dir) => existsSync(join(dir, "pg_ctl")));
  if (!found) throw new Error("PostgreSQL server binaries (initdb, pg_ctl) not found: install the postgresql package");
  return found;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts a new cluster; its `postgres` database is the one to use.
 * @throws when the binaries are missing or the server does not start.
 */
export async function startTempPostgres(): Promise<TempPostgres> {
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), "skills-pg-"));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin, cmd), asRoot ? ["-u", "postgres", "--", join(bin, cmd), ...args] : args, {
      stdio: "pipe",
    });
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString().trim()), 0);
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      run("pg_ctl", ["-D", data, "-w", "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, "start"]);
      break;
    } catch (error) {
      // Another process may have taken the port between freePort() and the start.
      if (attempt === 3) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
