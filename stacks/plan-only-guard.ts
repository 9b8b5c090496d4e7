/**
 * Plan-only mode (APP_UPSTREAM=mock) must never touch a live environment. Its
 * output therefore:
 *
 * - keeps its state in a local file inside its own stack folder
 *   (`plan-only.tfstate`), never in the shared S3 state, so nothing it does can
 *   read or change a deployed stack's state;
 * - ships that state pre-seeded with `terraform_data.plan_only_guard`, which
 *   cannot be destroyed: `terraform destroy` fails at plan time, and
 *   `terraform state push` of any other state fails on its lineage;
 * - puts `prevent_destroy` and a precondition on `local.plan_only_clock =
 *   timestamp()` on every resource: the clock is unknown while planning (so the
 *   plan is complete and readable) and known when applying, where the
 *   precondition fails before any resource is created or changed. Outputs get the
 *   same precondition.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Aspects, LocalBackend, TerraformLocal, TerraformOutput, TerraformResource, type IAspect, type ISynthesisSession, type TerraformStack } from "cdktf";
// cdktf's hook for writing extra files into a stack's output folder (not re-exported by its index).
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import type { IConstruct } from "constructs";
import { TerraformData } from "../constructs/terraform-data";

export const PLAN_ONLY_MESSAGE =
  "This configuration was synthesized in plan-only mode (APP_UPSTREAM=mock): upstream outputs are mock values. It can be planned but never applied. Synthesize again without APP_UPSTREAM to deploy.";

/** The local state file of a plan-only stack, relative to its stack folder. */
export const PLAN_ONLY_STATE_FILE = "plan-only.tfstate";
const GUARD = "plan_only_guard";
const GUARD_INPUT = { mode: "plan-only" };
const CLOCK = "plan_only_clock";
const CONDITION = `\${local.${CLOCK} == "plan-only"}`;

class PlanOnlyGuard implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof TerraformResource) {
      const lifecycle = node.lifecycle ?? {};
      node.lifecycle = {
        ...lifecycle,
        preventDestroy: true,
        precondition: [...(lifecycle.precondition ?? []), { condition: CONDITION, errorMessage: PLAN_ONLY_MESSAGE }],
      };
    } else if (node instanceof TerraformOutput) {
      // cdktf 0.21 drops TerraformOutput.precondition at synth; an override reaches the JSON.
      node.addOverride("precondition", [{ condition: CONDITION, error_message: PLAN_ONLY_MESSAGE }]);
    }
  }
}

/** Make a stack plan-only: its own local state, plannable, and no apply, destroy or state push can succeed. */
export function makePlanOnly(stack: TerraformStack, stackName: string): void {
  new LocalBackend(stack, { path: PLAN_ONLY_STATE_FILE });
  new TerraformLocal(stack, CLOCK, "${timestamp()}");
  const guard = new TerraformData(stack, GUARD, { input: GUARD_INPUT });
  addCustomSynthesis(guard, {
    onSynthesize(session: ISynthesisSession) {
      const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      fs.writeFileSync(path.join(dir, PLAN_ONLY_STATE_FILE), `${JSON.stringify(guardState(stackName), null, 2)}\n`);
    },
  });
  Aspects.of(stack).add(new PlanOnlyGuard());
}

/** A state (format 4) that holds only the guard, exactly as `terraform apply` records it. */
function guardState(stackName: string) {
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    // Never the lineage of a real state, so `terraform state push` of one is refused.
    lineage: `plan-only-${stackName}`,
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "terraform_data",
        name: GUARD,
        provider: 'provider["terraform.io/builtin/terraform"]',
        instances: [
          {
            schema_version: 0,
            attributes: {
              id: "plan-only",
              input: { value: GUARD_INPUT, type: ["object", { mode: "string" }] },
              output: { value: GUARD_INPUT, type: ["object", { mode: "string" }] },
              triggers_replace: null,
            },
            sensitive_attributes: [],
          },
        ],
      },
    ],
    check_results: null,
  };
}
