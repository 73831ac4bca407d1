/**
 * The emulator's signing key (DESIGN.md "The local stack", auth): one ES256 key
 * pair, persisted as a private JWK so that tokens and API keys stay valid across
 * restarts, published through the JWKS endpoint like Supabase's asymmetric keys.
 */
import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";

/** The file, inside the data folder, that holds the private key. */
export const SIGNING_KEY_FILE = "auth-signing-key.json";

/** An ES256 key pair with its key id, as used to sign and verify every token. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Public JWK as published in the JWKS (kid, alg, use, key_ops set). */
  publicJwk: JWK;
}

/** The roles an API key (SUPABASE_ANON_KEY / SUPABASE_SERVICE_ROLE_KEY) may carry. */
export type ApiKeyRole = "anon" | "service_role";

/**
 * Loads the signing key from `<dataDir>/auth-signing-key.json`, creating it
 * (mode 0600) on first use.
 * @param dataDir folder for local state; created if missing.
 * @returns the key pair and its kid.
 * @throws Error if the file exists but is not an EC P-256 private JWK with a kid.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, SIGNING_KEY_FILE);
  const existing = await readJwk(file);
  if (existing) return fromPrivateJwk(existing, file);

  await mkdir(dataDir, { recursive: true });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "ES256", use: "sig" };
  // Write aside, then link: a crash never leaves half a key, and if another
  // process created the key meanwhile, link fails and we use theirs.
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify(jwk, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  try {
    await link(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(tmp);
  }
  const stored = await readJwk(file);
  if (!stored) throw new Error(`${file}: signing key vanished after creation`);
  return fromPrivateJwk(stored, file);
}

/**
 * The body of `GET /auth/v1/.well-known/jwks.json`.
 * @returns `{ keys: [publicJwk] }`, never any private part.
 */
export function publicJwks(key: SigningKey): { keys: JWK[] } {
  return { keys: [{ ...key.publicJwk }] };
}

/**
 * Mints a long-lived API key JWT (the local SUPABASE_ANON_KEY or
 * SUPABASE_SERVICE_ROLE_KEY), shaped like the Supabase CLI's demo keys
 * (`iss: "supabase-demo"`, `role`), signed with the same key as user tokens.
 * @param ttlSeconds validity; default ten years.
 */
export async function mintApiKey(key: SigningKey, role: ApiKeyRole, ttlSeconds = 10 * 365 * 24 * 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
    .setIssuer("supabase-demo")
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(key.privateKey);
}

async function readJwk(file: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return JSON.parse(text) as JWK;
}

async function fromPrivateJwk(jwk: JWK, file: string): Promise<SigningKey> {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || !jwk.d || !jwk.x || !jwk.y || !jwk.kid) {
    throw new Error(`${file}: not an EC P-256 private JWK with a kid`);
  }
  const { kty, crv, x, y, kid } = jwk;
  const publicJwk: JWK = { kty, crv, x, y, kid, alg: "ES256", use: "sig", key_ops: ["verify"], ext: true };
  const privateKey = (await importJWK({ kty, crv, x, y, d: jwk.d }, "ES256")) as CryptoKey;
  const publicKey = (await importJWK({ kty, crv, x, y }, "ES256")) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk };
}
