/**
 * Typed contracts between stacks. A stack publishes a small set of named,
 * readable outputs (`ecr_repository_urls`, not `cross-stack-output-…`) plus a
 * marker output that later stacks check before they use anything. Each output
 * carries a mock value derived from the configuration: used for plan-only mode
 * (pull-request plans before upstream exists) and by the tests.
 */
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { ResolvedConfig } from "../config/defaults";
import type { Phase } from "./phases";

export type OutputType = "string" | "list" | "map";
export type ValueOf<T extends OutputType> = T extends "string" ? string : T extends "list" ? string[] : Record<string, string>;

export interface OutputSpec<T extends OutputType = OutputType> {
  readonly type: T;
  readonly description: string;
  /** A value shaped like the real one, derived from config, for plan-only mode and tests. */
  readonly mock: (config: ResolvedConfig) => ValueOf<T>;
  /**
   * Map outputs: the keys, selected from config. The mock value has exactly these
   * keys, and publishing a real value with other keys fails synthesis, so
   * plan-only mode can never accept a look-up that fails for real.
   */
  readonly keys?: (config: ResolvedConfig) => readonly string[];
}

export interface Contract<S extends Record<string, OutputSpec> = Record<string, OutputSpec>> {
  readonly phase: Phase;
  /** Bump when an output changes meaning or shape; downstream refuses a mismatched upstream. */
  readonly version: number;
  readonly outputs: S;
}

export type ContractValues<C extends Contract> = { readonly [K in keyof C["outputs"]]: ValueOf<C["outputs"][K]["type"]> };

/** Output every phase publishes to say "this phase is deployed, for this environment, with this contract". */
export const MARKER_OUTPUT = "phase_contract";

export interface ContractMarker {
  readonly phase: Phase;
  readonly environment: string;
  readonly version: number;
}

export function defineContract<S extends Record<string, OutputSpec>>(phase: Phase, version: number, outputs: S): Contract<S> {
  return { phase, version, outputs };
}

export function output<T extends Exclude<OutputType, "map">>(type: T, description: string, mock: (config: ResolvedConfig) => ValueOf<T>): OutputSpec<T> {
  return { type, description, mock };
}

/** A map output whose keys are selected from config, with a mock value per key. */
export function mapOutput(description: string, keys: (config: ResolvedConfig) => readonly string[], mock: (config: ResolvedConfig, key: string) => string): OutputSpec<"map"> {
  return { type: "map", description, keys, mock: (c) => Object.fromEntries(keys(c).map((k) => [k, mock(c, k)])) };
}

/** A map output whose keys exist only after apply (e.g. DNS records AWS hands out); downstream iterates it. */
export function openMapOutput(description: string, mock: (config: ResolvedConfig) => Record<string, string>): OutputSpec<"map"> {
  return { type: "map", description, mock };
}

/** All mock values of a contract, plus its marker: the shape of the upstream's real outputs. */
export function mockOutputs(contract: Contract, config: ResolvedConfig): Record<string, unknown> {
  const values: Record<string, unknown> = Object.fromEntries(Object.entries(contract.outputs).map(([name, spec]) => [name, spec.mock(config)]));
  values[MARKER_OUTPUT] = marker(contract, config);
  return values;
}

export function marker(contract: Contract, config: ResolvedConfig): ContractMarker {
  return { phase: contract.phase, environment: config.environment, version: contract.version };
}

/** Publish a contract's outputs from the stack that owns it. Every declared output must be given. */
export function publishContract<C extends Contract>(scope: Construct, contract: C, config: ResolvedConfig, values: ContractValues<C>): void {
  for (const [name, spec] of Object.entries(contract.outputs)) {
    const value = (values as Record<string, unknown>)[name];
    if (spec.keys) checkKeys(`${contract.phase}.${name}`, value, spec.keys(config));
    new TerraformOutput(scope, name, { value, description: spec.description });
  }
  new TerraformOutput(scope, MARKER_OUTPUT, {
    value: marker(contract, config),
    description: `Marks the ${contract.phase} phase of ${config.environment} as deployed with contract version ${contract.version}; later phases check it first`,
  });
}

function checkKeys(output: string, value: unknown, expected: readonly string[]): void {
  const actual = typeof value === "object" && value !== null ? Object.keys(value).sort() : undefined;
  const want = [...expected].sort();
  if (!actual || actual.join() !== want.join()) {
    throw new Error(`contract output ${output} is published with keys [${actual?.join(", ") ?? typeof value}] but its contract selects [${want.join(", ")}]; publish exactly the selected keys`);
  }
}
