import { describe, expect, it } from "vitest";
import { resolveSync } from "../../functions/_shared/domain/sync-resolution.ts";

const skill = (slug: string, versions: string[]) => ({
  registry: "kove",
  slug,
  versions: versions.map((version, i) => ({ id: `${slug}-${version}`, version, digest: `d${i}`, is_latest: i === versions.length - 1 })),
});

describe("sync resolution", () => {
  const found = [skill("edge", ["1.0.0", "1.3.0", "2.0.0"]), skill("zod", ["2.1.0"])];

  it("picks a version per skill in request order, latest without a constraint", () => {
    const { chosen, errors } = resolveSync(
      [{ registry: "kove", slug: "zod" }, { registry: "kove", slug: "edge", version: "^1.0.0" }],
      found,
    );
    expect(errors).toEqual([]);
    expect(chosen.map((c) => `${c.skill.slug}@${c.version.version}:${c.version.is_latest}`)).toEqual(["zod@2.1.0:true", "edge@1.3.0:false"]);
  });

  it("names a missing skill, an unsatisfiable constraint and an invalid one, each with the error word every client knows", () => {
    const { chosen, errors } = resolveSync(
      [
        { registry: "kove", slug: "nope" },
        { registry: "kove", slug: "edge", version: ">=9.0.0" },
        { registry: "kove", slug: "zod", version: "banana" },
        { registry: "other", slug: "edge" },
      ],
      found,
    );
    expect(chosen).toEqual([]);
    expect(errors.map((e) => `${e.registry}/${e.slug}:${e.code}:${e.error}`)).toEqual([
      "kove/nope:NOT_FOUND:not_found",
      "kove/edge:NO_MATCHING_VERSION:no_matching_version",
      "kove/zod:INVALID_CONSTRAINT:no_matching_version",
      "other/edge:NOT_FOUND:not_found",
    ]);
  });
});
