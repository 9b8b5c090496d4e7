import type { StackRule, Violation } from "../../types";
import { refersTo, str, UNKNOWN } from "../../values";

const REQUIRED = [
  { service: "ecr.api", control: "EC2.55" },
  { service: "ecr.dkr", control: "EC2.56" },
];

export const networkEcrEndpoints: StackRule = {
  id: "NET-08",
  checkov: [],
  fsbp: ["EC2.55", "EC2.56"],
  level: "error",
  stages: ["prod"],
  message: "In prod, every VPC must have interface endpoints for ECR (ecr.api and ecr.dkr)",
  rationale:
    "Without them every image pull crosses the NAT gateway to ECR's public endpoint: pulls depend on the NAT and the internet path, and their traffic leaves the VPC. With them tasks pull privately, and endpoint policies can limit which registries they reach. The VPCs are those the stack creates and, with network.mode: existing, the VPC ids its resources are placed in (the endpoints are created in that VPC too). Prod only: dev and staging pull through NAT to save the endpoints' hourly cost, which is narrower than EC2.55 and EC2.56 there.",
  fix: "List ecr.api and ecr.dkr in network.endpoints.interface (VpcEndpoints creates them in the private subnets).",
  checkStack({ stack }) {
    const endpoints = stack.ofType("aws_vpc_endpoint");
    const vpcs: Array<{ address: string; label: string; matches: (v: unknown) => boolean }> = stack.ofType("aws_vpc").map((vpc) => ({ address: vpc.address, label: "this VPC", matches: (v) => refersTo(v, vpc.address) }));
    // An existing VPC: the literal ids the stack's resources are placed in.
    const literal = new Map<string, string>();
    for (const r of stack.resources) {
      const id = r.values.vpc_id;
      if (typeof id === "string" && /^vpc-[0-9a-f]+$/.test(id) && !literal.has(id)) literal.set(id, r.address);
    }
    for (const [id, address] of literal) vpcs.push({ address, label: `VPC ${id} (network.mode: existing)`, matches: (v) => v === id });
    const out: Violation[] = [];
    for (const vpc of vpcs) {
      const own = endpoints.filter((e) => vpc.matches(e.values.vpc_id) && str(e.values.vpc_endpoint_type) === "Interface");
      for (const { service, control } of REQUIRED) {
        const names = own.map((e) => str(e.values.service_name));
        if (names.some((n) => typeof n === "string" && n.endsWith(`.${service}`))) continue;
        if (names.includes(UNKNOWN)) out.push({ address: vpc.address, detail: `${vpc.label}: whether an interface endpoint serves ${service} is only known after apply`, unknown: true });
        else out.push({ address: vpc.address, detail: `${vpc.label} has no interface endpoint for ${service} (${control})` });
      }
    }
    return out;
  },
};
