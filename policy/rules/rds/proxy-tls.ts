import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const rdsProxyTls: ResourceRule = {
  id: "RDS-10",
  checkov: [],
  fsbp: ["RDS.43"],
  level: "error",
  message: "RDS Proxy must require TLS",
  rationale: "The proxy is the database's front door; clear-text connections to it expose credentials.",
  fix: "Set require_tls = true.",
  resourceTypes: ["aws_db_proxy"],
  check: (proxy) => requireTrue(proxy, "require_tls"),
};
