import { describe, expect, it } from "vitest";
import { resolveConstraint } from "../../functions/_shared/domain/resolve.ts";

const published = ["1.0.0", "1.2.0", "1.2.5", "1.10.0", "2.0.0", "2.1.0-beta.1", "3.0.0"];

function pick(constraint?: string) {
  const r = resolveConstraint(published, constraint);
  return r.ok ? r.version : r.code;
}

describe("version resolution", () => {
  it("picks the newest version without a constraint, ignoring publish order", () => {
    expect(pick()).toBe("3.0.0");
    expect(pick("latest")).toBe("3.0.0");
  });
  it("picks an exact version", () => {
    expect(pick("1.2.0")).toBe("1.2.0");
  });
  it("resolves >= to the highest satisfying version", () => {
    expect(pick(">=1.2.0")).toBe("3.0.0");
  });
  it("resolves ^ within the major", () => {
    expect(pick("^1.2.0")).toBe("1.10.0");
  });
  it("resolves ~ within the minor", () => {
    expect(pick("~1.2.0")).toBe("1.2.5");
  });
  it("resolves ranges and x-ranges", () => {
    expect(pick(">=1.0.0 <2.0.0")).toBe("1.10.0");
    expect(pick("2.x")).toBe("2.0.0");
  });
  it("does not pick a prerelease for a plain range", () => {
    expect(pick("^2.0.0")).toBe("2.0.0");
  });
  it("reports a constraint nothing satisfies", () => {
    expect(pick(">=9.0.0")).toBe("NO_MATCHING_VERSION");
    expect(pick("1.3.0")).toBe("NO_MATCHING_VERSION");
  });
  it("reports an invalid constraint", () => {
    expect(pick("not-a-version")).toBe("INVALID_CONSTRAINT");
  });
  it("reports a skill without versions", () => {
    const r = resolveConstraint([]);
    expect(r.ok).toBe(false);
  });
});
