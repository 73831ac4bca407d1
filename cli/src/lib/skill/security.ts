/**
 * Security warnings for `sync`, `add`, `update`, `push` and `audit` (README
 * "Agent folders and security warnings"): the shared scan
 * (`supabase/functions/_shared/scan/`, the same rules the server applies to
 * every published version) run on a skill's files. Warnings, not errors:
 * the user accepts them (a prompt, or `--yes` in CI).
 */
export { RULES, atLeast, scanSkill, toolRisk, worstSeverity, type Finding, type RuleId, type ScanFile } from "../../../../supabase/functions/_shared/scan/index.ts";
