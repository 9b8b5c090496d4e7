/**
 * Synthesis as main.ts runs it: build the app into a staging folder, run the
 * policy checks over the result, and only then replace the output folder. A
 * policy error (or any failure) leaves the last good output untouched.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { App } from "cdktf";
import type { ResolvedConfig } from "../config/defaults";
import { locateConfigPath } from "../config/load";
import { evaluate, type PolicyReport } from "../policy/engine";
import { formatReport } from "../policy/report";
import { loadSynthesizedStacks } from "../policy/synthesized";
import { buildApp } from "./app";
import { architectureOf, renderMermaid } from "../diagram/architecture";
import { estimateCost, renderCost } from "../cost/estimate";
import type { StackModel } from "../policy/model";
import { DEPLOYMENT_CONFIG_FILE, renderDeploymentConfig } from "./deployment-config";
import type { UpstreamMode } from "./upstream";

/** The architecture diagram written next to the stacks (Mermaid in Markdown). */
import { renderStackReadme, STACK_README } from "./stack-readme";
import type { StackName } from "./phases";

/**
 * `cdktf synth --hcl` asks for HCL. cdktf 0.21 writes HCL that `terraform validate`
 * refuses in every stack (container_definitions mangled, nested blocks written as
 * attributes), so it is refused before anything is written; the JSON is plain
 * Terraform every Terraform command reads.
 */
export const HCL_REFUSED =
  "HCL output (cdktf synth --hcl) is not offered: cdktf 0.21 writes HCL that terraform validate refuses in every stack (container_definitions mangled, nested blocks written as attributes). " +
  "cdktf.out/stacks/<stack>/cdk.tf.json is plain Terraform that every Terraform command reads (terraform -chdir=cdktf.out/stacks/<stack> init, plan, apply; each folder's README.md lists them). The previous cdktf.out is unchanged.";

export const ARCHITECTURE_FILE = "architecture.md";
/** The monthly cost estimate written next to the stacks. */
export const COST_FILE = "cost.md";

export class PolicyError extends Error {
  constructor(readonly report: PolicyReport) {
    super(formatReport(report));
    this.name = "PolicyError";
  }
}

export interface SynthesizeOptions {
  readonly outdir: string;
  readonly upstreamMode?: UpstreamMode;
  /** Add to the app before synthesis (tests). */
  readonly extend?: (app: App) => void;
}

/** Synthesize, check, and swap the output in. Returns the policy report (warnings, suppressions). */
export function synthesize(config: ResolvedConfig, options: SynthesizeOptions): PolicyReport {
  const staging = `${options.outdir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const { app } = buildApp(config, { outdir: staging, upstreamMode: options.upstreamMode });
    options.extend?.(app);
    app.synth();
    fs.writeFileSync(path.join(staging, DEPLOYMENT_CONFIG_FILE), renderDeploymentConfig(config));
    writeStackReadmes(staging, config);
    const { report, stacks } = checkOutput(staging, config);
    if (report.errors.length > 0) throw new PolicyError(report);
    const title = `${config.names.prefix} (${config.stage}, ${config.region})`;
    fs.writeFileSync(path.join(staging, ARCHITECTURE_FILE), renderMermaid(architectureOf(stacks), title));
    fs.writeFileSync(path.join(staging, COST_FILE), renderCost(estimateCost(stacks, config.region), title));
    replaceDirectory(staging, options.outdir);
    return report;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Policy report of a synthesized folder. */
function checkOutput(dir: string, config: ResolvedConfig): { report: PolicyReport; stacks: StackModel[] } {
  const stacks = loadSynthesizedStacks(dir);
  const report = evaluate(stacks, {
    environment: config.environment,
    stage: config.stage,
    suppressions: config.policySuppressions,
    sourceFile: config.sourceFile,
    locate: (dotted) => locateConfigPath(config.sourceFile, dotted),
  });
  return { report, stacks };
}

/** A README in every stack folder of JSON output (stacks/stack-readme.ts). */
function writeStackReadmes(outdir: string, config: ResolvedConfig): void {
  const stacksDir = path.join(outdir, "stacks");
  for (const stack of fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : []) {
    const file = path.join(stacksDir, stack, "cdk.tf.json");
    if (!fs.existsSync(file)) continue;
    fs.writeFileSync(path.join(stacksDir, stack, STACK_README), renderStackReadme(config, stack as StackName, JSON.parse(fs.readFileSync(file, "utf8"))));
  }
}

/** Swap a finished output in: the old folder is removed only after the new one is in place. */
function replaceDirectory(from: string, to: string): void {
  const old = `${to}.previous-${process.pid}`;
  if (fs.existsSync(to)) fs.renameSync(to, old);
  fs.renameSync(from, to);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * The policy errors of a configuration, one line each (rule, stack, address,
 * what is wrong, the fix), from a synthesis into a temporary folder; empty when
 * it synthesizes cleanly. For checking a file before it is written (npm run init).
 */
export function policyErrors(config: ResolvedConfig): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
  try {
    synthesize(config, { outdir: path.join(dir, "cdktf.out") });
    return [];
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    return e.report.errors.map((f) => `${f.ruleId} ${f.stack} ${f.address}: ${f.message}: ${f.detail}; fix: ${f.fix}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
