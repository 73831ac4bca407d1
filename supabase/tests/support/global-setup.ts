/**
 * Vitest global setup: one local platform on the embedded PGlite (HS256, the
 * shipped JWT mode) and one on a throwaway real PostgreSQL server (asymmetric
 * signing keys), shared by every test file. Integration tests run against both
 * (`platforms` below); the CLI's end-to-end tests use the embedded default, as
 * `yarn start` does.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startPlatform, type Platform } from "../../local/platform.ts";
import { SUITE_AUTH, writeConfig } from "./platform.ts";
import { startTempPostgres } from "./postgres-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    platforms: { name: "pglite" | "postgres"; url: string; apiUrl: string; dbUrl: string; anonKey: string }[];
  }
}

/** Small size limits so 413s are cheap to provoke; the real fixtures still fit. */
export const TEST_LIMITS = {
  SKILLS_MAX_VERSION_FILES: "100",
  SKILLS_MAX_FILE_BYTES: String(1024 * 1024),
  SKILLS_MAX_VERSION_BYTES: String(8 * 1024 * 1024),
};

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "skills-platform-"));
  const pg = await startTempPostgres();
  const running: { name: "pglite" | "postgres"; platform: Platform }[] = [];
  try {
    // The shipped config.toml, with confirmations off and limits out of reach (SUITE_AUTH),
    // in both JWT modes: the embedded platform in the shipped one (HS256, as `yarn start`),
    // the server one with asymmetric signing keys, so every test runs against each.
    const config = async (jwt: "hs256" | "asymmetric") => {
      const dir = join(dataDir, `config-${jwt}`);
      mkdirSync(dir);
      return writeConfig(dir, { jwt, auth: SUITE_AUTH });
    };
    const common = { port: 0, functionsEnv: TEST_LIMITS, log: () => {} };
    running.push({
      name: "pglite",
      platform: await startPlatform({ ...common, configPath: await config("hs256"), dataDir: join(dataDir, "embedded") }),
    });
    running.push({
      name: "postgres",
      platform: await startPlatform({ ...common, configPath: await config("asymmetric"), dataDir: join(dataDir, "server"), dbUrl: pg.url }),
    });
  } catch (error) {
    await Promise.all(running.map((r) => r.platform.stop()));
    pg.stop();
    throw error;
  }
  project.provide(
    "platforms",
    running.map(({ name, platform }) => ({
      name,
      url: platform.url,
      apiUrl: platform.apiUrl,
      dbUrl: platform.dbUrl,
      anonKey: platform.anonKey,
    })),
  );
  return async () => {
    await Promise.all(running.map((r) => r.platform.stop()));
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
