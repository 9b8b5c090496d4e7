/**
 * A web service on AWS App Runner, from a private ECR image. App Runner pulls
 * the image with the access role and runs it as the instance role (which also
 * reads the runtime secrets, by JSON key). Scaling is an auto scaling
 * configuration of its own (replaced before the old one goes: a configuration a
 * service uses cannot be deleted). Traffic to the VPC leaves through the
 * service's VPC connector; private ingress is a VPC ingress connection through
 * the App Runner interface endpoint. Custom domains are associated here; their
 * DNS records are known only after the association exists, so they are
 * published for the next phase to create (see `dnsRecords`).
 *
 * Deployments are Terraform's: automatic deployments from ECR are off, so an
 * image is deployed when the images phase chose it and this phase applied it.
 */
import { Construct } from "constructs";
import { ApprunnerAutoScalingConfigurationVersion } from "@cdktf/provider-aws/lib/apprunner-auto-scaling-configuration-version";
import { ApprunnerCustomDomainAssociation } from "@cdktf/provider-aws/lib/apprunner-custom-domain-association";
import { ApprunnerObservabilityConfiguration } from "@cdktf/provider-aws/lib/apprunner-observability-configuration";
import { ApprunnerService } from "@cdktf/provider-aws/lib/apprunner-service";
import { ApprunnerVpcIngressConnection } from "@cdktf/provider-aws/lib/apprunner-vpc-ingress-connection";

export interface AppRunnerServiceProps {
  /** App Runner service name (4–40 characters). */
  readonly serviceName: string;
  /** Name of its auto scaling and observability configurations (4–32 characters). */
  readonly configurationName: string;
  /** Private ECR image URI (repository:tag or repository@digest). */
  readonly image: string;
  /** Role App Runner pulls the image with (trusts build.apprunner.amazonaws.com). */
  readonly accessRoleArn: string;
  /** Role the application runs as (trusts tasks.apprunner.amazonaws.com); reads the secrets. */
  readonly instanceRoleArn: string;
  /** CPU units and memory MiB of an App Runner instance size. */
  readonly cpu: number;
  readonly memory: number;
  readonly port: number;
  /** Replaces the image's command; one string, split on spaces. @default - the image's CMD */
  readonly startCommand?: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Variable name -> Secrets Manager ARN with the JSON key (`arn:…:secret:name-AbCdEf:KEY::`). */
  readonly secrets: Readonly<Record<string, string>>;
  readonly healthCheck: {
    readonly protocol: "HTTP" | "TCP";
    readonly path: string;
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
  readonly scaling: { readonly minInstances: number; readonly maxInstances: number; readonly maxConcurrency: number };
  /** All outbound traffic through this VPC connector. @default - App Runner's own internet egress */
  readonly vpcConnectorArn?: string;
  /** Reachable only from the VPC, through this App Runner interface endpoint. @default - public */
  readonly privateIngress?: { readonly vpcId: string; readonly vpcEndpointId: string };
  /** X-Ray tracing (the instance role must allow it). @default false */
  readonly tracing?: boolean;
  /** Custom host names (not the zone apex); their DNS records are `dnsRecords`. @default [] */
  readonly hostNames?: readonly string[];
  /**
   * Customer managed key (its ARN, never an alias) of what App Runner stores of
   * the service; changing it replaces the service. @default - an AWS-owned key
   */
  readonly kmsKeyArn?: string;
}

export class AppRunnerService extends Construct {
  readonly service: ApprunnerService;
  readonly scaling: ApprunnerAutoScalingConfigurationVersion;
  readonly ingress?: ApprunnerVpcIngressConnection;
  readonly domains: readonly ApprunnerCustomDomainAssociation[];
  private readonly hostNames: readonly string[];

