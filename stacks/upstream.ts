/**
 * Reads an upstream phase's contract. Two modes:
 * - `remote-state` (default, the only mode that can deploy): a terraform_remote_state
 *   with the shared backend settings and postconditions that stop the plan, naming
 *   the phase to deploy first, when the upstream is missing, from another
 *   environment, or on another contract version.
 * - `mock` (plan-only): the contract's mock values, so a pull request can plan a
 *   stack before its upstream was ever applied. `PlanOnlyGuard` makes any apply of
 *   such a configuration fail before it changes anything.
 */
import { DataTerraformRemoteStateS3, Token, type TerraformRemoteState } from "cdktf";
import { Construct } from "constructs";
import type { ResolvedConfig } from "../config/defaults";
import { UsageError } from "../config/errors";
import { MARKER_OUTPUT, mockOutputs, type Contract, type ValueOf } from "./contract";
import { s3StateSettings } from "./state-backend";

export const UPSTREAM_MODES = ["remote-state", "mock"] as const;
export type UpstreamMode = (typeof UPSTREAM_MODES)[number];
/** The variable that selects plan-only mode: APP_UPSTREAM=mock. */
export const UPSTREAM_MODE_VAR = "APP_UPSTREAM";

export function upstreamModeFrom(env: NodeJS.ProcessEnv): UpstreamMode {
  const value = env[UPSTREAM_MODE_VAR] || "remote-state";
  if (!(UPSTREAM_MODES as readonly string[]).includes(value)) {
    throw new UsageError(`${UPSTREAM_MODE_VAR} must be one of ${UPSTREAM_MODES.join(", ")} (or unset); got "${value}"`);
  }
  return value as UpstreamMode;
}

export interface UpstreamProps {
  readonly config: ResolvedConfig;
  readonly mode: UpstreamMode;
}

type Outputs<C extends Contract> = C["outputs"];

export class Upstream<C extends Contract> extends Construct {
  readonly remoteState?: TerraformRemoteState;
  private readonly mocks?: Record<string, unknown>;

  /** The construct id is the upstream phase name: `data.terraform_remote_state.<phase>`. */
  constructor(scope: Construct, readonly contract: C, props: UpstreamProps) {
    super(scope, contract.phase);
    if (props.mode === "mock") {
      this.mocks = mockOutputs(contract, props.config);
      return;
    }
    const remote = new DataTerraformRemoteStateS3(this, "Resource", s3StateSettings(props.config, contract.phase));
    remote.addOverride("lifecycle", { postcondition: guardConditions(contract, props.config) });
    this.remoteState = remote;
  }

  /** An upstream output, typed by the contract. */
  get<K extends keyof Outputs<C> & string>(name: K): ValueOf<Outputs<C>[K]["type"]> {
    if (this.mocks) return this.mocks[name] as ValueOf<Outputs<C>[K]["type"]>;
    const remote = this.remoteState!;
    const type = this.contract.outputs[name].type;
    if (type === "string") return remote.getString(name) as ValueOf<Outputs<C>[K]["type"]>;
    if (type === "list") return remote.getList(name) as ValueOf<Outputs<C>[K]["type"]>;
    return Token.asAny(remote.get(name)) as unknown as ValueOf<Outputs<C>[K]["type"]>;
  }

  /** One entry of a map output, e.g. `lookup("image_uris", "api")`. */
  lookup<K extends keyof Outputs<C> & string>(name: K, key: string): string {
    if (this.contract.outputs[name].type !== "map") throw new Error(`${this.contract.phase}.${name} is not a map output`);
    if (this.mocks) {
      const value = (this.mocks[name] as Record<string, string>)[key];
      if (value === undefined) throw new Error(`${this.contract.phase}.${name} has no entry "${key}" in its mock values`);
      return value;
    }
    // Keys are DNS labels, which are valid HCL identifiers: outputs.image_uris.api
    return this.remoteState!.getString(`${name}.${key}`);
  }
}

/**
 * Postconditions on the remote-state read. They run before anything uses the
 * outputs, so a missing or mismatched upstream stops the plan with a message that
 * names the phase to deploy first (cdktf's own dependency check is switched off by
 * --ignore-missing-stack-dependencies, which phase-by-phase deploys need).
 */
function guardConditions(contract: Contract, config: ResolvedConfig) {
  const m = `self.outputs.${MARKER_OUTPUT}`;
  const deployFirst = `Deploy it first: APP_ENV=${config.environment} npx cdktf deploy ${contract.phase} --ignore-missing-stack-dependencies`;
  const where = `s3://${config.stateBackend.bucket}/${s3StateSettings(config, contract.phase).key}`;
  return [
    {
      condition: `\${can(${m}.phase)}`,
      error_message: `The ${contract.phase} phase of environment "${config.environment}" has no outputs in ${where}: it was never deployed or was destroyed. ${deployFirst}`,
    },
    {
      condition: `\${!can(${m}.phase) || try(${m}.environment, "") == "${config.environment}"}`,
      error_message: `The state at ${where} belongs to another environment than "${config.environment}". Check stateBackend.keyPrefix and APP_ENV.`,
    },
    {
      condition: `\${!can(${m}.phase) || try(${m}.version, 0) == ${contract.version}}`,
      error_message: `The ${contract.phase} phase of "${config.environment}" was deployed with another contract version than ${contract.version}, which this code expects. ${deployFirst}`,
    },
  ];
}
