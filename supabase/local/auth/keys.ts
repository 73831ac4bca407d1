/**
 * The emulator's JWT keys, chosen as the Supabase CLI chooses them: with
 * `[auth] signing_keys_path`, the asymmetric keys of that file (a JSON array of
 * private JWKs as `supabase gen signing-key` writes them), published through
 * the JWKS; without it, the legacy HS256 secret (`[auth] jwt_secret`), whose
 * JWKS is empty, as for a legacy hosted project. Both modes live in config,
 * so tokens and API keys stay valid across restarts.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { importJWK, SignJWT, type JWK } from "jose";
import { ConfigError, type AuthSettings } from "../config.ts";

/** The algorithms GoTrue signs with: ES256/RS256 from signing keys, HS256 from the secret. */
export type SigningAlg = "ES256" | "RS256" | "HS256";

/** Keys to sign and verify every token, and what the JWKS endpoint publishes. */
export interface JwtKeys {
  mode: "asymmetric" | "hs256";
  /** The one key new tokens are signed with; `kid` is absent in HS256 mode (no kid header). */
  signing: { alg: SigningAlg; kid?: string; key: CryptoKey | Uint8Array };
  /** Public keys of the signing keys file, by kid (empty in HS256 mode). */
  publicKeys: Map<string, { alg: SigningAlg; key: CryptoKey }>;
  /**
   * The JWT secret. GoTrue verifies HS256 tokens with it in both modes (the
   * CLI runs Auth with HS256, RS256 and ES256 all valid).
   */
  secret: Uint8Array;
  /** The body of `GET /auth/v1/.well-known/jwks.json`: public parts only. */
  jwks: { keys: JWK[] };
}

/** The roles a legacy API key (SUPABASE_ANON_KEY / SUPABASE_SERVICE_ROLE_KEY) may carry. */
export type ApiKeyRole = "anon" | "service_role";

/**
 * Loads the keys for the configured mode.
 * @throws ConfigError naming the config file, `auth.signing_keys_path` and the
 *   problem when the keys file is missing, not JSON, or not exactly one signing key.
 */
export async function loadJwtKeys(settings: Pick<AuthSettings, "file" | "signingKeysPath" | "jwtSecret">): Promise<JwtKeys> {
  const secret = new TextEncoder().encode(settings.jwtSecret);
  if (!settings.signingKeysPath) {
    return { mode: "hs256", signing: { alg: "HS256", key: secret }, publicKeys: new Map(), secret, jwks: { keys: [] } };
  }
  const path = settings.signingKeysPath;
  const fail = (problem: string): never => {
    throw new ConfigError(`${settings.file}: auth.signing_keys_path: ${path}: ${problem}`);
  };
  let text = "";
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); create it with \`supabase gen signing-key\``);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail("is not JSON");
  }
  if (!Array.isArray(parsed) || parsed.length === 0) fail("must be a JSON array of private JWKs");
  const jwks = parsed as JWK[];

  const publicKeys = new Map<string, { alg: SigningAlg; key: CryptoKey }>();
  const published: JWK[] = [];
  let signing: JwtKeys["signing"] | undefined;
  for (const [index, jwk] of jwks.entries()) {
    if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) fail(`key #${index + 1} is not a JWK object`);
    const { alg, kid } = jwk;
    const where = `key ${kid ?? `#${index + 1}`}`;
    if (!kid) fail(`${where} has no kid`);
    if (alg !== "ES256" && alg !== "RS256") fail(`${where}: alg must be ES256 or RS256 (got ${String(alg)})`);
    const material = keyMaterial(jwk);
    if (!material) fail(`${where}: not a private ${alg === "ES256" ? "EC P-256" : "RSA"} JWK`);
    let privateKey: CryptoKey;
    let publicKey: CryptoKey;
    try {
      privateKey = (await importJWK(material!.private, alg)) as CryptoKey;
      publicKey = (await importJWK(material!.public, alg)) as CryptoKey;
    } catch (error) {
      return fail(`${where}: ${(error as Error).message}`);
    }
    publicKeys.set(kid!, { alg: alg as SigningAlg, key: publicKey });
    // As GoTrue publishes it (conf/jwk.go): the public part, use "sig", key_ops ["verify"].
    published.push({ ...material!.public, kid, alg, use: "sig", key_ops: ["verify"], ...(jwk.ext !== undefined && { ext: jwk.ext }) });
    if (jwk.key_ops?.includes("sign")) {
      if (signing) fail("multiple signing keys detected, only 1 signing key is supported (set key_ops to [\"verify\"] on the others)");
      signing = { alg: alg as SigningAlg, kid, key: privateKey };
    }
  }
  if (!signing) return fail('no signing key detected (one key needs "sign" in key_ops)');
  return { mode: "asymmetric", signing, publicKeys, secret, jwks: { keys: published } };
}

function keyMaterial(jwk: JWK): { private: JWK; public: JWK } | undefined {
  if (jwk.alg === "ES256") {
    const { kty, crv, x, y, d } = jwk;
    if (kty !== "EC" || crv !== "P-256" || !x || !y || !d) return undefined;
    return { private: { kty, crv, x, y, d }, public: { kty, crv, x, y } };
  }
  const { kty, n, e, d, p, q, dp, dq, qi } = jwk;
  if (kty !== "RSA" || !n || !e || !d) return undefined;
  return { private: { kty, n, e, d, p, q, dp, dq, qi }, public: { kty, n, e } };
}

// The Supabase CLI's fixed expiry of HS256 API keys (pkg/config/apikeys.go defaultJwtExpiry).
const CLI_API_KEY_EXPIRY = 1983812996;

/**
 * Mints a legacy API key JWT (the local SUPABASE_ANON_KEY or
 * SUPABASE_SERVICE_ROLE_KEY) exactly as the Supabase CLI does: claims
 * `{iss: "supabase-demo", role, exp}`; HS256 keys expire at the CLI's fixed
 * date (so the default secret yields the CLI's well-known keys), asymmetric
 * ones ten years from now, signed by the signing key with its kid.
 */
export async function mintApiKey(keys: JwtKeys, role: ApiKeyRole): Promise<string> {
  const exp = keys.mode === "hs256" ? CLI_API_KEY_EXPIRY : Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600;
  const { alg, kid, key } = keys.signing;
  return new SignJWT({ iss: "supabase-demo", role, exp })
    .setProtectedHeader(kid ? { alg, kid, typ: "JWT" } : { alg, typ: "JWT" })
    .sign(key);
}

/** The opaque API keys of the new kind, as hosted Supabase issues them. */
export interface OpaqueApiKeys {
  /** `sb_publishable_…`: the anon role, safe in a browser. */
  publishable: string;
  /** `sb_secret_…`: the service role; also what lets a server forward its caller's address (Sb-Forwarded-For). */
  secret: string;
}

/** New random opaque keys for one run of the platform (functions receive them in SUPABASE_*_KEYS). */
export function newOpaqueApiKeys(): OpaqueApiKeys {
  return {
    publishable: `sb_publishable_${randomBytes(16).toString("base64url")}`,
    secret: `sb_secret_${randomBytes(16).toString("base64url")}`,
  };
}
