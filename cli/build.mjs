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
// The meta-skill's text and frontmatter description (src/lib/project/meta-skill.ts): read here
// so that the CLI reads no file and never loads the yaml parser for them.
const metaSkill = await readFile(resolve(here, "../meta-skill/SKILL.md"), "utf8");
const metaDescription = parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(metaSkill)[1]).description?.trim();

await rm(resolve(here, "dist"), { recursive: true, force: true });
// One ES-module build: index.js answers --version alone, the program and each
// command are chunks loaded by dynamic import when they run.
await build({
  absWorkingDir: here,
  entryPoints: { index: "src/index.ts" },
  chunkNames: "chunks/[name]-[hash]",
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  define: {
    __SKILLS_VERSION__: JSON.stringify(pkg.version),
    __META_SKILL_TEXT__: JSON.stringify(metaSkill),
    __META_SKILL_DESCRIPTION__: JSON.stringify(metaDescription),
  },
  // Bundled CommonJS dependencies call require() for Node built-ins, through esbuild's helper in
  // one shared chunk; every chunk gets the banner, so the real require is made on first call only.
  // commander requires node:child_process as it loads, only to spawn executable subcommands, which
  // this CLI has none of: it gets an object that requires the module on first use, so no command
  // pays for loading child_process (and the modules it brings) before it parses its flags.
  banner: {
    js: [
      "#!/usr/bin/env node",
      "import { createRequire as __skillsCreateRequire } from 'node:module';",
      "let __skillsRequire;",
      "const __skillsRealRequire = (id) => (__skillsRequire ??= __skillsCreateRequire(import.meta.url))(id);",
      "const require = (id) => id === 'node:child_process' ? new Proxy({}, { get: (_, key) => __skillsRealRequire(id)[key] }) : __skillsRealRequire(id);",
    ].join("\n"),
  },
  legalComments: "none",
  // Less to parse at startup; identifiers stay as written so stack traces name our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
await chmod(resolve(here, "dist/index.js"), 0o755);
