import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";

/** The RDS certificate authorities valid today (rds-ca-2019 expired in August 2024). */
export const CURRENT_RDS_CAS = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"] as const;

export const rdsCaCertificate: ResourceRule = {
  id: "RDS-13",
  checkov: ["CKV_AWS_211"],
  fsbp: [],
  level: "error",
  message: "RDS instances must use a current certificate authority",
  rationale:
    "Clients that verify the server (sslmode=verify-full) trust the CA the instance's certificate is signed by; an expired CA (rds-ca-2019) breaks them, or teaches them not to verify. Unset is AWS's current default (rds-ca-rsa2048-g1) and passes, as in CKV_AWS_211; stricter than the check, rds-ca-2019 fails.",
  fix: `Leave ca_cert_identifier unset or set one of ${CURRENT_RDS_CAS.join(", ")} (PostgresDatabase sets rds-ca-rsa2048-g1).`,
  resourceTypes: ["aws_db_instance"],
  check(db) {
    const ca = str(db.values.ca_cert_identifier);
    if (ca === UNKNOWN) return { detail: "ca_cert_identifier is only known after apply", unknown: true };
    if (ca === undefined || (CURRENT_RDS_CAS as readonly string[]).includes(ca)) return undefined;
    return { detail: `ca_cert_identifier is "${ca}"; allowed: ${CURRENT_RDS_CAS.join(", ")}` };
  },
};
