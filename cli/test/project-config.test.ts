import { describe, expect, it } from "vitest";
import { installPathHint, normalizeInstallPath } from "../src/lib/project/config.ts";
import { parseProjectConfig, serializeProjectConfig, withProjectOptions, withSkillsDeclared, withSkillsRemoved } from "../src/lib/project/config-text.ts";

const good = `# our skills
sources:
  - name: org
    registry: kove-inc
    url: http://127.0.0.1:54321/functions/v1/api
  - name: personal
    registry: jake
install_path: ./.skills/
skills:
  - slug: supabase-edge   # the edge one
    source: org
  - slug: zod-v4
    source: org
    version: ">=2.0.0"
`;

function problem(text: string): string {
  try {
    parseProjectConfig(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected the config to be rejected");
}

describe(".skills.yaml", () => {
  it("parses a valid config and normalizes the install path", () => {
    const config = parseProjectConfig(good);
    expect(config.install_path).toBe(".skills");
    expect(config.sources.map((s) => s.registry)).toEqual(["kove-inc", "jake"]);
    expect(config.skills).toEqual([
      { slug: "supabase-edge", source: "org" },
      { slug: "zod-v4", source: "org", version: ">=2.0.0" },
    ]);
  });

  it("defaults install_path to .skills and an empty skills list", () => {
    const config = parseProjectConfig("sources:\n  - name: a\n    registry: jake\nskills:\n");
    expect(config).toMatchObject({ install_path: ".skills", skills: [] });
  });

  it("names an unknown source", () => {
    expect(problem(good.replace("source: org\n    version", "source: nope\n    version"))).toMatch(/unknown source "nope"/);
  });

  it("rejects a slug declared twice", () => {
    expect(problem(good.replace("slug: zod-v4", "slug: supabase-edge"))).toMatch(/"supabase-edge" is declared twice/);
  });

  it("rejects an invalid version constraint", () => {
    expect(problem(good.replace('">=2.0.0"', '"not a range"'))).toMatch(/invalid version constraint "not a range"/);
  });

  it("accepts exact, caret, tilde and range constraints", () => {
    for (const range of ["1.2.3", "^1.2.0", "~1.2.0", ">=1.0.0 <2.0.0", "1.x"]) {
      expect(() => parseProjectConfig(good.replace('">=2.0.0"', JSON.stringify(range)))).not.toThrow();
    }
  });

  it.each([".", "..", "../elsewhere", "/abs/path", "a/../../b", "a\\b", ""])("rejects the install path %j", (path) => {
    expect(() => normalizeInstallPath(path)).toThrow(/must be a folder inside the repository/);
  });

  it("accepts nested install paths", () => {
    expect(normalizeInstallPath("tools/skills/")).toBe("tools/skills");
  });

  it("hints the install path from its plain line, the default without one, and nothing for other forms", () => {
    expect(installPathHint(good)).toBe(parseProjectConfig(good).install_path);
    expect(installPathHint("sources: []\n")).toBe(".skills");
    expect(installPathHint("install_path: ./tools/skills/\n")).toBe("tools/skills");
    for (const other of ['install_path: "x"\n', "install_path: x # here\n", "install_path: ../out\n", "install_path:\n"]) {
      expect(installPathHint(other), other).toBeNull();
    }
  });

  it("rejects duplicate source names, bad registry slugs, bad urls and invalid YAML", () => {
    expect(problem("sources:\n  - {name: a, registry: jake}\n  - {name: a, registry: kove}\n")).toMatch(/duplicate source name "a"/);
    expect(problem("sources:\n  - {name: a, registry: Jake_X}\n")).toMatch(/sources\[0\]\.registry: registry slug must be/);
    expect(problem("sources:\n  - {name: a, registry: jake, url: 'ftp://x'}\n")).toMatch(/is not an http\(s\) URL/);
    expect(problem("sources: [\n")).toMatch(/not valid YAML/);
    expect(problem("skills: []\n")).toBe(".skills.yaml: sources: missing (required)");
    expect(problem("sources:\n  - {name: a}\n")).toBe(".skills.yaml:2: sources[0].registry: missing (required)");
  });

  it("serializes a new config that parses back to itself", () => {
    const config = {
      sources: [{ name: "jake", registry: "jake", url: "http://localhost/api" }],
      install_path: ".skills",
      skills: [],
      targets: ["claude" as const, "agents" as const],
      link: true,
    };
    const text = serializeProjectConfig(config);
    expect(text.startsWith("# .skills.yaml")).toBe(true);
    expect(parseProjectConfig(text)).toEqual(config);
  });

  it("adds and updates declarations keeping comments", () => {
    const text = withSkillsDeclared(good, {
      skills: [
        { slug: "new-one", source: "personal" },
        { slug: "zod-v4", source: "org" },
      ],
    });
    expect(text).toContain("# our skills");
    expect(text).toContain("# the edge one");
    expect(parseProjectConfig(text).skills).toEqual([
      { slug: "supabase-edge", source: "org" },
      { slug: "zod-v4", source: "org" },
      { slug: "new-one", source: "personal" },
    ]);
  });

  it("adds a source and writes entries one per line even into an empty flow list", () => {
    const text = withSkillsDeclared("sources:\n  - name: jake\n    registry: jake\ninstall_path: .skills\nskills: []\n", {
      sources: [{ name: "kove-inc", registry: "kove-inc" }],
      skills: [{ slug: "zod-v4", source: "kove-inc", version: "^2.0.0" }],
    });
    expect(text).toContain("skills:\n  - slug: zod-v4\n");
    expect(parseProjectConfig(text).sources.map((s) => s.name)).toEqual(["jake", "kove-inc"]);
  });

  it("refuses an edit that makes the config invalid", () => {
    expect(() => withSkillsDeclared(good, { skills: [{ slug: "x-y", source: "ghost" }] })).toThrow(/unknown source "ghost"/);
  });

  it("removes declarations keeping comments", () => {
    const text = withSkillsRemoved(good, ["zod-v4"]);
    expect(text).toContain("# our skills");
    expect(parseProjectConfig(text).skills.map((s) => s.slug)).toEqual(["supabase-edge"]);
  });
});

describe(".skills.yaml mistakes that used to be silent", () => {
  it("names an unknown key in a skill entry, where it is, and the nearest known key", () => {
    const text = good.replace('version: ">=2.0.0"', 'versoin: ">=2.0.0"');
    expect(problem(text)).toBe('.skills.yaml:14: skills[1]: unknown key "versoin" (did you mean "version"?).');
  });

  it("names an unknown top-level or source key, and lists the known ones when none is near", () => {
    expect(problem(good.replace("install_path:", "instal_path:"))).toBe('.skills.yaml:8: unknown key "instal_path" (did you mean "install_path"?).');
    expect(problem(good.replace("    registry: jake", "    registry: jake\n    token: abc"))).toBe(
      '.skills.yaml:8: sources[1]: unknown key "token" (known keys: name, registry, url).',
    );
  });

  it("reports a misspelt required key as unknown rather than as missing", () => {
    expect(problem(good.replace("sources:", "sourcse:"))).toMatch(/unknown key "sourcse" \(did you mean "sources"\?\)/);
  });

  it("refuses a source url that is not the API, with the URL to use", () => {
    expect(problem(good.replace("url: http://127.0.0.1:54321/functions/v1/api", "url: https://xyz.supabase.co"))).toBe(
      ".skills.yaml:5: sources[0].url: https://xyz.supabase.co is the project, not its API: use https://xyz.supabase.co/functions/v1/api.",
    );
  });
});

describe("init on an existing .skills.yaml", () => {
  const defaultUrl = "http://127.0.0.1:54321/functions/v1/api";

  it("changes nothing when every option already holds", () => {
    expect(withProjectOptions(good, { registry: "jake", url: defaultUrl, install_path: ".skills", targets: [], defaultUrl })).toEqual({ text: good, changes: [] });
  });

  it("changes only the options given, keeping comments and every declared skill", () => {
    const { text, changes } = withProjectOptions(good, {
      url: "https://xyz.supabase.co/functions/v1/api",
      install_path: "tools/skills",
      targets: ["claude", "agents"],
      link: true,
      defaultUrl,
    });
    expect(changes).toEqual([
      `source "org" url ${defaultUrl} → https://xyz.supabase.co/functions/v1/api`,
      "install_path .skills → tools/skills",
      "targets none → claude, agents",
      "link false → true",
    ]);
    expect(text).toContain("# our skills");
    expect(text).toContain("# the edge one");
    const config = parseProjectConfig(text);
    expect(config.skills).toEqual(parseProjectConfig(good).skills);
    expect(config.sources[1]).toEqual({ name: "personal", registry: "jake" });
    expect(config).toMatchObject({ install_path: "tools/skills", targets: ["claude", "agents"], link: true });
    expect(withProjectOptions(text, { targets: [], defaultUrl }).changes).toEqual(["targets claude, agents → none"]);
  });

  it("adds a new registry as the first source and refuses a name that is taken by another registry", () => {
    const { text, changes } = withProjectOptions(good, { registry: "acme", defaultUrl });
    expect(changes).toEqual([`added source "acme" (registry acme at ${defaultUrl}) first`]);
    expect(parseProjectConfig(text).sources.map((s) => s.name)).toEqual(["acme", "org", "personal"]);
    const taken = good.replace("name: personal", "name: acme");
    expect(() => withProjectOptions(taken, { registry: "acme", defaultUrl })).toThrow(/source "acme" is registry jake/);
  });
});
