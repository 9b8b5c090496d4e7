import type { StackRule, Violation } from "../../types";
import { blocks } from "../../values";

const RULE_TYPES = ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];
const missing = (d: unknown) => typeof d !== "string" || d.trim() === "" || d === "Managed by Terraform";

export const networkDescriptions: StackRule = {
  id: "NET-02",
  checkov: ["CKV_AWS_23"],
  fsbp: [],
  level: "error",
  message: "Every security group and rule must say what it is for",
  rationale: "An undescribed rule cannot be reviewed and is never removed.",
  fix: "Set description on the security group and on each ingress/egress rule.",
  checkStack({ stack }) {
    const out: Violation[] = [];
    for (const sg of stack.ofType("aws_security_group")) {
      if (missing(sg.values.description)) out.push({ address: sg.address, detail: "the security group has no description" });
      for (const kind of ["ingress", "egress"]) {
        blocks(sg.values[kind]).forEach((b, i) => missing(b.description) && out.push({ address: sg.address, detail: `${kind}[${i}] has no description` }));
      }
    }
    for (const r of RULE_TYPES.flatMap((t) => stack.ofType(t))) if (missing(r.values.description)) out.push({ address: r.address, detail: "the rule has no description" });
    return out;
  },
};
