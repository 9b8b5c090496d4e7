import type { Resource, StackModel } from "../../model";
import type { ResourceRule } from "../../types";
import { block, refersTo, strings, UNKNOWN } from "../../values";

/** Application Auto Scaling targets whose resource_id (`service/<cluster>/<service>`) names this service, by reference or by its literal name. */
function scalingTargetsOf(stack: StackModel, service: Resource): Resource[] {
  const name = service.values.name;
  return stack.ofType("aws_appautoscaling_target").filter((t) => {
    const id = t.values.resource_id;
    return refersTo(id, service.address) || (typeof name === "string" && typeof id === "string" && id.startsWith("service/") && id.endsWith(`/${name}`));
  });
}

export const ecsScaledDesiredCount: ResourceRule = {
  id: "ECS-11",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "ECS services that autoscale must leave desired_count to the autoscaler",
  rationale: "Otherwise every apply resets the task count to the configured number: a deploy during a traffic peak scales the service in, one at night scales it out.",
  fix: 'Add lifecycle { ignore_changes = ["desired_count"] } to the service (FargateService does).',
  resourceTypes: ["aws_ecs_service"],
  check(service, { stack }) {
    const targets = scalingTargetsOf(stack, service);
    if (targets.length === 0) return undefined;
    const ignored = strings(block(service.values.lifecycle)?.ignore_changes);
    if (ignored === UNKNOWN) return { detail: "lifecycle.ignore_changes is only known after apply", unknown: true };
    if (ignored?.includes("desired_count") || ignored?.includes("all")) return undefined;
    return { detail: `${targets[0].address} scales it, but lifecycle.ignore_changes does not list desired_count` };
  },
};
