/**
 * The environment's application load balancer, shared by the web services.
 * Secure defaults: its own security group, invalid header fields dropped,
 * strictest desync mitigation, a default action that answers 404 to requests
 * no service claims, HTTPS with a TLS 1.3 policy when a certificate is given
 * (port 80 then only redirects, or is not served at all: prod's listeners are
 * HTTPS only), access logs and deletion protection on request.
 *
 * Services join with `addService`: a target group on the container port and a
 * listener rule by path and/or host, and the load balancer may reach exactly
 * that port of exactly that service's security group.
 */
import { Construct } from "constructs";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup, type SecurityGroupBase } from "./security-group";

/** Prefix of load balancer access logs in the log archive. */
export const LOAD_BALANCER_LOG_PREFIX = "alb";

/** TLS 1.3 with TLS 1.2 fallback and forward secrecy only. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export interface LoadBalancerProps {
  /** AWS name (at most 32 characters). */
  readonly name: string;
  readonly vpcId: string;
  /** Public subnets, or private ones when internal; at least two AZs. */
  readonly subnetIds: readonly string[];
  /** Internal scheme, reached from inside the VPC only (a CDN's VPC origin). @default false */
  readonly internal?: boolean;
  /** The VPC's CIDR: who may reach an internal load balancer. Required when internal. */
  readonly vpcCidr?: string;
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** @default false */
  readonly deletionProtection?: boolean;
  /** Access logs into a bucket whose policy lets Elastic Load Balancing write. @default - none */
  readonly accessLogsBucket?: string;
  /** A validated certificate: HTTPS on 443 and a redirect on 80. @default - HTTP only */
  readonly certificateArn?: string;
  /**
   * With a certificate, a port 80 listener that redirects to HTTPS. Without it the
   * load balancer serves HTTPS alone (prod: every listener encrypts, ELB.18).
   * Ignored without a certificate, where port 80 is what serves. @default true
   */
  readonly httpRedirect?: boolean;
}

export interface LoadBalancedServiceProps {
  /** Target group name (at most 32 characters). */
  readonly targetGroupName: string;
  readonly port: number;
  /** The service's own security group: the load balancer may reach `port` on it. */
  readonly securityGroup: SecurityGroupBase;
  readonly priority: number;
  /** Host header values. @default - any host */
  readonly hosts?: readonly string[];
  /** Path patterns. @default - any path */
  readonly paths?: readonly string[];
  readonly healthCheck: {
    readonly path: string;
    readonly matcher: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
  /** @default 30 */
  readonly deregistrationDelaySeconds?: number;
}

export class LoadBalancer extends Construct {
  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;
  /** Port 80: serves without a certificate, else redirects to HTTPS (absent when httpRedirect is false). */
  readonly httpListener?: LbListener;
  readonly httpsListener?: LbListener;
  /** Where service rules go: HTTPS when there is a certificate, else HTTP. */
  private readonly serving: LbListener;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    if (props.internal && !props.vpcCidr) throw new Error(`${this.node.path}: an internal load balancer (internal: true) needs vpcCidr to admit callers`);

    this.securityGroup = new SecurityGroup(this, "security_group", {
      name: props.name.endsWith("-alb") ? props.name : `${props.name}-alb`,
      description: `Load balancer ${props.name}: ${props.internal ? "HTTP(S) from inside the VPC" : "HTTP(S) from the internet"}, to its services' ports only`,
      vpcId: props.vpcId,
      label: id,
    });
    const http = !props.certificateArn || (props.httpRedirect ?? true);
    const ports = [...(http ? [80] : []), ...(props.certificateArn ? [443] : [])];
    for (const port of ports) {
      if (props.internal) this.securityGroup.allowFromCidr(props.vpcCidr!, port, `Port ${port} from inside the VPC`);
      else this.securityGroup.allowFromAnywhere(port, `Port ${port} from the internet`);
    }

    this.loadBalancer = new Lb(this, "Resource", {
      name: props.name,
      loadBalancerType: "application",
      internal: props.internal ?? false,
      subnets: [...props.subnetIds],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableDeletionProtection: props.deletionProtection ?? false,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      ipAddressType: "ipv4",
      ...(props.accessLogsBucket ? { accessLogs: { bucket: props.accessLogsBucket, prefix: LOAD_BALANCER_LOG_PREFIX, enabled: true } } : {}),
    });

    const notFound = { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not Found" } };
    if (props.certificateArn) {
      this.httpsListener = new LbListener(this, "https_listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: props.certificateArn,
        defaultAction: [notFound],
      });
    }
    if (http) {
      this.httpListener = new LbListener(this, "http_listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultAction: [props.certificateArn ? { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } : notFound],
      });
    }
    this.serving = (this.httpsListener ?? this.httpListener)!;
  }

  get arn(): string {
    return this.loadBalancer.arn;
  }

  get dnsName(): string {
    return this.loadBalancer.dnsName;
  }

  get zoneId(): string {
    return this.loadBalancer.zoneId;
  }

  /**
   * A target group for a service's tasks and the listener rule that routes to it.
   * Construct ids start with `id`. An ECS service must depend on the rule: a
   * target group joins the load balancer only through it.
   */
  addService(id: string, props: LoadBalancedServiceProps): { readonly targetGroup: LbTargetGroup; readonly rule: LbListenerRule } {
    const hc = props.healthCheck;
    const targetGroup = new LbTargetGroup(this, `${id}_target_group`, {
      name: props.targetGroupName,
      port: props.port,
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      targetType: "ip",
      vpcId: this.loadBalancer.vpcId,
      deregistrationDelay: String(props.deregistrationDelaySeconds ?? 30),
      healthCheck: {
        enabled: true,
        path: hc.path,
        matcher: hc.matcher,
        protocol: "HTTP",
        port: "traffic-port",
        interval: hc.intervalSeconds,
        timeout: hc.timeoutSeconds,
        healthyThreshold: hc.healthyThreshold,
        unhealthyThreshold: hc.unhealthyThreshold,
      },
      // The port is part of the name: a new group comes up before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });
    const rule = this.addRule(`${id}_rule`, { targetGroupArn: targetGroup.arn, priority: props.priority, hosts: props.hosts, paths: props.paths });
    props.securityGroup.allowFrom(this.securityGroup, props.port, `HTTP from the load balancer to ${id}`);
    return { targetGroup, rule };
  }

  /**
   * Another way to a service's target group (a CDN's path, under the origin's host name).
   * Without hosts and paths the rule matches every request.
   */
  addRule(id: string, props: { readonly targetGroupArn: string; readonly priority: number; readonly hosts?: readonly string[]; readonly paths?: readonly string[] }): LbListenerRule {
    const condition = [
      ...(props.hosts?.length ? [{ hostHeader: { values: [...props.hosts] } }] : []),
      ...(props.paths?.length ? [{ pathPattern: { values: [...props.paths] } }] : []),
    ];
    return new LbListenerRule(this, id, {
      listenerArn: this.serving.arn,
      priority: props.priority,
      action: [{ type: "forward", targetGroupArn: props.targetGroupArn }],
      condition: condition.length > 0 ? condition : [{ pathPattern: { values: ["/*"] } }],
    });
  }
}
