/**
 * npm run bench — how fast and how lean synthesis is. Every row runs a command
 * BENCH_RUNS times (default 5, after one uncounted warm-up run) and reports the
 * median and max wall time, the peak RSS of any process of the run and the CPU
 * time (user + system) of all of them (less sensitive than wall time to other
 * work on a shared machine). Rows:
 *
 *  - the app command cdktf runs (`app` in cdktf.json) for each environment;
 *  - `cdktf synth` of the default environment;
 *  - prod with its own 4 services and with 50 (prod.yaml plus prebuilt worker
 *    services w01…, in temporary config folders read through APP_CONFIG_DIR),
 *    giving the cost of one more service: (t50 - t4) / 46;
 *  - prod with the @cdktf/provider-aws barrel preloaded (NODE_OPTIONS --require),
 *    to show what the deep imports save;
 *  - prod with APP_DEBUG=1, which runs main.ts through tsx with source maps
 *    instead of the bundle (scripts/app.cjs), to show what the bundle saves.
 *
 * Targets (printed, not enforced): prod synth <= 0.8 s median and <= 200 MB peak
 * RSS; <= 10 ms per added service; every environment <= 2 s and <= 300 MB.
 * BENCH_APP overrides the app command (e.g. to compare launchers). Like cdktf,
 * the bench runs the app command through a shell.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { DEFAULT_CONFIG_DIR, listEnvironments, loadEnvironment } from "../config/load";

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const root = path.resolve(__dirname, "..");
const cdktfCli = path.join(root, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");
const rssHook = path.join(__dirname, "report-rss.cjs");
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));

/** The app command as cdktf runs it (cdktf.json `app`, through a shell). */
const appCommand: string = (process.env.BENCH_APP ?? JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).app).trim();

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
  readonly cpuSeconds: number;
}

interface Row {
  readonly label: string;
  readonly median: number;
  readonly max: number;
  readonly peakMb: number;
  readonly cpu: number;
}

/** Run `command` with `args`, or a shell command line when `args` is "shell". */
function measure(command: string, args: string[] | "shell", env: NodeJS.ProcessEnv, preload: string[] = []): Sample {
  const tmp = fs.mkdtempSync(path.join(scratch, "run-"));
  const statsFile = path.join(tmp, "stats");
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args === "shell" ? [] : args, {
    shell: args === "shell",
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      ...env,
      CDKTF_OUTDIR: path.join(tmp, "cdktf.out"),
      BENCH_RSS_FILE: statsFile,
      NODE_OPTIONS: [`--require ${rssHook}`, ...preload.map((m) => `--require ${m}`), "--max-old-space-size=4096"].join(" "),
      CHECKPOINT_DISABLE: "1",
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args === "shell" ? "" : args.join(" ")} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  // One line per process of the run: peak RSS (KB) and CPU time (µs).
  const procs = fs
    .readFileSync(statsFile, "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(" ").map(Number));
  fs.rmSync(tmp, { recursive: true, force: true });
  return { seconds, peakMb: Math.max(...procs.map(([kb]) => kb)) / 1024, cpuSeconds: procs.reduce((sum, [, us]) => sum + (us ?? 0), 0) / 1e6 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function series(label: string, run: () => Sample): Row {
  process.stderr.write(`  ${label} …\n`);
  run(); // warm the file system and transform caches; not counted
  return row(label, Array.from({ length: RUNS }, run));
}

function row(label: string, samples: Sample[]): Row {
  const times = samples.map((s) => s.seconds);
  return { label, median: median(times), max: Math.max(...times), peakMb: Math.max(...samples.map((s) => s.peakMb)), cpu: median(samples.map((s) => s.cpuSeconds)) };
}

/**
 * Two series run alternately (a, b, a, b, …), so a machine that speeds up or slows
 * down during the bench affects both alike and their difference stays meaningful.
 */
function pairedSeries(labelA: string, runA: () => Sample, labelB: string, runB: () => Sample): [Row, Row] {
  process.stderr.write(`  ${labelA} / ${labelB} (alternating) …\n`);
  runA();
  runB();
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(runA());
    b.push(runB());
  }
  return [row(labelA, a), row(labelB, b)];
}

const app = (env: NodeJS.ProcessEnv, preload: string[] = [], command = appCommand) => () => measure(command, "shell", env, preload);

/** A folder holding prod.yaml with `count` services (at least prod's own, which refer to each other): prod's, then prebuilt workers w01, w02, … */
function prodVariant(count: number): { dir: string; services: number } {
  const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "prod.yaml"), "utf8"));
  const services: unknown[] = doc.services.slice(0, count);
  for (let i = 1; services.length < count; i++) {
    services.push({ name: `w${String(i).padStart(2, "0")}`, kind: "worker", cpu: 256, memory: 512, image: { tag: "1.0.0" }, command: ["python", "-m", "app.worker"] });
  }
  doc.services = services;
  const dir = path.join(scratch, `prod-${count}-services`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "prod.yaml"), stringify(doc));
  // Fail here, with the config errors, rather than in a child process.
  const loaded = loadEnvironment("prod", { configDir: dir, env: {} });
  return { dir, services: loaded.services.length };
}

