/**
 * Suppress a policy rule for the resources of a construct, with a written reason.
 * The suppression is written into each resource's `//` comment block of the
 * synthesized JSON (Terraform ignores it), so reviewers and ops see it next to the
 * resource, and the policy report lists it.
 */
import { TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { isValidReason, SUPPRESSIONS_KEY } from "./model";
import { SUPPRESSION_MIN_REASON, type Suppression } from "./types";

const applied = new WeakMap<TerraformResource, Suppression[]>();

export function suppressRule(scope: IConstruct, rule: string, reason: string): void {
  if (!isValidReason(reason)) throw new Error(`Suppressing ${rule} on ${scope.node.path} needs a reason of at least ${SUPPRESSION_MIN_REASON} characters`);
  const resources = scope.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
  if (resources.length === 0) throw new Error(`Suppressing ${rule}: ${scope.node.path} contains no resources`);
  for (const r of resources) {
    const before = applied.get(r) ?? [];
    // The same suppression twice (one per cache node's alarms on one group) is written once.
    if (before.some((x) => x.rule === rule && x.reason === reason)) continue;
    const list = [...before, { rule, reason }];
    applied.set(r, list);
    r.addOverride(`//.${SUPPRESSIONS_KEY}`, list);
  }
}
