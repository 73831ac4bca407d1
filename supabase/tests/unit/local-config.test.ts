/**
 * How the local platform reads config.toml's [auth] (as `supabase start`
 * does), the signing keys file, and GoTrue's rate limiters, without a database.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { loadJwtKeys } from "../../local/auth/keys.ts";
import { AddressLimiter, clientAddress, EmailLimiter } from "../../local/auth/rate-limits.ts";
import { CLI_DEFAULT_JWT_SECRET, ConfigError, loadAuthSettings, parseGoDuration } from "../../local/config.ts";
import { DEFAULT_CONFIG_PATH, startPlatform } from "../../local/platform.ts";
import { generateSigningKey } from "../support/platform.ts";

const dir = mkdtempSync(join(tmpdir(), "local-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a config file (TOML text), and other files beside it, in a folder of its own; returns its path. */
function configFile(toml: string, files: Record<string, string> = {}): string {
  const own = mkdtempSync(join(dir, "config-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(own, name), content);
  const file = join(own, "config.toml");
  writeFileSync(file, toml);
  return file;
}

function configError(file: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadAuthSettings(file, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message.startsWith(`${file}: `)).toBe(true);
    return message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadAuthSettings", () => {
  it("reads the shipped config.toml: hosted-safe values, site_url from SKILLS_SITE_URL", () => {
    const unset = loadAuthSettings(DEFAULT_CONFIG_PATH, {});
    expect(unset).toMatchObject({
      siteUrl: null,
      siteUrlEnv: "SKILLS_SITE_URL",
      additionalRedirectUrls: [],
      jwtExpiry: 3600,
      jwtSecret: CLI_DEFAULT_JWT_SECRET,
      enableSignup: true,
      email: { enableSignup: true, enableConfirmations: true, maxFrequency: 60, otpExpiry: 3600 },
      rateLimit: { signInSignUps: 30, tokenRefresh: 150, tokenVerifications: 30, emailSent: 30 },
    });
    expect(unset).not.toHaveProperty("signingKeysPath");
    expect(loadAuthSettings(DEFAULT_CONFIG_PATH, { SKILLS_SITE_URL: "https://skills.example.com" }).siteUrl).toBe(
      "https://skills.example.com",
    );
  });

  it("applies the Supabase CLI's defaults to keys the file leaves out", () => {
    expect(loadAuthSettings(configFile('project_id = "x"\n'), {})).toEqual({
      file: expect.any(String),
      siteUrl: "http://127.0.0.1:3000",
      additionalRedirectUrls: ["https://127.0.0.1:3000"],
      jwtExpiry: 3600,
      jwtSecret: CLI_DEFAULT_JWT_SECRET,
      enableSignup: true,
      refreshTokenReuseInterval: 10,
      email: { enableSignup: true, enableConfirmations: false, maxFrequency: 1, otpExpiry: 3600 },
      rateLimit: { signInSignUps: 30, tokenRefresh: 150, tokenVerifications: 30, emailSent: 2 },
    });
  });

  it("substitutes env(NAME) in any value, decoding numbers and booleans as the CLI does", () => {
    const file = configFile(`
[auth]
site_url = "env(SITE)"
jwt_expiry = "env(EXPIRY)"
jwt_secret = "env(SECRET)"
additional_redirect_urls = ["env(REDIRECT)", "https://fixed.example.com"]
signing_keys_path = "env(KEYS)"
[auth.email]
enable_confirmations = "env(CONFIRM)"
max_frequency = "env(FREQUENCY)"
[auth.rate_limit]
token_refresh = "env(REFRESH)"
`);
    const settings = loadAuthSettings(file, {
      SITE: "https://site.example.com",
      EXPIRY: "120",
      SECRET: "a-secret-of-more-than-16-chars",
      REDIRECT: "https://app.example.com/**",
      KEYS: "./keys/signing_keys.json",
      CONFIRM: "false",
      FREQUENCY: "1m30s",
      REFRESH: "7",
    });
    expect(settings).toMatchObject({
      siteUrl: "https://site.example.com",
      jwtExpiry: 120,
      jwtSecret: "a-secret-of-more-than-16-chars",
      additionalRedirectUrls: ["https://app.example.com/**", "https://fixed.example.com"],
      signingKeysPath: join(file, "..", "keys/signing_keys.json"),
      email: { enableConfirmations: false, maxFrequency: 90 },
      rateLimit: { tokenRefresh: 7 },
    });
  });

  it("names the file, the key and the problem for an invalid value", () => {
    const cases: [string, RegExp][] = [
      ["[auth]\njwt_expiry = 0", /: auth\.jwt_expiry: must be between 1 and 604800 \(got 0\)$/],
      ["[auth]\njwt_expiry = 604801", /: auth\.jwt_expiry: must be between 1 and 604800/],
      ['[auth]\njwt_expiry = "an hour"', /: auth\.jwt_expiry: must be a whole number of 0 or more \(got "an hour"\)$/],
      ["[auth]\njwt_expiry = 1.5", /: auth\.jwt_expiry: must be a whole number/],
      ['[auth]\nenable_signup = "maybe"', /: auth\.enable_signup: must be true or false \(got "maybe"\)$/],
      ["[auth.rate_limit]\nsign_in_sign_ups = -1", /: auth\.rate_limit\.sign_in_sign_ups: must be a whole number of 0 or more \(got -1\)$/],
      ['[auth.email]\nmax_frequency = "soon"', /: auth\.email\.max_frequency: must be a duration such as "60s" or "1m" \(got "soon"\)$/],
      ['[auth]\nsite_url = "not a url"', /: auth\.site_url: must be an absolute URL \(got "not a url"\)$/],
      ['[auth]\nsite_url = ""', /: auth\.site_url: must not be empty$/],
      ['[auth]\njwt_secret = "short"', /: auth\.jwt_secret: must be at least 16 characters$/],
      ["[auth]\nadditional_redirect_urls = [1]", /: auth\.additional_redirect_urls\[0\]: must be a string \(got 1\)$/],
      ['[auth]\nemail = "on"', /: auth\.email: must be a table$/],
      ['[auth]\njwt_secret = "env(NOT_SET_ANYWHERE)"', /: auth\.jwt_secret: environment variable NOT_SET_ANYWHERE is not set$/],
      ['[auth.email]\nenable_confirmations = "env(NOT_SET_ANYWHERE)"', /: auth\.email\.enable_confirmations: environment variable NOT_SET_ANYWHERE is not set$/],
    ];
    for (const [toml, expected] of cases) expect(configError(configFile(toml))).toMatch(expected);
  });

  it("reports a TOML syntax error with its line, and a missing file", () => {
    expect(configError(configFile('[auth]\nsite_url = "http://x\n'))).toMatch(/: invalid TOML at line 2, column \d+: /);
    expect(configError(join(dir, "missing.toml"))).toMatch(/missing\.toml: cannot be read \(ENOENT\)$/);
  });

  it("parses Go durations", () => {
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("1s")).toBe(1);
    expect(parseGoDuration("1m0s")).toBe(60);
    expect(parseGoDuration("1h30m")).toBe(5400);
    expect(parseGoDuration("1.5s")).toBe(1.5);
    expect(parseGoDuration("250ms")).toBe(0.25);
    expect(parseGoDuration("60")).toBeUndefined();
    expect(parseGoDuration("1 s")).toBeUndefined();
  });
});

