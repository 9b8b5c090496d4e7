/**
 * npm run bench — how fast and how lean synthesis is. For each environment, five
 * runs of the app command (what cdktf runs: tsx main.ts), and five runs of
 * `cdktf synth` for the default environment; prints median and max wall time and
 * the peak RSS of any process of the run. Targets (printed, not enforced): app
 * synth of one environment <= 2 s median and <= 300 MB peak.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CONFIG_DIR, listEnvironments } from "../config/load";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = path.resolve(__dirname, "..");
const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const cdktfCli = path.join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const rssHook = path.join(__dirname, "report-rss.cjs");

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
}

function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Sample {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const rssFile = path.join(tmp, "rss");
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      ...env,
      CDKTF_OUTDIR: path.join(tmp, "cdktf.out"),
      BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: `--require ${rssHook} --max-old-space-size=4096`,
      CHECKPOINT_DISABLE: "1",
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${r.stderr}\n${r.stdout}`);
  const peakKb = Math.max(...fs.readFileSync(rssFile, "utf8").trim().split("\n").map(Number));
  fs.rmSync(tmp, { recursive: true, force: true });
  return { seconds, peakMb: peakKb / 1024 };
}

function series(label: string, run: () => Sample): { label: string; median: number; max: number; peakMb: number } {
  run(); // warm the file system cache; not counted
  const samples = Array.from({ length: RUNS }, run);
  const times = samples.map((s) => s.seconds).sort((a, b) => a - b);
  return { label, median: times[Math.floor(times.length / 2)], max: times[times.length - 1], peakMb: Math.max(...samples.map((s) => s.peakMb)) };
}

const rows = listEnvironments(DEFAULT_CONFIG_DIR).map((env) =>
  series(`app synth ${env} (tsx main.ts)`, () => measure(process.execPath, [tsxCli, "main.ts"], { APP_ENV: env })),
);
rows.push(series("cdktf synth dev", () => measure(process.execPath, [cdktfCli, "synth"], { APP_ENV: "dev" })));

const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(`synthesis benchmark: ${RUNS} runs each, ${os.cpus().length} cores, node ${process.version}\n`);
process.stdout.write(`${pad("what", 36)}${pad("median", 10)}${pad("max", 10)}peak RSS\n`);
for (const r of rows) {
  process.stdout.write(`${pad(r.label, 36)}${pad(`${r.median.toFixed(2)} s`, 10)}${pad(`${r.max.toFixed(2)} s`, 10)}${r.peakMb.toFixed(0)} MB\n`);
}
const app = rows.filter((r) => r.label.startsWith("app synth"));
const ok = app.every((r) => r.median <= 2 && r.peakMb <= 300);
process.stdout.write(`target for app synth of one environment: median <= 2 s and peak <= 300 MB: ${ok ? "met" : "NOT met"}\n`);
