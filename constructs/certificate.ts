/**
 * A regional ACM certificate for a set of host names, validated by DNS records
 * in a Route53 hosted zone the configuration names by id (so no plan looks the
 * zone up). `certificateArn` is only known once validation has succeeded, so a
 * listener using it never serves an unvalidated certificate.
 */
import { Construct } from "constructs";
import { TerraformIterator, Token, type TerraformProvider } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";

export interface DnsValidatedCertificateProps {
  /** Host names; the first is the certificate's domain name, the others its alternative names. */
  readonly hostNames: readonly string[];
  readonly hostedZoneId: string;
  /** Where the certificate lives: a us-east-1 provider for CloudFront. @default - the stack's provider */
  readonly provider?: TerraformProvider;
}

export class DnsValidatedCertificate extends Construct {
  readonly certificate: AcmCertificate;
  readonly validation: AcmCertificateValidation;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    if (props.hostNames.length === 0) throw new Error(`${this.node.path}: a certificate needs at least one host name`);
    const [domainName, ...alternatives] = props.hostNames;
    this.certificate = new AcmCertificate(this, "Resource", {
      domainName,
      subjectAlternativeNames: alternatives,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      // A new host replaces the certificate: the new one is issued before the listener lets go of the old.
      lifecycle: { createBeforeDestroy: true },
      provider: props.provider,
    });
    // One record per host, keyed by the host. The set is iterated as it is: `tolist` over a set
    // whose elements are still partly unknown at plan gives an unknown list once there are two
    // hosts, and for_each refuses unknown keys (cdktf's fromComplexList would write tolist).
    const options = TerraformIterator.fromMap(
      Token.asAnyMap(`\${{ for option in ${this.certificate.fqn}.domain_validation_options : option.domain_name => option }}`),
    );
    const records = new Route53Record(this, "validation_record", {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 300,
      allowOverwrite: true,
    });
    this.validation = new AcmCertificateValidation(this, "validation", {
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
      provider: props.provider,
    });
  }

  /** The ARN, available once the certificate is issued. */
  get certificateArn(): string {
    return this.validation.certificateArn;
  }
}
