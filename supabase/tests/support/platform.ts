/**
 * Local platforms with a chosen `config.toml`, for tests: the global setup's
 * two, and extra ones a test file starts for settings of its own (email
 * confirmation, small rate limits, a JWT mode). The config written is the
 * shipped supabase/config.toml with `[auth]` overrides, so a test runs the
 * same file format `yarn start --config` reads.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import postgres from "postgres";
import { parse, stringify } from "smol-toml";
import { DEFAULT_CONFIG_PATH, startPlatform, type Platform, type PlatformOptions } from "../../local/platform.ts";
// For its declaration of what vitest's inject("platforms") returns (type only: no import cycle at run time).
import type {} from "./global-setup.ts";

/** `[auth]` keys to set, as TOML values (nested tables for `email` and `rate_limit`). */
export type AuthOverrides = Record<string, unknown>;

/**
 * Settings under which the shared test platforms run: confirmations off, so a
 * signup is signed in at once, and rate limits no test run reaches (every test
 * calls from 127.0.0.1; the limits themselves are tested on platforms of their own).
 */
export const SUITE_AUTH: AuthOverrides = {
  email: { enable_confirmations: false },
  rate_limit: { sign_in_sign_ups: 1_000_000, token_refresh: 1_000_000, token_verifications: 1_000_000, email_sent: 1_000_000 },
};

/** A private ES256 JWK as `supabase gen signing-key --algorithm ES256` writes it. */
export async function generateSigningKey(kid: string = crypto.randomUUID()): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, use: "sig", key_ops: ["sign", "verify"], alg: "ES256", ext: true };
}

/**
 * Writes `<dir>/config.toml`: the shipped file with `auth` merged in; with
 * `jwt: "asymmetric"`, also `<dir>/signing_keys.json` (one new ES256 key) and
 * `signing_keys_path` pointing at it.
 * @returns the config file's path.
 */
export async function writeConfig(dir: string, options: { jwt: "hs256" | "asymmetric"; auth?: AuthOverrides }): Promise<string> {
  const config = parse(readFileSync(DEFAULT_CONFIG_PATH, "utf8")) as Record<string, unknown>;
  const auth = merge(config.auth as Record<string, unknown>, options.auth ?? {});
  if (options.jwt === "asymmetric") {
    writeFileSync(join(dir, "signing_keys.json"), JSON.stringify([await generateSigningKey()], null, 2), { mode: 0o600 });
    auth.signing_keys_path = "./signing_keys.json";
  } else {
    delete auth.signing_keys_path;
  }
  const file = join(dir, "config.toml");
  writeFileSync(file, stringify({ ...config, auth }));
  return file;
}

function merge(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    const bothTables = [value, current].every((v) => typeof v === "object" && v !== null && !Array.isArray(v));
    out[key] = bothTables ? merge(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

/** A test platform, with what it logged. */
export interface TestPlatform extends Platform {
  /** Every line the platform logged (confirmation links). */
  logs: string[];
  /** The latest confirmation link logged for an email. */
  confirmationLink(email: string): string | undefined;
}

/**
 * Starts a platform in a temp folder with its own config; stop() removes the folder.
 * @param options.db `postgres`: a fresh database on the suite's PostgreSQL
 *   server (freshDatabase); `pglite` (default): an embedded PGlite of its own.
 */
export async function startTestPlatform(
  options: { jwt: "hs256" | "asymmetric"; auth?: AuthOverrides; db?: "pglite" | "postgres" } & Pick<PlatformOptions, "functionsEnv">,
): Promise<TestPlatform> {
  const dir = mkdtempSync(join(tmpdir(), "skills-test-platform-"));
  const logs: string[] = [];
  try {
    const configPath = await writeConfig(dir, options);
    const platform = await startPlatform({
      port: 0,
      dataDir: join(dir, "data"),
      dbUrl: options.db === "postgres" ? await freshDatabase(await suitePostgresUrl()) : undefined,
      functionsEnv: options.functionsEnv,
      configPath,
      log: (line) => logs.push(line),
    });
    return {
      ...platform,
      logs,
      confirmationLink: (email) =>
        logs
          .map((line) => /^Confirmation link for (\S+): (\S+)$/.exec(line))
          .filter((m) => m?.[1] === email.toLowerCase())
          .at(-1)?.[2],
      stop: async () => {
        await platform.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The database URL of the suite's PostgreSQL platform (global-setup.ts).
 * vitest is imported here, not at the top: the benches load this module
 * outside vitest.
 */
async function suitePostgresUrl(): Promise<string> {
  const { inject } = await import("vitest");
  const server = inject("platforms").find((p) => p.name === "postgres");
  if (!server) throw new Error("the suite's PostgreSQL platform is not running");
  return server.dbUrl;
}

/**
 * Creates an empty database on the PostgreSQL server behind `adminUrl` (the
 * suite's server platform's dbUrl), so an extra platform migrates its own.
 * @returns its URL.
 */
export async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `test_${crypto.randomUUID().replace(/-/g, "")}`;
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
