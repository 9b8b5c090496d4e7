/**
 * The resolved network: for a created VPC, every subnet CIDR (derived
 * deterministically unless given) and the NAT and flow-log choices; for an
 * existing VPC, its ids. Subnet problems are reported by `networkIssues`.
 */
import { contains, formatCidr, isNetworkAddress, overlaps, parseCidr, subnet, type Cidr } from "./cidr";
import type { NetworkConfig, Stage } from "./schema";

export const TIERS = ["public", "private", "database"] as const;
export type Tier = (typeof TIERS)[number];
/** Derived layout: each tier gets a block of 4 slots of size VPC prefix + 4. */
const NEW_BITS = 4;
const SLOTS_PER_TIER = 4;

interface CommonNetwork {
  readonly endpoints: { readonly gateway: readonly string[]; readonly interface: readonly string[] };
  readonly flowLogs: "cloudwatch" | "s3" | "none";
}

export interface CreatedNetwork extends CommonNetwork {
  readonly mode: "create";
  readonly cidr: string;
  readonly natGateways: "none" | "single" | "per-az";
  readonly subnets: Readonly<Record<Tier, readonly string[]>>;
}

export interface ExistingNetwork extends CommonNetwork {
  readonly mode: "existing";
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly databaseSubnetIds: readonly string[];
  readonly routeTableIds: readonly string[];
}

export type ResolvedNetwork = CreatedNetwork | ExistingNetwork;

export function deriveSubnets(vpc: Cidr, azCount: number): Record<Tier, string[]> {
  const out = {} as Record<Tier, string[]>;
  TIERS.forEach((tier, t) => {
    out[tier] = Array.from({ length: azCount }, (_, i) => formatCidr(subnet(vpc, NEW_BITS, t * SLOTS_PER_TIER + i)));
  });
  return out;
}

export function resolveNetwork(n: NetworkConfig, stage: Stage, azCount: number): ResolvedNetwork {
  const flowLogs = n.flowLogs ?? (stage === "dev" ? "none" : "cloudwatch");
  if (n.mode === "existing") {
    return { ...n, flowLogs, databaseSubnetIds: n.databaseSubnetIds ?? n.privateSubnetIds };
  }
  const derived = deriveSubnets(parseCidr(n.cidr)!, azCount);
  return {
    mode: "create",
    cidr: n.cidr,
    natGateways: n.natGateways ?? (stage === "prod" ? "per-az" : "single"),
    subnets: { public: n.subnets?.public ?? derived.public, private: n.subnets?.private ?? derived.private, database: n.subnets?.database ?? derived.database },
    endpoints: n.endpoints,
    flowLogs,
  };
}

export interface NetworkIssue {
  readonly path: Array<string | number>;
  readonly message: string;
}

/** Problems of a created network's CIDRs: bad blocks, subnets outside the VPC, overlaps, wrong counts. */
export function networkIssues(n: NetworkConfig, azCount: number): NetworkIssue[] {
  if (n.mode !== "create") return [];
  const issues: NetworkIssue[] = [];
  const vpc = parseCidr(n.cidr);
  if (!vpc) return [{ path: ["network", "cidr"], message: `"${n.cidr}" is not a valid IPv4 CIDR block` }];
  if (!isNetworkAddress(vpc)) issues.push({ path: ["network", "cidr"], message: `"${n.cidr}" has host bits set; did you mean ${formatCidr({ base: vpc.base - (vpc.base % 2 ** (32 - vpc.prefix)), prefix: vpc.prefix })}?` });
  if (vpc.prefix < 16 || vpc.prefix > 24) issues.push({ path: ["network", "cidr"], message: `a VPC CIDR must be /16 to /24 here; got /${vpc.prefix}` });
  const derivedTiers = TIERS.filter((t) => !n.subnets?.[t]);
  if (derivedTiers.length > 0 && azCount > SLOTS_PER_TIER) {
    issues.push({ path: ["network", "subnets"], message: `derived subnets support at most ${SLOTS_PER_TIER} AZs; list the ${derivedTiers.join(", ")} subnet CIDRs explicitly for ${azCount} AZs` });
    return issues;
  }
  if (issues.length > 0) return issues;
  const derived = deriveSubnets(vpc, Math.min(azCount, SLOTS_PER_TIER));
  const all: Array<{ path: Array<string | number>; cidr: Cidr; text: string; what: string }> = [];
  for (const tier of TIERS) {
    const given = n.subnets?.[tier];
    if (given && given.length !== azCount) issues.push({ path: ["network", "subnets", tier], message: `list one ${tier} subnet per availability zone: ${azCount} expected, ${given.length} given` });
    (given ?? derived[tier]).forEach((text, i) => {
      const path = given ? ["network", "subnets", tier, i] : ["network", "cidr"];
      const c = parseCidr(text);
      if (!c) {
        issues.push({ path, message: `"${text}" is not a valid IPv4 CIDR block` });
        return;
      }
      if (!isNetworkAddress(c)) issues.push({ path, message: `"${text}" has host bits set` });
      if (!contains(vpc, c)) issues.push({ path, message: `${tier} subnet ${text} is not inside the VPC ${n.cidr}` });
      if (c.prefix > 28) issues.push({ path, message: `${tier} subnet ${text} is smaller than /28, the smallest subnet AWS allows` });
      for (const other of all) if (overlaps(other.cidr, c)) issues.push({ path, message: `${tier} subnet ${text} overlaps ${other.what}` });
      const what = `the ${tier} subnet ${text} of AZ ${i + 1} (${given ? `network.subnets.${tier}.${i}` : "derived from network.cidr"})`;
      all.push({ path, cidr: c, text, what });
    });
  }
  return issues;
}
