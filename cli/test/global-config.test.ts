import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_API_URL, GlobalConfig, configDir, resolveApiUrl, type Session } from "../src/lib/auth/global-config.ts";
import { tempDir } from "./helpers/fs.ts";

const session: Session = {
  access_token: "access-secret",
  refresh_token: "refresh-secret",
  expires_at: 2_000_000_000,
  user: { id: "u1", email: "jake@example.com", username: "jake" },
};

describe("global config", () => {
  const saved = process.env.SKILLS_API_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.SKILLS_API_URL;
    else process.env.SKILLS_API_URL = saved;
  });

  it("writes the config file with mode 0600, even over a looser existing file", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "config.json"), "{}", { mode: 0o644 });
    const config = new GlobalConfig(dir);
    await config.set("http://127.0.0.1:54321/functions/v1/api", session);
    expect((await stat(join(dir, "config.json"))).mode & 0o777).toBe(0o600);
  });

  it("keeps one session per API URL, keyed by the whole URL", async () => {
    const dir = await tempDir();
    const config = new GlobalConfig(dir);
    await config.set("https://a.example.com/functions/v1/api/", session);
    await config.set("http://127.0.0.1:54321/functions/v1/api", { ...session, access_token: "other" });
    const reopened = new GlobalConfig(dir);
    expect(reopened.get("https://a.example.com/functions/v1/api")).toEqual(session);
    expect(reopened.get("http://127.0.0.1:54321/functions/v1/api")?.access_token).toBe("other");
    await reopened.delete("https://a.example.com/functions/v1/api");
    expect(new GlobalConfig(dir).get("https://a.example.com/functions/v1/api")).toBeUndefined();
    const stored = JSON.parse(await readFile(join(dir, "config.json"), "utf8"));
    expect(Object.keys(stored.sessions)).toEqual(["http://127.0.0.1:54321/functions/v1/api"]);
  });

  it("ignores a hand-broken session instead of crashing", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "config.json"), JSON.stringify({ sessions: { "http://x/api": { access_token: 1 } } }));
    expect(new GlobalConfig(dir).get("http://x/api")).toBeUndefined();
  });

  it("lives in SKILLS_CONFIG_DIR, else XDG_CONFIG_HOME, else ~/.config/agent-skills", () => {
    expect(configDir({ SKILLS_CONFIG_DIR: "/x" })).toBe("/x");
    expect(configDir({ XDG_CONFIG_HOME: "/xdg" })).toBe("/xdg/agent-skills");
    expect(configDir({})).toMatch(/\.config\/agent-skills$/);
  });

  it("resolves the API URL: flag, env, project, stored, default", () => {
    delete process.env.SKILLS_API_URL;
    const stored = { apiUrl: "http://stored/api" };
    expect(resolveApiUrl({}, { apiUrl: undefined })).toBe(DEFAULT_API_URL);
    expect(resolveApiUrl({}, stored)).toBe("http://stored/api");
    expect(resolveApiUrl({ projectUrl: "http://project/api" }, stored)).toBe("http://project/api");
    process.env.SKILLS_API_URL = "http://env/api/";
    expect(resolveApiUrl({ projectUrl: "http://project/api" }, stored)).toBe("http://env/api");
    expect(resolveApiUrl({ flag: "http://flag/api" }, stored)).toBe("http://flag/api");
    expect(() => resolveApiUrl({ flag: "not a url" }, stored)).toThrow('--api-url: "not a url" is not a URL');
  });
});
