/** Who a method of the extension answers for: the caller of this one request. */
import type { JwtClaims } from "../../_shared/auth.ts";

/** The verified caller; every query runs as them. */
export interface SkillsContext {
  claims: JwtClaims;
}
