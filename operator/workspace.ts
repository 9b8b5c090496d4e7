/**
 * Where the operator's commands work: the environment synthesized into
 * `.platform/<env>/live` (the stacks as `cdktf deploy` runs them, on the shared
 * S3 state) and, when a plan needs it, `.platform/<env>/plan-only` (upstream
 * outputs mocked, local guarded state, never applicable), each stack folder
 * initialized once per command, and one provider cache for all of them
 * (`.platform/terraform`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedConfig } from "../config/defaults";
import { PROJECT_ROOT } from "../config/paths";
import { terraformEnv } from "../scripts/terraform-env";
import type { StackName } from "../stacks/phases";
import { synthesize } from "../stacks/synthesize";
import type { UpstreamMode } from "../stacks/upstream";
import { s3StateSettings } from "../stacks/state-backend";
import { aws } from "./aws";
import { errorsOf, runTerraform, type TfRun } from "./terraform";

export type OutputKind = "live" | "plan-only";

/** A phase's state as the backend holds it. */
export interface PhaseState {
  /** The phase contract is in state: the phase was deployed for this environment. */
  readonly deployed: boolean;
  readonly contractVersion?: number;
  readonly serial?: number;
  readonly outputs: Record<string, unknown>;
  /** The resources the state holds, as Terraform writes them. */
  readonly resources: readonly StateResource[];
}

export interface StateResource {
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly instances: ReadonlyArray<{ readonly attributes: Record<string, unknown> }>;
}

export class Workspace {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly synthesized = new Set<OutputKind>();
  private readonly initialized = new Set<string>();

  constructor(
    readonly config: ResolvedConfig,
    /** @default <project>/.platform */
    base = path.join(PROJECT_ROOT, ".platform"),
    /** The environment Terraform runs with (credentials, endpoints), on top of this process's. */
    env: NodeJS.ProcessEnv = {},
  ) {
    this.root = path.join(base, config.environment);
    this.env = { ...terraformEnv(path.join(base, "terraform")), TF_INPUT: "0", ...env };
  }

  /** The stack folder of `stack` in an output, synthesized on first use. */
  dir(kind: OutputKind, stack: StackName): string {
    if (!this.synthesized.has(kind)) {
      const upstreamMode: UpstreamMode = kind === "live" ? "remote-state" : "mock";
      fs.mkdirSync(this.root, { recursive: true });
      synthesize(this.config, { outdir: path.join(this.root, kind), upstreamMode });
      this.synthesized.add(kind);
    }
    return path.join(this.root, kind, "stacks", stack);
  }

  /** `terraform init` of a stack folder, once per command; throws with Terraform's errors. */
  async init(kind: OutputKind, stack: StackName): Promise<string> {
    const dir = this.dir(kind, stack);
    if (this.initialized.has(dir)) return dir;
    const r = await this.terraform(dir, ["init", "-input=false", "-no-color"]);
    if (r.code !== 0) throw new PhaseError(stack, `terraform init failed: ${errorsOf(r).join("; ")}`);
    this.initialized.add(dir);
    return dir;
  }

  terraform(dir: string, args: readonly string[], onEvent?: Parameters<typeof runTerraform>[2]["onEvent"]): Promise<TfRun> {
    return runTerraform(dir, args, { env: this.env, onEvent });
  }

  /** What the backend holds for a phase: its contract and outputs, or nothing when it was never deployed. */
  async state(stack: StackName): Promise<PhaseState> {
    const dir = await this.init("live", stack);
    const r = await this.terraform(dir, ["state", "pull"]);
    if (r.code !== 0) throw new PhaseError(stack, `reading its state failed: ${errorsOf(r).join("; ")}`);
    const text = r.stdout.trim();
    if (!text) return { deployed: false, outputs: {}, resources: [] };
    const state = JSON.parse(text) as { serial?: number; outputs?: Record<string, { value: unknown }>; resources?: StateResource[] };
    const resources = state.resources ?? [];
    const outputs = Object.fromEntries(Object.entries(state.outputs ?? {}).map(([k, v]) => [k, v.value]));
    const contract = outputs.phase_contract as { environment?: string; version?: number } | undefined;
    const deployed = stack === "bootstrap" ? Object.keys(outputs).length > 0 : contract?.environment === this.config.environment;
    return deployed ? { deployed, contractVersion: contract?.version, serial: state.serial, outputs, resources } : { deployed, outputs, resources };
  }

  /**
   * When a phase's state was last written (a deploy, a destroy, a state push): its S3
   * object's LastModified, read with the AWS CLI. Undefined when it cannot be read (no
   * CLI, no permission, no object): Terraform's state itself holds no time.
   */
  async lastWritten(stack: StackName): Promise<string | undefined> {
    const s = s3StateSettings(this.config, stack);
    const endpoint = s.endpoints?.s3;
    const args = ["s3api", "head-object", "--bucket", s.bucket, "--key", s.key, "--region", this.config.region, ...(endpoint ? ["--endpoint-url", endpoint] : []), "--query", "LastModified", "--output", "text"];
    const r = await aws(args, this.env).catch(() => undefined);
    const when = r?.code === 0 ? new Date(r.stdout) : undefined;
    return when && !Number.isNaN(when.getTime()) ? when.toISOString() : undefined;
  }

  /** Where a phase's saved plan lives in a plan folder (`plan --out`, `deploy --plan`); the folder is created. */
  planFile(dirOut: string, stack: StackName): string {
    fs.mkdirSync(dirOut, { recursive: true });
    return path.join(path.resolve(dirOut), `${stack}.tfplan`);
  }
}

/**
 * The error of a failed apply or destroy: interrupted, or Terraform's diagnostics,
 * where the one naming the failed resource says it failed ("<address> failed: …").
 */
export function applyFailure(phase: StackName, r: TfRun, failed: string | undefined): PhaseError {
  if (r.interrupted) return new PhaseError(phase, "interrupted (Ctrl-C): Terraform stopped at a safe point and released the state lock", failed);
  const errors = errorsOf(r).map((x) => (failed && x.startsWith(`${failed}: `) ? `${failed} failed: ${x.slice(failed.length + 2)}` : x));
  return new PhaseError(phase, errors.join("; "), failed);
}

/** A phase that failed: the runner stops there and names it. */
export class PhaseError extends Error {
  constructor(
    readonly phase: StackName,
    message: string,
    /** The resource that failed, when Terraform named one. */
    readonly address?: string,
  ) {
    super(`${phase}: ${message}`);
  }
}
