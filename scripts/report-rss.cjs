// Preloaded by the benchmark (NODE_OPTIONS=--require): records this process's peak RSS at exit.
const fs = require("node:fs");
const file = process.env.BENCH_RSS_FILE;
if (file) process.on("exit", () => fs.appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
