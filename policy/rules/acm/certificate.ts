import type { ResourceRule, Violation } from "../../types";
import { block, bool, isInterpolated, str, strings, UNKNOWN } from "../../values";

export const acmCertificate: ResourceRule = {
  id: "ACM-01",
  checkov: ["CKV_AWS_233", "CKV_AWS_234", "CKV2_AWS_71"],
  fsbp: [],
  level: "error",
  message: "ACM certificates must be replaced before they are destroyed, logged for transparency, and name no wildcard",
  rationale:
    "create_before_destroy lets a listener or distribution move to the new certificate before the old one is deleted, so a change of host names is no outage. Certificate transparency logging lets browsers trust the certificate and the domain's owner see every certificate issued for it. A wildcard certificate serves any host of the domain, so one leaked key impersonates them all; name each host.",
  fix: "Set lifecycle { create_before_destroy = true }, leave options.certificate_transparency_logging_preference unset or ENABLED, and list the hosts by name (DnsValidatedCertificate does all three).",
  resourceTypes: ["aws_acm_certificate"],
  check(cert) {
    const problems: Violation[] = [];
    const replace = bool(block(cert.values.lifecycle)?.create_before_destroy);
    if (replace === UNKNOWN) problems.push({ detail: "lifecycle.create_before_destroy is only known after apply", unknown: true });
    else if (replace !== true) problems.push({ detail: `lifecycle.create_before_destroy is ${replace === false ? "false" : "not set"}` });

    const logging = str(block(cert.values.options)?.certificate_transparency_logging_preference);
    if (logging === UNKNOWN) problems.push({ detail: "options.certificate_transparency_logging_preference is only known after apply", unknown: true });
    else if (logging !== undefined && logging !== "ENABLED") problems.push({ detail: `options.certificate_transparency_logging_preference is ${logging}` });

    const domain = str(cert.values.domain_name);
    if (domain === UNKNOWN) problems.push({ detail: "domain_name is only known after apply", unknown: true });
    else if (domain?.includes("*")) problems.push({ detail: `domain_name ${domain} is a wildcard` });
    const alternatives = strings(cert.values.subject_alternative_names);
    if (alternatives === UNKNOWN) problems.push({ detail: "subject_alternative_names is only known after apply", unknown: true });
    else {
      for (const name of alternatives ?? []) {
        if (isInterpolated(name)) problems.push({ detail: `subject_alternative_names has ${name}, only known after apply`, unknown: true });
        else if (name.includes("*")) problems.push({ detail: `subject_alternative_names has the wildcard ${name}` });
      }
    }
    return problems;
  },
};
