/**
 * Plan-only mode must never deploy. In that mode every resource and output gets a
 * precondition on `local.plan_only_clock = timestamp()`: unknown while planning
 * (so the plan is complete and readable) and known when applying, where the
 * precondition fails before any resource is created or changed.
 */
import { Aspects, TerraformLocal, TerraformOutput, TerraformResource, type IAspect, type TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

export const PLAN_ONLY_MESSAGE =
  "This configuration was synthesized in plan-only mode (APP_UPSTREAM=mock): upstream outputs are mock values. It can be planned but never applied. Synthesize again without APP_UPSTREAM to deploy.";

const CLOCK = "plan_only_clock";
const CONDITION = `\${local.${CLOCK} == "plan-only"}`;

class PlanOnlyGuard implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof TerraformResource) {
      const lifecycle = node.lifecycle ?? {};
      node.lifecycle = { ...lifecycle, precondition: [...(lifecycle.precondition ?? []), { condition: CONDITION, errorMessage: PLAN_ONLY_MESSAGE }] };
    } else if (node instanceof TerraformOutput) {
      // cdktf 0.21 drops TerraformOutput.precondition at synth; an override reaches the JSON.
      node.addOverride("precondition", [{ condition: CONDITION, error_message: PLAN_ONLY_MESSAGE }]);
    }
  }
}

/** Make a stack plan-only: it can be planned, and any apply fails before changing anything. */
export function makePlanOnly(stack: TerraformStack): void {
  new TerraformLocal(stack, CLOCK, "${timestamp()}");
  Aspects.of(stack).add(new PlanOnlyGuard());
}