describe("loadJwtKeys", () => {
  /** A config whose signing_keys_path names a file with `content` (none when undefined). */
  const withKeys = (content?: string) => {
    const toml = '[auth]\nsigning_keys_path = "./signing_keys.json"\n';
    const file = configFile(toml, content === undefined ? {} : { "signing_keys.json": content });
    return { file, load: () => loadJwtKeys(loadAuthSettings(file, {})) };
  };

  it("uses HS256 with the secret and an empty JWKS without signing_keys_path", async () => {
    const keys = await loadJwtKeys(loadAuthSettings(configFile("[auth]\n"), {}));
    expect(keys.mode).toBe("hs256");
    expect(keys.jwks).toEqual({ keys: [] });
    expect(keys.signing).toMatchObject({ alg: "HS256" });
    expect(keys.signing.kid).toBeUndefined();
  });

  it("reads ES256 and RS256 keys as `supabase gen signing-key` writes them, publishing only public parts", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const rsa = { ...(await exportJWK(privateKey)), kid: "rsa-old", use: "sig", key_ops: ["verify"], alg: "RS256", ext: true };
    const ec = await generateSigningKey("ec-current");
    const keys = await withKeys(JSON.stringify([rsa, ec])).load();
    expect(keys.mode).toBe("asymmetric");
    expect(keys.signing).toMatchObject({ alg: "ES256", kid: "ec-current" });
    expect(keys.jwks.keys.map((k) => k.kid)).toEqual(["rsa-old", "ec-current"]);
    for (const published of keys.jwks.keys) {
      expect(published).toMatchObject({ use: "sig", key_ops: ["verify"] });
      for (const privatePart of ["d", "p", "q", "dp", "dq", "qi"]) expect(published).not.toHaveProperty(privatePart);
    }
    expect(keys.jwks.keys[0]).toMatchObject({ kty: "RSA", n: rsa.n, e: rsa.e, alg: "RS256" });
  });

  it("refuses a keys file that is missing, not JSON, or has not exactly one signing key", async () => {
    const problems: [string | undefined, RegExp][] = [
      [undefined, /auth\.signing_keys_path: .*signing_keys\.json: cannot be read \(ENOENT\); create it with `supabase gen signing-key`$/],
      ["{not json", /signing_keys\.json: is not JSON$/],
      ["[]", /signing_keys\.json: must be a JSON array of private JWKs$/],
      [JSON.stringify([{ ...(await generateSigningKey("a")), key_ops: ["verify"] }]), /no signing key detected/],
      [JSON.stringify([await generateSigningKey("a"), await generateSigningKey("b")]), /multiple signing keys detected/],
      [JSON.stringify([{ ...(await generateSigningKey()), kid: undefined }]), /key #1 has no kid$/],
      [JSON.stringify([{ ...(await generateSigningKey("h")), alg: "HS256" }]), /key h: alg must be ES256 or RS256 \(got HS256\)$/],
      [JSON.stringify([{ ...(await generateSigningKey("p")), d: undefined }]), /key p: not a private EC P-256 JWK$/],
    ];
    for (const [content, expected] of problems) {
      const { file, load } = withKeys(content);
      const error = await load().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message.startsWith(`${file}: auth.signing_keys_path: `)).toBe(true);
    }
  });
});

