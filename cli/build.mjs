// Bundles the CLI into dist/. Everything is bundled so the
// published package needs no install-time resolution; `splitting` keeps
// dist/index.js tiny so `skills --version` loads nothing but itself.
import { chmod, readFile, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { parse as parseYaml } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(await readFile(resolve(here, "package.json"), "utf8"));
// The meta-skill's frontmatter description, for the index (src/lib/project/meta-skill.ts): read
// here so that the CLI never loads the yaml parser for it.
const metaSkill = await readFile(resolve(here, "../meta-skill/SKILL.md"), "utf8");
const metaDescription = parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(metaSkill)[1]).description?.trim();

/** `import text from "./x.md?raw"` → the file's text (Vite's syntax, so vitest reads the same import). */
const rawImports = {
  name: "raw-imports",
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.slice(0, -"?raw".length)),
    }));
  },
};

await rm(resolve(here, "dist"), { recursive: true, force: true });
/** What every build shares. */
const common = {
  absWorkingDir: here,
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  loader: { ".md": "text" },
  plugins: [rawImports],
  define: { __SKILLS_VERSION__: JSON.stringify(pkg.version), __META_SKILL_DESCRIPTION__: JSON.stringify(metaDescription) },
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __skillsCreateRequire } from 'node:module';\nconst require = __skillsCreateRequire(import.meta.url);",
  },
  legalComments: "none",
  // Less to parse at startup; identifiers stay readable for SKILLS_DEBUG=1 stacks.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};
// The whole CLI: index.js answers --version alone; every command is a chunk.
await build({
  ...common,
  entryPoints: { index: "src/index.ts" },
  chunkNames: "chunks/[name]-[hash]",
});

/**
 * Third-party libraries that only some bare syncs need (yaml on a parse-cache
 * miss, semver in frozen mode, the security scanner's binary detection, colours,
 * spinners, prompts, session writes), each bundled as a CommonJS file of its own
 * in dist/vendor/ that bare-sync.cjs requires on first use.
 */
const VENDORED = { yaml: "yaml", semver: "semver", isbinaryfile: "isbinaryfile", chalk: "chalk", ora: "ora", prompts: "@inquirer/prompts", conf: "conf" };
/**
 * ES packages the CLI imports only by their default export. bare-sync.cjs imports a
 * vendored file as Node imports CommonJS (`default` is `module.exports`), so their
 * file exports that default itself.
 */
const DEFAULT_ONLY = new Set(["ora", "conf"]);
const defaultExports = {
  name: "default-exports",
  setup(b) {
    b.onResolve({ filter: /^default-export:/ }, (args) => ({ path: args.path.slice("default-export:".length), namespace: "default-export" }));
    b.onLoad({ filter: /.*/, namespace: "default-export" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)}).default;`,
      resolveDir: here,
      loader: "js",
    }));
  },
};
await build({
  ...common,
  entryPoints: Object.fromEntries(
    Object.entries(VENDORED).map(([name, pkg]) => [`vendor/${name}`, DEFAULT_ONLY.has(name) ? `default-export:${pkg}` : pkg]),
  ),
  plugins: [defaultExports],
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  splitting: false,
  banner: {},
});
/** Imports of a vendored library, in bare-sync.cjs, become a require of its file. */
const vendored = {
  name: "vendored",
  setup(b) {
    const byPackage = new Map(Object.entries(VENDORED).map(([name, pkg]) => [pkg, name]));
    b.onResolve({ filter: /^[@a-z]/ }, (args) => {
      const name = byPackage.get(args.path);
      return name === undefined ? undefined : { path: `./vendor/${name}.cjs`, external: true };
    });
  },
};
// A bare `skills sync` as one CommonJS file: Node's CommonJS loader reads and
// runs it ~12 ms faster than the same code as ES modules (measured on the warm
// sync of bench/cli.ts: 113 -> 101 ms against 69 ms for --version), mostly the
// ESM loader's per-module resolution and the facades of the built-ins it imports.
// Dynamic imports become requires; the vendored libraries stay out of it.
// Identifiers minified too (109 -> 75 KB, ~1 ms less to parse on every run);
// the source map beside it makes SKILLS_DEBUG=1 stacks name the sources.
await build({
  ...common,
  entryPoints: { "bare-sync": "src/bare-sync.ts" },
  minifyIdentifiers: true,
  sourcemap: "linked",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  splitting: false,
  supported: { "dynamic-import": false },
  plugins: [rawImports, vendored],
  define: { ...common.define, "import.meta.url": "__skillsModuleUrl" },
  banner: { js: 'const __skillsModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await chmod(resolve(here, "dist/index.js"), 0o755);
