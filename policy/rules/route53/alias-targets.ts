import type { Resource, StackModel } from "../../model";
import type { ResourceRule } from "../../types";
import { block, isInterpolated, referencesIn, str, UNKNOWN } from "../../values";

/** What an address record may point at: the resources checkov's CKV2_AWS_23 accepts, each an AWS resource with an address of its own. */
export const RECORD_TARGETS = [
  "aws_instance", "aws_eip", "aws_elb", "aws_lb", "aws_alb", "aws_route53_record", "aws_s3_bucket", "aws_api_gateway_domain_name", "aws_elastic_beanstalk_environment",
  "aws_vpc_endpoint", "aws_globalaccelerator_accelerator", "aws_cloudfront_distribution", "aws_db_instance", "aws_apigatewayv2_domain_name",
];

/**
 * Why the value points at something that exists (a resource of the stack, or a
 * lookup in AWS: `data.aws_*`), UNKNOWN when it comes from another phase's state
 * (which can outlive what it names), or undefined when it points at nothing checked.
 */
function target(value: unknown, stack: StackModel): string | typeof UNKNOWN | undefined {
  const refs = referencesIn(value);
  for (const r of refs) {
    if (r.address.startsWith("data.aws_")) return r.address;
    const resource = stack.get(r.address);
    if (resource && RECORD_TARGETS.includes(resource.type)) return r.address;
  }
  return refs.some((r) => r.address.startsWith("data.terraform_remote_state.")) ? UNKNOWN : undefined;
}

/** The finding for a record whose target is not a checked resource. */
function unchecked(found: string | typeof UNKNOWN | undefined, detail: () => string): { detail: string; unknown?: boolean } | undefined {
  if (found === UNKNOWN) return { detail: `${detail()}; another phase's state names it, which can outlive it, so whether it exists is only known after apply`, unknown: true };
  return found ? undefined : { detail: detail() };
}

function describe(value: unknown, stack: StackModel): string {
  const refs = referencesIn(value);
  if (refs.length === 0) {
    const written = (Array.isArray(value) ? value : [value]).map(String).join(", ");
    const what = [value].flat().some((v) => isInterpolated(v)) ? "the expression" : "the literal";
    return `${what} ${written}: nothing in the stack makes sure it exists, and a name left pointing at a released address can be taken over`;
  }
  const missing = refs.find((r) => !stack.get(r.address));
  if (missing) return `${missing.address}, which is not in the stack`;
  return `${refs.map((r) => `${r.address} (${stack.get(r.address)!.type})`).join(", ")}, which is no AWS resource an address record points at`;
}

/** The record's values come from a resource of the stack (ACM's validation records iterate the certificate's options). */
const derived = (record: Resource, stack: StackModel) => referencesIn([record.values.for_each, record.values.records]).some((r) => stack.get(r.address) !== undefined);

export const route53RecordTargets: ResourceRule = {
  id: "DNS-01",
  checkov: ["CKV2_AWS_23"],
  fsbp: [],
  level: "error",
  message: "Route 53 A and AAAA records must point at a resource of the stack or one read from AWS",
  rationale:
    "A record left pointing at an address or host name nobody holds any more (a deleted load balancer, a released Elastic IP, a removed distribution) is a dangling record: whoever gets that address next serves the domain. An alias or address taken from a resource of the stack (or a data source read from AWS) goes when that resource goes; one taken from another phase's state is reported as only known after apply. CKV2_AWS_23 looks at A records only; AAAA records are held to it too.",
  fix: "Point the alias at the resource (alias { name = aws_lb.x.dns_name, zone_id = aws_lb.x.zone_id }), as AliasRecords does, instead of a literal name or address.",
  resourceTypes: ["aws_route53_record"],
  check(record, { stack }) {
    const type = str(record.values.type);
    const alias = block(record.values.alias);
    if (type !== UNKNOWN && type !== "A" && type !== "AAAA") return undefined;
    const kind = type === UNKNOWN ? "the record (its type is only known after apply)" : `the ${type} record`;
    if (alias) return unchecked(target(alias.name, stack), () => `${kind}'s alias points at ${describe(alias.name, stack)}`);
    if (type === UNKNOWN) return derived(record, stack) ? undefined : { detail: "type is only known after apply, and its records come from no resource of the stack", unknown: true };
    return unchecked(target(record.values.records, stack), () => `${kind} points at ${describe(record.values.records, stack)}`);
  },
};
