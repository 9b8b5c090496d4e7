/** Egress permissions of a stack in one shape, whichever resource type declares them. */
import type { Resource, StackModel } from "../../model";
import { blocks, bool, isInterpolated, num, referencesIn, str, strings, UNKNOWN } from "../../values";

export interface Egress {
  /** The resource declaring the rule (inline: the security group). */
  readonly declaredBy: Resource;
  /** `egress[i]` for inline rules. */
  readonly label?: string;
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly cidrs: string[];
  /** Whether any CIDR is an expression. */
  readonly cidrsUnknown: boolean;
  /** Security groups or prefix lists the rule names as its destination. */
  readonly groups: string[];
  readonly self: boolean;
}

const list = (v: unknown): { values: string[]; unknown: boolean } => {
  const s = strings(v);
  if (s === UNKNOWN) return { values: [], unknown: true };
  return { values: (s ?? []).filter((x) => x !== ""), unknown: (s ?? []).some((x) => isInterpolated(x)) };
};
const one = (v: unknown) => list(v === undefined || v === null || v === "" ? undefined : [v]);

export function egressRules(stack: StackModel): Egress[] {
  const out: Egress[] = [];
  const legacy = (declaredBy: Resource, r: Record<string, unknown>, label: string | undefined, groups: unknown[]) => {
    const v4 = list(r.cidr_blocks);
    const v6 = list(r.ipv6_cidr_blocks);
    out.push({
      declaredBy, label, protocol: r.protocol, fromPort: r.from_port, toPort: r.to_port, cidrs: [...v4.values, ...v6.values], cidrsUnknown: v4.unknown || v6.unknown,
      groups: [...groups.flatMap((g) => list(g).values), ...list(r.prefix_list_ids).values], self: bool(r.self) === true,
    });
  };
  for (const sg of stack.ofType("aws_security_group")) blocks(sg.values.egress).forEach((e, i) => legacy(sg, e, `egress[${i}]`, [e.security_groups]));
  for (const r of stack.ofType("aws_security_group_rule").filter((r) => str(r.values.type) === "egress")) legacy(r, r.values, undefined, [r.values.source_security_group_id]);
  for (const r of stack.ofType("aws_vpc_security_group_egress_rule")) {
    const v4 = one(r.values.cidr_ipv4);
    const v6 = one(r.values.cidr_ipv6);
    out.push({
      declaredBy: r, protocol: r.values.ip_protocol, fromPort: r.values.from_port, toPort: r.values.to_port, cidrs: [...v4.values, ...v6.values], cidrsUnknown: v4.unknown || v6.unknown,
      groups: [...one(r.values.referenced_security_group_id).values, ...one(r.values.prefix_list_id).values], self: false,
    });
  }
  return out;
}

/** Whether the rule allows every protocol, or every port: true, false, or UNKNOWN when a value is an expression. */
export function allTraffic(e: Egress): boolean | typeof UNKNOWN {
  const protocol = str(e.protocol);
  if (protocol === UNKNOWN) return UNKNOWN;
  if (protocol === "-1" || protocol?.toLowerCase() === "all") return true;
  const from = num(e.fromPort);
  const to = num(e.toPort);
  if (from === UNKNOWN || to === UNKNOWN) return UNKNOWN;
  // As checkov reads them: a missing port is -1, and 0-0 means every port.
  const f = from ?? -1;
  const t = from === 0 && to === 0 ? 65535 : (to ?? -1);
  return (f <= -1 && t >= -1) || (f <= 0 && t >= 65535);
}

/** A destination group or prefix list by its address when it is a reference, else as written. */
export const destinationName = (g: string) => referencesIn(g)[0]?.address ?? g;

/** 0.0.0.0/0 and ::/0 however written (any IPv6 /0). */
export const isWorld = (cidr: string) => cidr === "0.0.0.0/0" || (cidr.includes(":") && cidr.endsWith("/0"));
