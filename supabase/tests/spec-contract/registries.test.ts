/**
 * The registry routes as a client written from the contract uses them: every
 * account has a personal registry named `<username>'s Skills`, an organization
 * registry can be created, read and renamed by its admin, and registries a
 * caller does not belong to look like they do not exist.
 *
 * The contract shows no response body for these routes; the tests read a
 * registry by the columns the contract's registries table has (slug, name,
 * description, type), wrapped as `{registry}` / `{registries}` or not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SpecClient, expectError, resource, specPlatforms, unique, type SpecUser } from "./spec-client.ts";

/** The registries of a `GET /api/registries` answer, whichever way it is wrapped. */
function registriesOf(body: any): any[] {
  return Array.isArray(body) ? body : body.registries;
}

describe.each(specPlatforms())("contract: registries on $name", ({ apiUrl }) => {
  const api = new SpecClient(apiUrl);
  let admin: SpecUser;
  let outsider: SpecUser;

  beforeAll(async () => {
    [admin, outsider] = await Promise.all([api.register("regadmin"), api.register("regout")]);
  });

  it("lists the caller's personal registry, slugged by username and named `<username>'s Skills`", async () => {
    const res = await api.get("/registries", admin.accessToken);
    expect(res.status).toBe(200);
    const personal = registriesOf(res.body).find((r) => r.slug === admin.username);
    expect(personal).toEqual(expect.objectContaining({ slug: admin.username, name: `${admin.username}'s Skills`, type: "personal" }));
  });

  it("creates an organization registry (201) that its creator lists, reads and updates", async () => {
    const slug = unique("org");
    const created = await api.post("/registries", { slug, name: "Kove Inc", description: "Shared skills" }, admin.accessToken);
    expect(created.status).toBe(201);
    expect(resource(created.body, "registry")).toEqual(expect.objectContaining({ slug, name: "Kove Inc", type: "organization" }));

    const listed = registriesOf((await api.get("/registries", admin.accessToken)).body);
    expect(listed.map((r) => r.slug)).toEqual(expect.arrayContaining([admin.username, slug]));

    const read = await api.get(`/registries/${slug}`, admin.accessToken);
    expect(read.status).toBe(200);
    expect(resource(read.body, "registry")).toEqual(
      expect.objectContaining({ slug, name: "Kove Inc", description: "Shared skills", type: "organization", publish_policy: "open" }),
    );

    const updated = await api.put(`/registries/${slug}`, { name: "Kove Incorporated", description: "Skills we share" }, admin.accessToken);
    expect(updated.status).toBe(200);
    expect(resource(updated.body, "registry")).toEqual(expect.objectContaining({ slug, name: "Kove Incorporated", description: "Skills we share" }));
    expect(resource((await api.get(`/registries/${slug}`, admin.accessToken)).body, "registry")).toEqual(
      expect.objectContaining({ name: "Kove Incorporated", description: "Skills we share" }),
    );
  });

  it("answers 409 CONFLICT to a registry slug that is taken, by an organization or a user", async () => {
    const slug = await api.createRegistry(admin);
    expectError(await api.post("/registries", { slug, name: "Again" }, outsider.accessToken), 409, "CONFLICT");
    expectError(await api.post("/registries", { slug: outsider.username, name: "Squat" }, admin.accessToken), 409, "CONFLICT");
  });

  it("answers 422 VALIDATION_ERROR to a registry slug outside the rule", async () => {
    for (const slug of ["Bad_Slug", "-lead", "x"]) {
      expectError(await api.post("/registries", { slug, name: "Bad" }, admin.accessToken), 422, "VALIDATION_ERROR");
    }
  });

  it("answers 422 VALIDATION_ERROR to an empty registry name and to a body that is not JSON", async () => {
    const slug = await api.createRegistry(admin);
    expectError(await api.put(`/registries/${slug}`, { name: "" }, admin.accessToken), 422, "VALIDATION_ERROR");
    expectError(await api.post("/registries", { slug: unique("noname") }, admin.accessToken), 422, "VALIDATION_ERROR");
    expectError(await api.request("POST", "/registries", { token: admin.accessToken, rawBody: "{not json" }), 422, "VALIDATION_ERROR");
  });

  it("answers 404 NOT_FOUND for a registry that does not exist or that the caller is not in", async () => {
    const slug = await api.createRegistry(admin);
    expectError(await api.get(`/registries/${unique("nowhere")}`, admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${slug}`, outsider.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${admin.username}`, outsider.accessToken), 404, "NOT_FOUND");
    expect(registriesOf((await api.get("/registries", outsider.accessToken)).body).map((r) => r.slug)).not.toContain(slug);
  });

  it("lets only admins change a registry: a plain member gets 403 FORBIDDEN", async () => {
    const slug = await api.createRegistry(admin);
    const member = await api.register("regmember");
    await api.addMember(admin, slug, member, "member");
    expect((await api.get(`/registries/${slug}`, member.accessToken)).status).toBe(200);
    expectError(await api.put(`/registries/${slug}`, { name: "Taken over" }, member.accessToken), 403, "FORBIDDEN");
  });

  it("answers 404 NOT_FOUND in the error shape for a route that does not exist", async () => {
    expectError(await api.get("/no-such-route", admin.accessToken), 404, "NOT_FOUND");
    expectError(await api.get(`/registries/${admin.username}/no-such-thing`, admin.accessToken), 404, "NOT_FOUND");
  });

  it("answers 401 UNAUTHORIZED to registry routes without a token", async () => {
    const slug = await api.createRegistry(admin);
    expectError(await api.post("/registries", { slug: unique("anon"), name: "Anon" }), 401, "UNAUTHORIZED");
    expectError(await api.get(`/registries/${slug}`), 401, "UNAUTHORIZED");
    expectError(await api.put(`/registries/${slug}`, { name: "Anon" }), 401, "UNAUTHORIZED");
  });
});
