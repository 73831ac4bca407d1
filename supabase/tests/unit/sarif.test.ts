/**
 * SARIF from scan findings (_shared/scan/sarif.ts): the log holds what
 * SARIF 2.1.0 requires and code-scanning tools read (the OASIS schema's
 * required properties and enums, restated below), every
 * rule of the scanner, and each finding at its repository path and line.
 */
import { describe, expect, it } from "vitest";
import { RULES, scanSkill } from "../../functions/_shared/scan/index.ts";
import { toSarif } from "../../functions/_shared/scan/sarif.ts";

const LEVELS = ["none", "note", "warning", "error"];

/**
 * What `log` misses of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json) in
 * the objects toSarif writes: required properties, enums, integer minimums.
 */
function sarifProblems(log: any): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  const isText = (v: unknown) => typeof v === "string" && v.length > 0;
  need(log.version === "2.1.0", "version must be 2.1.0");
  need(typeof log.$schema === "string" && URL.canParse(log.$schema), "$schema must be a URI");
  need(Array.isArray(log.runs), "runs is required");
  for (const [r, run] of (log.runs ?? []).entries()) {
    const driver = run.tool?.driver;
    need(isText(driver?.name), `runs[${r}].tool.driver.name is required`);
    const ids = (driver?.rules ?? []).map((rule: any) => rule.id);
    need(ids.every(isText) && new Set(ids).size === ids.length, `runs[${r}] rules need unique ids`);
    for (const rule of driver?.rules ?? []) {
      need(isText(rule.shortDescription?.text), `rule ${rule.id}: shortDescription.text is required`);
      need(LEVELS.includes(rule.defaultConfiguration?.level), `rule ${rule.id}: defaultConfiguration.level must be a level`);
    }
    need(Array.isArray(run.results), `runs[${r}].results must be an array`);
    for (const [i, result] of (run.results ?? []).entries()) {
      const at = `runs[${r}].results[${i}]`;
      need(isText(result.message?.text), `${at}.message.text is required`);
      need(LEVELS.includes(result.level), `${at}.level must be a level`);
      need(Number.isInteger(result.ruleIndex) && ids[result.ruleIndex] === result.ruleId, `${at}.ruleIndex must point at rule ${result.ruleId}`);
      for (const location of result.locations ?? []) {
        const physical = location.physicalLocation;
        need(isText(physical?.artifactLocation?.uri) && !physical.artifactLocation.uri.startsWith("/"), `${at}: artifactLocation.uri must be a relative URI`);
        need(Number.isInteger(physical?.region?.startLine) && physical.region.startLine >= 1, `${at}: region.startLine must be an integer ≥ 1`);
      }
    }
  }
  return problems;
}

const enc = new TextEncoder();

describe("toSarif", () => {
  const findings = scanSkill([
    { path: "SKILL.md", bytes: enc.encode("---\nname: a\ndescription: b\nallowed-tools: Bash\n---\n# a\n"), executable: false },
    { path: "scripts/set up.sh", bytes: enc.encode("#!/bin/sh\n"), executable: true },
    { path: "notes.md", bytes: enc.encode("# notes\nhello\u200Bworld\n"), executable: false },
  ]);
  const log = toSarif(
    { name: "skills", version: "1.2.3" },
    findings.map((finding) => ({ finding, path: `.skills/a/${finding.file}` })),
  );

  it("writes a log with every property SARIF 2.1.0 requires", () => {
    expect(sarifProblems(JSON.parse(JSON.stringify(log)))).toEqual([]);
    // The checker catches what a broken log would lack.
    expect(sarifProblems({ version: "2.0.0", runs: [{ tool: { driver: {} }, results: [{ level: "fatal" }] }] })).toEqual([
      "version must be 2.1.0",
      "$schema must be a URI",
      "runs[0].tool.driver.name is required",
      "runs[0].results[0].message.text is required",
      "runs[0].results[0].level must be a level",
      "runs[0].results[0].ruleIndex must point at rule undefined",
    ]);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
  });

  it("lists every rule of the scanner with its summary, and points each result at its rule", () => {
    const { driver } = log.runs[0].tool;
    expect(driver).toMatchObject({ name: "skills", version: "1.2.3" });
    expect(driver.rules.map((r) => r.id)).toEqual(Object.keys(RULES));
    expect(driver.rules.find((r) => r.id === "shell-tool")).toEqual({
      id: "shell-tool",
      shortDescription: { text: RULES["shell-tool"].summary },
      defaultConfiguration: { level: "error" },
      properties: { "security-severity": "8.0", tags: ["security"] },
    });
    for (const result of log.runs[0].results) expect(driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it("maps severities to levels (high and above: error) and locates each finding by repository path and line", () => {
    expect(
      log.runs[0].results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region]),
    ).toEqual([
      ["shell-tool", "error", ".skills/a/SKILL.md", { startLine: 4, snippet: { text: "allowed-tools: Bash" } }],
      ["zero-width", "warning", ".skills/a/notes.md", { startLine: 2, snippet: { text: "hello\\u{200B}world" } }],
      ["executable-script", "warning", ".skills/a/scripts/set%20up.sh", { startLine: 1, snippet: { text: "#!/bin/sh" } }],
    ]);
    expect(log.runs[0].results[0]!.message.text).toBe("allowed-tools grants `Bash` (an unrestricted shell)");
  });

  it("writes an empty result list, not an absent one, when nothing is found", () => {
    expect(toSarif({ name: "skills", version: "1.2.3" }, []).runs[0].results).toEqual([]);
  });
});
