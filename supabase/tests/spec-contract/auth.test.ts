/**
 * The account routes as a client written from the contract uses them:
 * register, login and refresh answer `{user: {id, email, username},
 * session: {access_token, refresh_token}}`, the tokens open the other routes,
 * and bad input, taken usernames and wrong passwords answer the contract's
 * errors.
 */
import { describe, expect, it } from "vitest";
import { PASSWORD, SpecClient, expectError, specPlatforms, unique } from "./spec-client.ts";

const session = { access_token: expect.any(String), refresh_token: expect.any(String) };

describe.each(specPlatforms())("contract: accounts on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);

  it("registers with email, password and username and answers 201 with the user and a session", async () => {
    const username = unique("reg");
    const email = `${username}@example.test`;
    const res = await api.post("/auth/register", { email, password: PASSWORD, username, display_name: "Reg Istered" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        user: expect.objectContaining({ id: expect.any(String), email, username }),
        session: expect.objectContaining(session),
      }),
    );
    expect((await api.get("/registries", res.body.session.access_token)).status).toBe(200);
  });

  it("logs in with email and password and answers 200 with the same shape", async () => {
    const user = await api.register("login");
    const res = await api.post("/auth/login", { email: user.email, password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        user: expect.objectContaining({ id: user.id, email: user.email, username: user.username }),
        session: expect.objectContaining(session),
      }),
    );
    expect((await api.get("/registries", res.body.session.access_token)).status).toBe(200);
  });

  it("refreshes a session from its refresh token", async () => {
    const user = await api.register("refresh");
    // The contract names the route but not its body; `refresh_token` is the
    // field its own session object uses, so that is what a client sends.
    const res = await api.post("/auth/refresh", { refresh_token: user.refreshToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ session: expect.objectContaining(session) }));
    expect((await api.get("/registries", res.body.session.access_token)).status).toBe(200);
  });

  it("refuses a wrong password and an unknown refresh token with 401", async () => {
    const user = await api.register("wrongpw");
    expectError(await api.post("/auth/login", { email: user.email, password: `${PASSWORD}-not` }), 401, "UNAUTHORIZED");
    expectError(await api.post("/auth/refresh", { refresh_token: "not-a-refresh-token" }), 401, "UNAUTHORIZED");
  });

  it("answers 422 for a username outside the rule (lowercase letters, digits, inner hyphens, 3-39 characters)", async () => {
    for (const username of ["Upper-Case", "-leading", "trailing-", "ab", "a".repeat(40), "under_score"]) {
      const res = await api.post("/auth/register", { email: `${unique("bad")}@example.test`, password: PASSWORD, username });
      expectError(res, 422, "VALIDATION_ERROR");
    }
  });

  it("answers 409 for a username that is taken", async () => {
    const first = await api.register("taken");
    const res = await api.post("/auth/register", { email: `${unique("other")}@example.test`, password: PASSWORD, username: first.username });
    expectError(res, 409, "CONFLICT");
  });

  it("answers 409 for an email that already has an account", async () => {
    const first = await api.register("dupemail");
    const res = await api.post("/auth/register", { email: first.email, password: PASSWORD, username: unique("second") });
    expectError(res, 409, "CONFLICT");
  });

  it("answers 422 to login and register bodies that miss a field or hold a bad email", async () => {
    expectError(await api.post("/auth/login", { email: "not-an-email", password: PASSWORD }), 422, "VALIDATION_ERROR");
    expectError(await api.post("/auth/login", { email: `${unique("nopw")}@example.test` }), 422, "VALIDATION_ERROR");
    expectError(await api.post("/auth/register", { email: "not-an-email", password: PASSWORD, username: unique("bademail") }), 422, "VALIDATION_ERROR");
    expectError(await api.post("/auth/register", { email: `${unique("nouser")}@example.test`, password: PASSWORD }), 422, "VALIDATION_ERROR");
    expectError(await api.post("/auth/refresh", {}), 422, "VALIDATION_ERROR");
  });

  it("answers 401 UNAUTHORIZED to a request without a token or with a forged one", async () => {
    expectError(await api.get("/registries"), 401, "UNAUTHORIZED");
    expectError(await api.get("/registries", "not.a.jwt"), 401, "UNAUTHORIZED");
    expectError(await api.post("/sync", { skills: [] }), 401, "UNAUTHORIZED");
    expectError(await api.get("/search?q=anything"), 401, "UNAUTHORIZED");
  });
});
