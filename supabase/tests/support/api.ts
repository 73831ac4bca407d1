/**
 * Test helpers that talk to a running platform over real HTTP: sign up
 * users, call the api with their token, build upload bodies from folders.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { randomBytes } from "node:crypto";

/** What a test needs to know about a signed-up user. */
export interface TestUser {
  id: string;
  email: string;
  username: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** A JSON response: status and parsed body. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

/** Calls the api; `body` is sent as JSON unless it is a string. */
export async function call<T = any>(
  apiUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A unique lowercase name for this run, e.g. `alice-3f9a1c`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString("hex")}`;
}

/** Registers a new user through POST /api/auth/register. */
export async function signUp(apiUrl: string, prefix = "user"): Promise<TestUser> {
  const username = uniqueName(prefix);
  return signUpWithEmail(apiUrl, `${username}@example.test`, username);
}

/** Registers a new user with a chosen email (e.g. one that was invited before the account existed). */
export async function signUpWithEmail(apiUrl: string, email: string, username = uniqueName("user")): Promise<TestUser> {
  const password = "correct-horse-battery";
  const res = await call(apiUrl, "POST", "/auth/register", { body: { email, password, username } });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    email,
    username,
    password,
    token: res.body.session.access_token,
    refreshToken: res.body.session.refresh_token,
  };
}

/** The upload form of a folder: every file, base64, with its executable bit. */
export function folderFiles(dir: string): { path: string; content_base64: string; executable: boolean }[] {
  const files: { path: string; content_base64: string; executable: boolean }[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      const stat = statSync(full);
      if (stat.isDirectory()) walk(full);
      else files.push({ path: relative(dir, full), content_base64: readFileSync(full).toString("base64"), executable: (stat.mode & 0o111) !== 0 });
    }
  };
  walk(dir);
  return files;
}

/** A minimal one-file skill folder. */
export function skillFiles(name: string, body = "Do the thing."): { path: string; content_base64: string; executable: boolean }[] {
  const md = `---\nname: ${name}\ndescription: Test skill ${name}\n---\n\n# ${name}\n\n${body}\n`;
  return [{ path: "SKILL.md", content_base64: Buffer.from(md).toString("base64"), executable: false }];
}

/** The real skills every test may read (never write). */
export const FIXTURES_DIR = join(import.meta.dirname, "../../../../shared/fixtures/anthropic-skills");
