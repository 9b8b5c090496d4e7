/**
 * The cdktf app: synthesizes the bootstrap stack and the four phases of one
 * environment (APP_ENV, default dev) into cdktf.out.
 *
 * Bad configuration fails before anything is written, with every problem listed
 * (exit 2). An unexpected error exits 1 with a one-line message. The output is synthesized into a staging folder and checked by the
 * policy rules; only a clean result replaces cdktf.out, so a policy error (exit 3)
 * or any other failure leaves the last good output untouched.
 */
import * as path from "node:path";
import { ConfigError, formatWarnings, UsageError } from "./config/errors";
import { environmentFrom, loadEnvironment } from "./config/load";
import { formatReport } from "./policy/report";
import { HCL_REFUSED, PolicyError, synthesize } from "./stacks/synthesize";
import { upstreamModeFrom, UPSTREAM_MODE_VAR } from "./stacks/upstream";

function main(): void {
  const env = process.env;
  if (env.SYNTH_HCL_OUTPUT === "true") throw new UsageError(HCL_REFUSED);
  const outdir = path.resolve(env.CDKTF_OUTDIR || "cdktf.out");
  const config = loadEnvironment(environmentFrom(env));
  if (config.warnings.length > 0) process.stderr.write(`${formatWarnings(config.sourceFile, config.warnings)}\n`);
  const upstreamMode = upstreamModeFrom(env);
  if (upstreamMode === "mock") {
    process.stderr.write(`plan-only mode (${UPSTREAM_MODE_VAR}=mock): upstream outputs are mock values; any apply of this output fails by design.\n`);
  }
  const report = synthesize(config, { outdir, upstreamMode });
  if (report.warnings.length > 0 || report.suppressed.length > 0) process.stderr.write(`${formatReport(report)}\n`);
}

try {
  main();
} catch (err) {
  if (err instanceof ConfigError || err instanceof UsageError || err instanceof PolicyError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err instanceof PolicyError ? 3 : 2);
  }
  // Anything else is a defect of this project, not of the configuration: say so
  // plainly (the stack trace only with APP_DEBUG=1). The last output is untouched.
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`synthesis failed: ${message}\nThis is a bug in the platform code, not in your configuration; please report it. Set APP_DEBUG=1 for the stack trace. The previous cdktf.out is unchanged.\n`);
  if (process.env.APP_DEBUG === "1" && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
