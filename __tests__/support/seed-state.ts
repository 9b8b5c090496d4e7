/**
 * A Terraform state (format 4) that holds only a phase's contract outputs, to seed
 * a real backend with an "already deployed" upstream without any AWS.
 */
import type { ResolvedConfig } from "../../config/defaults";
import { MARKER_OUTPUT, mockOutputs, type Contract } from "../../stacks/contract";

const CTY: Record<string, unknown> = { string: "string", list: ["list", "string"], map: ["map", "string"] };
const MARKER_TYPE = ["object", { phase: "string", environment: "string", version: "number" }];

export interface SeedOptions {
  readonly lineage: string;
  readonly serial: number;
  /** Leave out the marker output, as a state of some other configuration would. */
  readonly withoutMarker?: boolean;
}

export function seededState(contract: Contract, config: ResolvedConfig, opts: SeedOptions): string {
  const values = mockOutputs(contract, config);
  const outputs: Record<string, { value: unknown; type: unknown }> = {};
  for (const [name, value] of Object.entries(values)) {
    if (name === MARKER_OUTPUT) {
      if (!opts.withoutMarker) outputs[name] = { value, type: MARKER_TYPE };
    } else {
      outputs[name] = { value, type: CTY[contract.outputs[name].type] };
    }
  }
  return JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: opts.serial, lineage: opts.lineage, outputs, resources: [], check_results: null }, null, 2);
}
