/** Ingress permissions of a stack in one shape, whichever resource type declares them. */
import type { Resource, StackModel } from "../../model";
import { blocks, num, referencesIn, str, strings } from "../../values";

export interface Ingress {
  /** The resource declaring the rule (inline: the security group). */
  readonly declaredBy: Resource;
  /** Address of the security group the rule belongs to, when known. */
  readonly securityGroup?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly protocol?: string;
  readonly cidrs: string[];
  readonly description?: string;
}

const sgAddress = (value: unknown) => referencesIn(value).find((r) => r.address.startsWith("aws_security_group."))?.address;
const port = (v: unknown) => {
  const n = num(v);
  return typeof n === "number" ? n : undefined;
};
const list = (v: unknown) => {
  const s = strings(v);
  return Array.isArray(s) ? s : [];
};

export function ingressRules(stack: StackModel): Ingress[] {
  const out: Ingress[] = [];
  for (const sg of stack.ofType("aws_security_group")) {
    for (const i of blocks(sg.values.ingress)) {
      out.push({ declaredBy: sg, securityGroup: sg.address, fromPort: port(i.from_port), toPort: port(i.to_port), protocol: str(i.protocol) as string, cidrs: [...list(i.cidr_blocks), ...list(i.ipv6_cidr_blocks)], description: i.description as string | undefined });
    }
  }
  for (const r of stack.ofType("aws_security_group_rule").filter((r) => r.values.type === "ingress")) {
    out.push({ declaredBy: r, securityGroup: sgAddress(r.values.security_group_id), fromPort: port(r.values.from_port), toPort: port(r.values.to_port), protocol: str(r.values.protocol) as string, cidrs: [...list(r.values.cidr_blocks), ...list(r.values.ipv6_cidr_blocks)], description: r.values.description as string | undefined });
  }
  for (const r of stack.ofType("aws_vpc_security_group_ingress_rule")) {
    const cidrs = [r.values.cidr_ipv4, r.values.cidr_ipv6].filter((c): c is string => typeof c === "string");
    out.push({ declaredBy: r, securityGroup: sgAddress(r.values.security_group_id), fromPort: port(r.values.from_port), toPort: port(r.values.to_port), protocol: str(r.values.ip_protocol) as string, cidrs, description: r.values.description as string | undefined });
  }
  return out;
}

export const WORLD = ["0.0.0.0/0", "::/0"];
