import type { ResourceRule, Violation } from "../../types";
import { block, str, strings, UNKNOWN } from "../../values";

const FARGATE = ["FARGATE", "FARGATE_SPOT"];

export const batchFargateNetworking: ResourceRule = {
  id: "BATCH-08",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Fargate Batch compute environments must run in private subnets behind security groups",
  rationale: "Every job of the environment runs with its network interfaces in these subnets and groups: the groups are what the database, the cache and the endpoints admit, and public subnets would put jobs next to the internet gateway.",
  fix: "Set compute_resources.security_group_ids (the app group and the job's own) and compute_resources.subnets to the private subnets (BatchJob does).",
  resourceTypes: ["aws_batch_compute_environment"],
  check(env) {
    const cr = block(env.values.compute_resources);
    if (!cr) return undefined;
    const type = str(cr.type);
    if (type === UNKNOWN) return { detail: "compute_resources.type is only known after apply", unknown: true };
    if (type === undefined || !FARGATE.includes(type)) return undefined;
    const out: Violation[] = [];
    const groups = strings(cr.security_group_ids);
    if (groups === UNKNOWN) out.push({ detail: "compute_resources.security_group_ids is only known after apply (a whole-list expression)", unknown: true });
    else if (!groups || groups.length === 0) out.push({ detail: "compute_resources has no security_group_ids" });
    const subnets = cr.subnets;
    if (subnets === undefined || (Array.isArray(subnets) && subnets.length === 0)) out.push({ detail: "compute_resources has no subnets" });
    else if (/public[_-]?subnet/i.test(JSON.stringify(subnets))) out.push({ detail: `compute_resources.subnets are public subnets (${JSON.stringify(subnets)})` });
    return out;
  },
};
