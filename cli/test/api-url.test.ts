import { describe, expect, it } from "vitest";
import { checkApiUrl } from "../src/lib/http/api-url.ts";
import { normalizeApiUrl, resolveApiUrl } from "../src/lib/auth/global-config.ts";

describe("API URLs", () => {
  it("accepts a URL ending in /api and drops trailing slashes", () => {
    expect(checkApiUrl("https://xyz.supabase.co/functions/v1/api/")).toEqual({ ok: true, url: "https://xyz.supabase.co/functions/v1/api" });
    expect(checkApiUrl("http://127.0.0.1:54321/functions/v1/api")).toEqual({ ok: true, url: "http://127.0.0.1:54321/functions/v1/api" });
    expect(checkApiUrl("https://skills.example.com/api")).toEqual({ ok: true, url: "https://skills.example.com/api" });
  });

  it.each([
    ["https://xyz.supabase.co", "https://xyz.supabase.co is the project, not its API: use https://xyz.supabase.co/functions/v1/api."],
    ["http://127.0.0.1:54321/", "http://127.0.0.1:54321 is the project, not its API: use http://127.0.0.1:54321/functions/v1/api."],
    ["https://xyz.supabase.co/functions/v1", "https://xyz.supabase.co/functions/v1 is the functions URL, not the API: use https://xyz.supabase.co/functions/v1/api."],
    ["https://xyz.supabase.co/functions/v1/mcp", "https://xyz.supabase.co/functions/v1/mcp is the MCP server, not the API: use https://xyz.supabase.co/functions/v1/api."],
    ["https://xyz.supabase.co/functions/v1/oauth/authorize", "https://xyz.supabase.co/functions/v1/oauth/authorize is the OAuth server, not the API: use https://xyz.supabase.co/functions/v1/api."],
  ])("refuses %s with the URL to use", (url, problem) => {
    expect(checkApiUrl(url)).toEqual({ ok: false, problem });
  });

  it("refuses other paths, queries, non-http schemes and non-URLs", () => {
    expect(checkApiUrl("https://x.example/rest/v1")).toMatchObject({ ok: false, problem: expect.stringContaining("its path must end in /api") });
    expect(checkApiUrl("https://x.example/api?x=1")).toMatchObject({ ok: false, problem: expect.stringContaining("has a query or fragment") });
    expect(checkApiUrl("ftp://x.example/api")).toMatchObject({ ok: false, problem: expect.stringContaining("is not an http(s) URL") });
    expect(checkApiUrl("http:x.example/api")).toMatchObject({ ok: false, problem: expect.stringContaining("is not an http(s) URL") });
    expect(checkApiUrl("xyz.supabase.co")).toMatchObject({ ok: false, problem: expect.stringContaining("is not a URL") });
  });

  it("is the rule of every API URL the CLI takes, naming where the URL came from", () => {
    expect(() => normalizeApiUrl("https://xyz.supabase.co", "--api-url")).toThrow(
      "--api-url: https://xyz.supabase.co is the project, not its API: use https://xyz.supabase.co/functions/v1/api.",
    );
    const saved = process.env.SKILLS_API_URL;
    process.env.SKILLS_API_URL = "http://127.0.0.1:54321/functions/v1/mcp";
    try {
      expect(() => resolveApiUrl({}, { apiUrl: undefined })).toThrow("SKILLS_API_URL: http://127.0.0.1:54321/functions/v1/mcp is the MCP server");
    } finally {
      if (saved === undefined) delete process.env.SKILLS_API_URL;
      else process.env.SKILLS_API_URL = saved;
    }
    delete process.env.SKILLS_API_URL;
    try {
      expect(() => resolveApiUrl({}, { apiUrl: "https://xyz.supabase.co/" })).toThrow("api_url (`skills config api_url`): https://xyz.supabase.co is the project");
    } finally {
      if (saved !== undefined) process.env.SKILLS_API_URL = saved;
    }
  });
});
