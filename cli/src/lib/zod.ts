/**
 * The CLI's zod: `zod/mini` with English messages; import it as
 * `import * as z from "./zod.ts"`. The classic `zod` API bundles ~550 KB
 * that every command would load and compile (~30 ms of a warm `skills sync`,
 * issue 5); zod/mini is the same validator with functions instead of
 * methods, so the bundle keeps only what the schemas use (~30 KB). Its
 * messages are a bare "Invalid input" until a locale is chosen.
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

// jitless: zod would otherwise compile each object schema into a function on
// its first parse, which a process that parses each shape once never repays.
config({ ...en(), jitless: true });

export * from "zod/mini";
