/**
 * An AWS WAF web ACL with AWS's baseline managed rule groups and a per-IP rate
 * limit, logging to CloudWatch Logs (`aws-waf-logs-…`, as WAF requires) with
 * credentials and cookies redacted:
 *
 * - AWSManagedRulesCommonRuleSet (OWASP top-10 style protections),
 * - AWSManagedRulesKnownBadInputsRuleSet (incl. Log4j / Log4Shell),
 * - AWSManagedRulesAmazonIpReputationList (bots and known bad actors),
 * - a rate-based rule blocking an IP above `rateLimit` requests in 5 minutes.
 *
 * Scope CLOUDFRONT lives in us-east-1 (pass that provider); REGIONAL attaches to
 * a load balancer with `associate`.
 */
import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import type { ResolvedConfig } from "../../config/defaults";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";

/** The managed rule groups every web ACL of the platform runs, in evaluation order. */
export const MANAGED_RULE_GROUPS = ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"] as const;

export interface WebAclProps {
  /** Web ACL name (at most 128 characters); the log group is `aws-waf-logs-<name>`. */
  readonly name: string;
  readonly scope: "CLOUDFRONT" | "REGIONAL";
  /** Requests per client IP in any 5 minutes before it is blocked. */
  readonly rateLimit: number;
  /** Rules that only count, by managed group (e.g. the common rule set's SizeRestrictions_BODY). @default {} */
  readonly countOnly?: Readonly<Partial<Record<(typeof MANAGED_RULE_GROUPS)[number], readonly string[]>>>;
  readonly logRetentionDays: number;
  /** Customer managed key of the log group (a key of the ACL's region). @default - CloudWatch Logs' own encryption */
  readonly logsKmsKeyArn?: string;
  /** us-east-1 for scope CLOUDFRONT. @default - the stack's provider */
  readonly provider?: TerraformProvider;
}

export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const metric = (name: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `${props.name}-${name}`.slice(0, 128) });
    const managed = MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group,
      priority: 10 * (i + 1),
      overrideAction: { none: {} },
      // The binding leaves statements untyped: they are written as Terraform spells them.
      statement: {
        managed_rule_group_statement: {
          vendor_name: "AWS",
          name: group,
          ...((props.countOnly?.[group]?.length ?? 0) > 0
            ? { rule_action_override: props.countOnly![group]!.map((rule) => ({ name: rule, action_to_use: { count: {} } })) }
            : {}),
        },
      },
      visibilityConfig: metric(group),
    }));
    const rateLimit = {
      name: "rate-limit-per-ip",
      priority: 1,
      action: { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimit, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
      visibilityConfig: metric("rate-limit"),
    };
    this.acl = new Wafv2WebAcl(this, "Resource", {
      name: props.name,
      description: `Managed rule groups and a rate limit of ${props.rateLimit} requests per IP in 5 minutes`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: [rateLimit, ...managed],
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: props.name },
      provider: props.provider,
    });
    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: `aws-waf-logs-${props.name}`, retentionInDays: props.logRetentionDays, kmsKeyId: props.logsKmsKeyArn, provider: props.provider });
    new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.acl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
      provider: props.provider,
    });
  }

  get arn(): string {
    return this.acl.arn;
  }

  /** Attach a regional web ACL to a load balancer. */
  associate(id: string, resourceArn: string): Wafv2WebAclAssociation {
    return new Wafv2WebAclAssociation(this, id, { resourceArn, webAclArn: this.acl.arn });
  }
}

/** A web ACL with the environment's WAF settings (rate limit, counted rules) and log retention. */
export function environmentWebAcl(
  scope: Construct,
  id: string,
  c: Pick<ResolvedConfig, "names" | "waf" | "protection">,
  props: { readonly scope: WebAclProps["scope"]; readonly nameSuffix: string; readonly provider?: TerraformProvider; readonly logsKmsKeyArn?: string },
): WebAcl {
  return new WebAcl(scope, id, {
    name: `${c.names.prefix}-${props.nameSuffix}`,
    scope: props.scope,
    rateLimit: c.waf.rateLimit,
    countOnly: c.waf.countOnly,
    logRetentionDays: c.protection.logRetentionDays,
    logsKmsKeyArn: props.logsKmsKeyArn,
    provider: props.provider,
  });
}
