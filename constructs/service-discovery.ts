/**
 * Service discovery for internal services with Cloud Map: a private DNS
 * namespace in the VPC, and per service an A record set of its tasks' private
 * addresses, kept current by ECS. Callers reach `<service>.<namespace>`.
 *
 * Cloud Map rather than ECS Service Connect: plain DNS works for every caller,
 * including on-demand tasks (`aws ecs run-task` cannot join Service Connect),
 * Batch jobs and anything else in the VPC, and needs no proxy sidecar in each
 * task. Access stays governed by security groups.
 */
import { Construct } from "constructs";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";

export interface ServiceDiscoveryProps {
  /** e.g. `dev.acme.internal` */
  readonly namespaceName: string;
  readonly vpcId: string;
  /** Seconds callers may cache an address. @default 10 */
  readonly ttlSeconds?: number;
}

export class ServiceDiscovery extends Construct {
  readonly namespace: ServiceDiscoveryPrivateDnsNamespace;
  private readonly ttl: number;

  constructor(scope: Construct, id: string, props: ServiceDiscoveryProps) {
    super(scope, id);
    this.ttl = props.ttlSeconds ?? 10;
    this.namespace = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
      name: props.namespaceName,
      vpc: props.vpcId,
      description: "Internal services of this environment, by name",
    });
  }

  /** A discovery service named `name`; ECS registers the tasks of the service that uses it. */
  register(name: string): ServiceDiscoveryService {
    return new ServiceDiscoveryService(this, name, {
      name,
      dnsConfig: {
        namespaceId: this.namespace.id,
        routingPolicy: "MULTIVALUE",
        dnsRecords: [{ type: "A", ttl: this.ttl }],
      },
      // ECS reports each task's health: callers are not sent to a task ECS considers unhealthy.
      healthCheckCustomConfig: {},
      forceDestroy: true,
    });
  }
}
