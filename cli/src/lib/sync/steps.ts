/**
 * The steps every sync runs once its request is out: look at the disk, plan,
 * record. `run.ts` imports them through this one module, so that they and the
 * modules only they use load as one chunk of the bundle rather than several.
 */
export { inspectDisk } from "./inspect.ts";
export { planRun, writesFiles } from "./plan.ts";
export { recordSync } from "./record.ts";
