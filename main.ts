/**
 * The cdktf app: synthesizes the bootstrap stack and the four phases of one
 * environment (APP_ENV, default dev) into cdktf.out.
 *
 * Bad configuration fails before anything is written, with every problem listed.
 * Synthesis goes to a staging folder that replaces the output only when complete,
 * so the last good cdktf.out survives any failure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "./config/errors";
import { environmentFrom, loadEnvironment } from "./config/load";
import { buildApp } from "./stacks/app";
import { upstreamModeFrom, UPSTREAM_MODE_VAR } from "./stacks/upstream";

function main(): void {
  const env = process.env;
  const outdir = path.resolve(env.CDKTF_OUTDIR || "cdktf.out");
  const config = loadEnvironment(environmentFrom(env));
  const upstreamMode = upstreamModeFrom(env);
  if (upstreamMode === "mock") {
    process.stderr.write(`plan-only mode (${UPSTREAM_MODE_VAR}=mock): upstream outputs are mock values; any apply of this output fails by design.\n`);
  }
  const staging = `${outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const { app } = buildApp(config, { outdir: staging, upstreamMode, hclOutput: env.SYNTH_HCL_OUTPUT === "true" });
    app.synth();
    replaceDirectory(staging, outdir);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Swap a finished output in: the old folder is removed only after the new one is in place. */
function replaceDirectory(from: string, to: string): void {
  const old = `${to}.previous-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}

try {
  main();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
