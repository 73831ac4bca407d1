// Preloaded into a CLI run under test (NODE_OPTIONS=--require): at exit, writes the
// process's peak resident set size in KiB to $SKILLS_TEST_PEAK_RSS_FILE.
process.on("exit", () => {
  require("node:fs").writeFileSync(process.env.SKILLS_TEST_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