describe("rate limiters", () => {
  it("lets 30 through at once, then refills at N per 5 minutes, per address", () => {
    const limiter = new AddressLimiter(30);
    const t0 = 1_000_000;
    for (let i = 0; i < 30; i++) limiter.take("10.0.0.1", t0);
    expect(() => limiter.take("10.0.0.1", t0)).toThrow(expect.objectContaining({ status: 429, errorCode: "over_request_rate_limit" }));
    limiter.take("10.0.0.2", t0);
    // 30 per 5 minutes is one token every 10 s.
    expect(() => limiter.take("10.0.0.1", t0 + 9_000)).toThrow();
    limiter.take("10.0.0.1", t0 + 10_500);
    expect(() => limiter.take("10.0.0.1", t0 + 10_600)).toThrow();
  });

  it("counts mails project-wide per hour, and none at all with email_sent = 0", () => {
    const limiter = new EmailLimiter(2, 0);
    limiter.take(1);
    limiter.take(2);
    expect(() => limiter.take(3)).toThrow(expect.objectContaining({ status: 429, errorCode: "over_email_send_rate_limit" }));
    limiter.take(60 * 60_000 + 1);
    expect(() => new EmailLimiter(0, 0).take(1)).toThrow();
  });

  it("keys on a forwarded IP only when forwarding is allowed, in one spelling", () => {
    const headers = new Headers({ "x-forwarded-for": "192.0.2.1, 10.0.0.1", "sb-forwarded-for": " ::FFFF:198.51.100.7 , 1.1.1.1" });
    expect(clientAddress(headers, true)).toBe("198.51.100.7");
    expect(clientAddress(headers, false)).toBe("192.0.2.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "192.0.2.1", "sb-forwarded-for": "not-an-ip" }), true)).toBe("192.0.2.1");
    expect(clientAddress(new Headers({ "sb-forwarded-for": "2001:DB8::0:1" }), true)).toBe("2001:db8::1");
    expect(clientAddress(new Headers(), true)).toBeUndefined();
  });
});

describe("startPlatform and yarn start with a config", () => {
  const start = fileURLToPath(new URL("../../local/start.ts", import.meta.url));
  const run = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", start, ...args], { encoding: "utf8" });

  it("refuses an invalid config before starting anything", async () => {
    const file = configFile("[auth]\njwt_expiry = -5\n");
    await expect(startPlatform({ port: 0, dataDir: join(dir, "never"), configPath: file })).rejects.toThrow(ConfigError);
    const failed = await run("--config", file, "--port", "0", "--data-dir", join(dir, "never")).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 2, stderr: `Invalid config: ${file}: auth.jwt_expiry: must be a whole number of 0 or more (got -5)\n` });
  });

  it("lists --config in --help", async () => {
    const { stdout } = await run("--help");
    expect(stdout).toMatch(/--config supabase\/config\.toml/);
    expect(stdout).toMatch(/--config\s+the Supabase CLI config whose \[auth\] settings apply/);
  });
});
