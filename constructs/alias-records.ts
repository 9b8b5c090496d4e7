/**
 * Route53 alias records (A, and AAAA on request) that point host names of a
 * hosted zone at a load balancer or distribution. Record addresses read
 * `<id>_<host>` with `.` as `_`, `-` as `__` and a leading `*.` as `_wildcard_`
 * (one address per host name), e.g. `domain_api_example_com`; AAAA records add `_aaaa`.
 */
import { Construct } from "constructs";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";

export interface AliasRecordsProps {
  readonly hostedZoneId: string;
  readonly hostNames: readonly string[];
  readonly targetDnsName: string;
  /** The target's own hosted zone id (the load balancer's `zone_id`). */
  readonly targetZoneId: string;
  /** Also AAAA records (an IPv6-enabled distribution). @default false */
  readonly ipv6?: boolean;
  /** Route53 checks the target's health (load balancers); CloudFront targets need false. @default true */
  readonly evaluateTargetHealth?: boolean;
}

export class AliasRecords extends Construct {
  readonly records: Route53Record[];

  constructor(scope: Construct, id: string, props: AliasRecordsProps) {
    super(scope, id);
    const alias = { name: props.targetDnsName, zoneId: props.targetZoneId, evaluateTargetHealth: props.evaluateTargetHealth ?? true };
    this.records = props.hostNames.flatMap((host) => [
      new Route53Record(this, recordId(host), { zoneId: props.hostedZoneId, name: host, type: "A", alias }),
      ...(props.ipv6 ? [new Route53Record(this, `${recordId(host)}_aaaa`, { zoneId: props.hostedZoneId, name: host, type: "AAAA", alias })] : []),
    ]);
  }
}

/** A distinct construct id per valid host name (labels never start or end with `-`). */
export function recordId(host: string): string {
  const wildcard = host.startsWith("*.");
  const id = (wildcard ? host.slice(2) : host).replace(/-/g, "__").replace(/\./g, "_");
  return wildcard ? `_wildcard_${id}` : id;
}
