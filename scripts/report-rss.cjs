// Preloaded by the benchmark (NODE_OPTIONS=--require): at exit, appends this
// process's peak RSS (KB) and CPU time (user + system, µs) to $BENCH_RSS_FILE.
const fs = require("node:fs");
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    fs.appendFileSync(file, `${maxRSS} ${userCPUTime + systemCPUTime}\n`);
  });
}