process.stderr.write(`app command: ${appCommand}\n`);
const rows: Row[] = listEnvironments(DEFAULT_CONFIG_DIR).map((env) => series(`app synth ${env}`, app({ APP_ENV: env })));
rows.push(series("cdktf synth dev", () => measure(process.execPath, [cdktfCli, "synth"], { APP_ENV: "dev" })));

const small = prodVariant(4);
const large = prodVariant(50);
const [smallRow, largeRow] = pairedSeries(
  `app synth prod, ${small.services} services`,
  app({ APP_ENV: "prod", APP_CONFIG_DIR: small.dir }),
  `app synth prod, ${large.services} services`,
  app({ APP_ENV: "prod", APP_CONFIG_DIR: large.dir }),
);
rows.push(smallRow, largeRow);
const barrelRow = series("app synth prod, provider barrel preloaded", app({ APP_ENV: "prod" }, ["@cdktf/provider-aws"]));
rows.push(barrelRow);
// scripts/app.cjs runs the bundled app; APP_DEBUG=1 runs main.ts through tsx instead.
const sourceMapsRow = series("app synth prod, through tsx (APP_DEBUG=1)", app({ APP_ENV: "prod", APP_DEBUG: "1" }));
rows.push(sourceMapsRow);

const prod = rows.find((r) => r.label === "app synth prod");
const perServiceMs = ((largeRow.median - smallRow.median) / (large.services - small.services)) * 1000;
const perServiceCpuMs = ((largeRow.cpu - smallRow.cpu) / (large.services - small.services)) * 1000;

const pad = (s: string, n: number) => s.padEnd(n);
const out: string[] = [];
out.push(`synthesis benchmark: ${RUNS} run(s) each after a warm-up, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
out.push(`app command: ${appCommand}`);
out.push(`${pad("what", 46)}${pad("median", 10)}${pad("max", 10)}${pad("peak RSS", 11)}cpu (median)`);
for (const r of rows) {
  out.push(`${pad(r.label, 46)}${pad(`${r.median.toFixed(2)} s`, 10)}${pad(`${r.max.toFixed(2)} s`, 10)}${pad(`${r.peakMb.toFixed(0)} MB`, 11)}${r.cpu.toFixed(2)} s`);
}
out.push(`${pad(`per added service (t${large.services} - t${small.services}) / ${large.services - small.services}`, 46)}${pad(`${perServiceMs.toFixed(1)} ms`, 31)}${perServiceCpuMs.toFixed(1)} ms`);
if (prod) out.push(`${pad("barrel preloaded / deep imports (prod)", 46)}${pad(`${(barrelRow.median / prod.median).toFixed(1)}x`, 31)}${(barrelRow.cpu / prod.cpu).toFixed(1)}x`);
if (prod && sourceMapsRow) {
  out.push(`${pad("tsx - bundle (prod)", 46)}${pad(`${((sourceMapsRow.median - prod.median) * 1000).toFixed(0)} ms`, 10)}${pad("", 10)}${pad(`${(sourceMapsRow.peakMb - prod.peakMb).toFixed(0)} MB`, 11)}${((sourceMapsRow.cpu - prod.cpu) * 1000).toFixed(0)} ms`);
}

const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
const envRows = rows.filter((r) => /^app synth [a-z0-9-]+$/.test(r.label));
out.push("");
if (prod) {
  out.push(`target: prod synth median <= 0.8 s (${prod.median.toFixed(2)} s): ${verdict(prod.median <= 0.8)}`);
  out.push(`target: prod synth peak RSS <= 200 MB (${prod.peakMb.toFixed(0)} MB): ${verdict(prod.peakMb <= 200)}`);
}
out.push(`target: <= 10 ms per added service (${perServiceMs.toFixed(1)} ms): ${verdict(perServiceMs <= 10)}`);
out.push(`target: every environment's app synth median <= 2 s and peak <= 300 MB: ${verdict(envRows.every((r) => r.median <= 2 && r.peakMb <= 300))}`);
process.stdout.write(`${out.join("\n")}\n`);