  constructor(scope: Construct, id: string, props: AppRunnerServiceProps) {
    super(scope, id);
    this.hostNames = props.hostNames ?? [];
    this.scaling = new ApprunnerAutoScalingConfigurationVersion(this, "scaling", {
      autoScalingConfigurationName: props.configurationName,
      minSize: props.scaling.minInstances,
      maxSize: props.scaling.maxInstances,
      maxConcurrency: props.scaling.maxConcurrency,
      // Every change is a new revision; the service must move to it before the old one can go.
      lifecycle: { createBeforeDestroy: true },
    });
    const tracing = props.tracing
      ? new ApprunnerObservabilityConfiguration(this, "tracing", {
          observabilityConfigurationName: props.configurationName,
          traceConfiguration: { vendor: "AWSXRAY" },
          lifecycle: { createBeforeDestroy: true },
        })
      : undefined;
    const hc = props.healthCheck;
    this.service = new ApprunnerService(this, "Resource", {
      serviceName: props.serviceName,
      encryptionConfiguration: props.kmsKeyArn ? { kmsKey: props.kmsKeyArn } : undefined,
      sourceConfiguration: {
        autoDeploymentsEnabled: false,
        authenticationConfiguration: { accessRoleArn: props.accessRoleArn },
        imageRepository: {
          imageIdentifier: props.image,
          imageRepositoryType: "ECR",
          imageConfiguration: {
            port: String(props.port),
            startCommand: props.startCommand,
            runtimeEnvironmentVariables: { ...props.environment },
            runtimeEnvironmentSecrets: { ...props.secrets },
          },
        },
      },
      instanceConfiguration: { cpu: String(props.cpu), memory: String(props.memory), instanceRoleArn: props.instanceRoleArn },
      healthCheckConfiguration: {
        protocol: hc.protocol,
        path: hc.protocol === "HTTP" ? hc.path : undefined,
        interval: hc.intervalSeconds,
        timeout: hc.timeoutSeconds,
        healthyThreshold: hc.healthyThreshold,
        unhealthyThreshold: hc.unhealthyThreshold,
      },
      autoScalingConfigurationArn: this.scaling.arn,
      networkConfiguration: {
        ipAddressType: "IPV4",
        egressConfiguration: props.vpcConnectorArn ? { egressType: "VPC", vpcConnectorArn: props.vpcConnectorArn } : { egressType: "DEFAULT" },
        ingressConfiguration: { isPubliclyAccessible: props.privateIngress === undefined },
      },
      observabilityConfiguration: tracing ? { observabilityEnabled: true, observabilityConfigurationArn: tracing.arn } : undefined,
    });
    if (props.privateIngress) {
      this.ingress = new ApprunnerVpcIngressConnection(this, "ingress", {
        name: props.serviceName,
        serviceArn: this.service.arn,
        ingressVpcConfiguration: { vpcId: props.privateIngress.vpcId, vpcEndpointId: props.privateIngress.vpcEndpointId },
      });
    }
    this.domains = (props.hostNames ?? []).map(
      (host, i) =>
        new ApprunnerCustomDomainAssociation(this, `domain_${i}`, {
          serviceArn: this.service.arn,
          domainName: host,
          // www.<host> would need records of its own; list it as a host when wanted.
          enableWwwSubdomain: false,
        }),
    );
  }

  get arn(): string {
    return this.service.arn;
  }

  /** The URL clients use: the first custom host (known in advance), the private ingress domain, or App Runner's own. */
  get url(): string {
    return `https://${this.host}`;
  }

  get host(): string {
    return this.hostNames[0] ?? this.ingress?.domainName ?? this.service.serviceUrl;
  }

  /**
   * The CNAME records the custom domains need, as Terraform object expressions
   * (name -> value): each host to its DNS target, and the certificate validation
   * records App Runner asks for. Known only after apply, so the next phase
   * creates them from this phase's state; `dnsRecordsOutput` merges them.
   */
  get dnsRecordExpressions(): string[] {
    return this.domains.flatMap((d) => {
      const address = `${d.terraformResourceType}.${d.friendlyUniqueId}`;
      return [`{ for r in ${address}.certificate_validation_records : trimsuffix(r.name, ".") => r.value }`, `{ (${address}.domain_name) = ${address}.dns_target }`];
    });
  }
}

/** One map of every App Runner DNS record of the given services, for an output. */
export function dnsRecordsOutput(services: readonly AppRunnerService[]): string {
  const parts = services.flatMap((s) => s.dnsRecordExpressions);
  return parts.length === 0 ? "${tomap({})}" : `\${merge(${parts.join(", ")})}`;
}
