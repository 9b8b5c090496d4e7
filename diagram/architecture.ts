/**
 * The environment's architecture, read from the synthesized stacks rather than
 * drawn by hand, so it cannot drift from what deploys: who reaches what (the
 * internet, the distribution and its origins, the load balancer's rules, the
 * services), and who connects to which data store (the security group rules
 * the foundation emits, and the bucket grants of each task role).
 */
import type { Resource, StackModel } from "../policy/model";
import { policyStatements } from "../policy/iam";
import { block, blocks, literalString, referencesIn, refersTo } from "../policy/values";

export type Phase = "foundation" | "images" | "services" | "frontend";

export interface ArchitectureNode {
  readonly id: string;
  readonly label: string;
  readonly kind: "internet" | "cdn" | "load-balancer" | "service" | "database" | "proxy" | "cache" | "file-system" | "bucket";
  readonly phase?: Phase;
}

export interface ArchitectureEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

export interface Architecture {
  readonly nodes: readonly ArchitectureNode[];
  readonly edges: readonly ArchitectureEdge[];
}

const INTERNET: ArchitectureNode = { id: "internet", label: "Internet", kind: "internet" };

/** A value written out (not a reference), else the fallback. */
const text = (v: unknown, fallback: string) => literalString(v) ?? fallback;
/** The service a reference to the foundation's `service_security_group_ids` output names. */
const serviceGroupOutput = (v: unknown) => (typeof v === "string" ? v.match(/\.outputs\.service_security_group_ids\.([A-Za-z0-9_-]+)\}/)?.[1] : undefined);

/** The graph of one environment's synthesized stacks (bootstrap's state bucket is left out: it serves Terraform). */
export function architectureOf(stacks: readonly StackModel[]): Architecture {
  const stack = (name: Phase) => stacks.find((s) => s.name === name);
  const foundation = stack("foundation");
  const services = stack("services");
  const frontend = stack("frontend");
  const nodes = new Map<string, ArchitectureNode>();
  const edges: ArchitectureEdge[] = [];
  const add = (n: ArchitectureNode) => (nodes.has(n.id) ? nodes.get(n.id)! : (nodes.set(n.id, n), n));
  const link = (from: string, to: string, label?: string) => {
    if (!edges.some((e) => e.from === from && e.to === to && e.label === label)) edges.push({ from, to, ...(label ? { label } : {}) });
  };

  // The data tier, and the groups that guard it.
  const guarded = new Map<string, string>(); // security group address -> node id
  if (foundation) {
    const groupsOf = (r: Resource, attr: string) => referencesIn(r.values[attr]).map((x) => x.address).filter((a) => a.startsWith("aws_security_group."));
    for (const db of foundation.ofType("aws_db_instance")) {
      const n = add({ id: `db_${db.name}`, label: `PostgreSQL ${text(db.values.identifier, db.name)}`, kind: "database", phase: "foundation" });
      for (const g of groupsOf(db, "vpc_security_group_ids")) guarded.set(g, n.id);
    }
    for (const proxy of foundation.ofType("aws_db_proxy")) {
      const n = add({ id: `proxy_${proxy.name}`, label: `RDS Proxy ${text(proxy.values.name, proxy.name)}`, kind: "proxy", phase: "foundation" });
      for (const g of groupsOf(proxy, "vpc_security_group_ids")) guarded.set(g, n.id);
    }
    for (const cache of foundation.ofType("aws_elasticache_replication_group")) {
      const n = add({ id: `cache_${cache.name}`, label: `Redis ${text(cache.values.replication_group_id, cache.name)}`, kind: "cache", phase: "foundation" });
      for (const g of groupsOf(cache, "security_group_ids")) guarded.set(g, n.id);
    }
    for (const fs of foundation.ofType("aws_efs_file_system")) {
      const n = add({ id: `efs_${fs.name}`, label: "EFS file system", kind: "file-system", phase: "foundation" });
      for (const target of foundation.ofType("aws_efs_mount_target").filter((t) => refersTo(t.values.file_system_id, fs.address))) {
        for (const g of groupsOf(target, "security_groups")) guarded.set(g, n.id);
      }
    }
  }

  // Each service's own group and task role, by the foundation's contract outputs; its resources by the services phase's.
  const outputMap = (model: StackModel | undefined, name: string): Record<string, string> => {
    const value = (model?.json as { output?: Record<string, { value?: unknown }> } | undefined)?.output?.[name]?.value;
    return value && typeof value === "object" ? (value as Record<string, string>) : {};
  };
  /** Resource address -> service name, from a contract output mapping names to references. */
  const byAddress = (model: StackModel | undefined, name: string) => new Map(Object.entries(outputMap(model, name)).map(([svc, ref]) => [referencesIn(ref)[0]?.address, svc]));
  const serviceOfGroup = byAddress(foundation, "service_security_group_ids");
  const serviceId = (svc: string) => `svc_${svc}`;

  // Workloads.
  if (services) {
    const workload = (name: string, how: string) => add({ id: serviceId(name), label: `${name}<br/>${how}`, kind: "service", phase: "services" });
    const ecsNames = byAddress(services, "ecs_service_arns");
    for (const svc of services.ofType("aws_ecs_service")) {
      const name = ecsNames.get(svc.address) ?? svc.name;
      const scaling = services.ofType("aws_appautoscaling_target").find((t) => refersTo(t.values.resource_id, svc.address));
      const desired = Number(svc.values.desired_count ?? 1);
      workload(name, `ECS Fargate, ${scaling ? `${scaling.values.min_capacity}–${scaling.values.max_capacity} tasks` : `${desired} task${desired === 1 ? "" : "s"}`}`);
    }
    for (const [address, name] of byAddress(services, "apprunner_service_arns")) {
      if (!address || !services.get(address)) continue;
      workload(name, "App Runner");
      add(INTERNET);
      link(INTERNET.id, serviceId(name), "HTTPS");
    }
    for (const [address, name] of byAddress(services, "batch_job_definition_arns")) {
      if (address && services.get(address)) workload(name, "Batch job on Fargate");
    }
    // Task definitions no service or job runs: tasks started on demand (migrations and the like).
    for (const [address, name] of byAddress(services, "task_definition_arns")) {
      if (address && services.get(address) && !nodes.has(serviceId(name))) workload(name, "ECS task, run on demand");
    }
    // Calls between services: the services phase's rules between their groups.
    for (const rule of services.ofType("aws_vpc_security_group_ingress_rule")) {
      const to = serviceGroupOutput(rule.values.security_group_id);
      const from = serviceGroupOutput(rule.values.referenced_security_group_id);
      if (to && from) link(serviceId(from), serviceId(to), rule.values.from_port !== undefined ? String(rule.values.from_port) : undefined);
    }

    // The load balancer and its routing.
    for (const lb of services.ofType("aws_lb")) {
      const internal = lb.values.internal === true;
      add({ id: "load_balancer", label: `Load balancer${internal ? " (internal)" : ""}`, kind: "load-balancer", phase: "services" });
      if (!internal) {
        add(INTERNET);
        link(INTERNET.id, "load_balancer", services.ofType("aws_lb_listener").some((l) => l.values.protocol === "HTTPS") ? "HTTPS" : "HTTP");
      }
    }
    const targets = new Map<string, string>(); // target group address -> service
    for (const svc of services.ofType("aws_ecs_service")) {
      for (const lbBlock of blocks(svc.values.load_balancer)) {
        const tg = referencesIn(lbBlock.target_group_arn)[0]?.address;
        if (tg) targets.set(tg, ecsNames.get(svc.address) ?? svc.name);
      }
    }
    for (const rule of services.ofType("aws_lb_listener_rule")) {
      const tg = blocks(rule.values.action).map((a) => referencesIn(a.target_group_arn)[0]?.address).find((a) => a !== undefined);
      const svc = tg && targets.get(tg);
      if (!svc) continue;
      const conditions = blocks(rule.values.condition).flatMap((c) => [...(block(c.host_header)?.values as string[] | undefined ?? []), ...(block(c.path_pattern)?.values as string[] | undefined ?? [])]);
      link("load_balancer", serviceId(svc), conditions.join(" ") || undefined);
    }
    for (const listener of services.ofType("aws_lb_listener")) {
      for (const action of blocks(listener.values.default_action)) {
        const svc = targets.get(referencesIn(action.target_group_arn)[0]?.address ?? "");
        if (svc) link("load_balancer", serviceId(svc), "default");
      }
    }
    // Services that call the load balancer: its name in their environment (a service's URL).
    for (const td of services.ofType("aws_ecs_task_definition")) {
      const name = [...byAddress(services, "task_definition_arns")].find(([address]) => address === td.address)?.[1];
      if (!name || !nodes.has(serviceId(name)) || !nodes.has("load_balancer")) continue;
      if (referencesIn(td.values.container_definitions).some((r) => r.address.startsWith("aws_lb."))) link(serviceId(name), "load_balancer", "calls");
    }
  }

  // Who connects to what: the foundation's ingress rules from a service's group.
  if (foundation) {
    for (const rule of foundation.ofType("aws_vpc_security_group_ingress_rule")) {
      const to = referencesIn(rule.values.security_group_id)[0]?.address;
      const from = referencesIn(rule.values.referenced_security_group_id)[0]?.address;
      const port = rule.values.from_port !== undefined ? String(rule.values.from_port) : undefined;
      if (!to || !from) continue;
      const client = serviceOfGroup.get(from);
      const target = guarded.get(to) ?? (serviceOfGroup.has(to) ? serviceId(serviceOfGroup.get(to)!) : undefined);
      const source = client ? serviceId(client) : guarded.get(from);
      if (source && target && nodes.has(source) && nodes.has(target)) link(source, target, port);
    }
    // Job queue name -> job, from the services phase's queues and contract.
    const queueJobs = byAddress(services, "batch_job_queue_arns");
    const jobOfQueue = new Map((services?.ofType("aws_batch_job_queue") ?? []).flatMap((q) => (queueJobs.get(q.address) ? [[text(q.values.name, q.name), queueJobs.get(q.address)!] as const] : [])));
    // Buckets, and the services whose task role may use them.
    // Only buckets a task role is granted appear (never the log archive).
    const buckets = foundation.ofType("aws_s3_bucket");
    for (const [svc, roleRef] of Object.entries(outputMap(foundation, "task_role_arns"))) {
      const role = referencesIn(roleRef)[0]?.address;
      if (!role || !nodes.has(serviceId(svc))) continue;
      for (const policy of foundation.ofType("aws_iam_role_policy").filter((p) => refersTo(p.values.role, role))) {
        const statements = policyStatements(policy.values.policy, foundation);
        if (!Array.isArray(statements)) continue;
        for (const bucket of buckets) {
          const uses = statements.filter((s) => s.effect === "Allow" && s.resources.some((r) => r.includes(`${bucket.address}.arn`)));
          if (uses.length === 0) continue;
          const writes = uses.some((s) => s.actions.some((a) => /^s3:(Put|Delete)/.test(a)));
          add({ id: `bucket_${bucket.name}`, label: `S3 ${text(bucket.values.bucket, bucket.name)}`, kind: "bucket", phase: "foundation" });
          link(serviceId(svc), `bucket_${bucket.name}`, writes ? "read/write" : "read");
        }
        // Batch jobs it may submit: the queues its role names.
        for (const s of statements.filter((x) => x.effect === "Allow" && x.actions.includes("batch:SubmitJob"))) {
          for (const r of s.resources) {
            const queue = r.match(/:job-queue\/(.+)$/)?.[1];
            const job = queue && jobOfQueue.get(queue);
            if (job && nodes.has(serviceId(job))) link(serviceId(svc), serviceId(job), "submits jobs");
          }
        }
      }
    }
  }

  // The edge: the distribution and its origins.
  if (frontend) {
    for (const d of frontend.ofType("aws_cloudfront_distribution")) {
      const aliases = (d.values.aliases as string[] | undefined) ?? [];
      const waf = d.values.web_acl_id ? ", WAF" : "";
      add({ id: "cdn", label: `CloudFront ${aliases.join(" ") || "(its own name)"}${waf}`, kind: "cdn", phase: "frontend" });
      add(INTERNET);
      link(INTERNET.id, "cdn", "HTTPS");
      const paths = new Map<string, string[]>();
      const defaultOrigin = String(block(d.values.default_cache_behavior)?.target_origin_id ?? "");
      for (const b of blocks(d.values.ordered_cache_behavior)) paths.set(String(b.target_origin_id), [...(paths.get(String(b.target_origin_id)) ?? []), String(b.path_pattern)]);
      for (const origin of blocks(d.values.origin)) {
        const id = String(origin.origin_id);
        const label = [...(paths.get(id) ?? []), ...(id === defaultOrigin ? ["default"] : [])].join(" ");
        const bucket = referencesIn(origin.domain_name).find((r) => r.address.startsWith("aws_s3_bucket."));
        if (bucket) {
          const b = frontend.get(bucket.address);
          add({ id: `site_${bucket.address.split(".")[1]}`, label: `S3 ${text(b?.values.bucket, "site")} (static site)`, kind: "bucket", phase: "frontend" });
          link("cdn", `site_${bucket.address.split(".")[1]}`, label || undefined);
        } else if (origin.vpc_origin_config !== undefined && nodes.has("load_balancer")) {
          link("cdn", "load_balancer", `${label ? `${label}, ` : ""}VPC origin`);
        }
      }
    }
  }
  return { nodes: [...nodes.values()], edges };
}

const PHASE_TITLES: Readonly<Record<Phase, string>> = { foundation: "foundation: network and data", images: "images", services: "services", frontend: "frontend: the edge" };
const SHAPES: Readonly<Record<ArchitectureNode["kind"], [string, string]>> = {
  internet: ["((", "))"],
  cdn: ["[", "]"],
  "load-balancer": ["[", "]"],
  service: ["[", "]"],
  proxy: ["[", "]"],
  database: ["[(", ")]"],
  cache: ["[(", ")]"],
  "file-system": ["[(", ")]"],
  bucket: ["[(", ")]"],
};

/** Mermaid flowchart of the graph: one subgraph per phase, left to right from the internet. */
export function renderMermaid(a: Architecture, title: string): string {
  const node = (n: ArchitectureNode) => `${n.id}${SHAPES[n.kind][0]}"${n.label.replace(/"/g, "'")}"${SHAPES[n.kind][1]}`;
  const lines = ["flowchart LR"];
  for (const n of a.nodes.filter((x) => !x.phase)) lines.push(`  ${node(n)}`);
  for (const phase of ["frontend", "services", "foundation"] as const) {
    const inPhase = a.nodes.filter((n) => n.phase === phase);
    if (inPhase.length === 0) continue;
    lines.push(`  subgraph ${phase}["${PHASE_TITLES[phase]}"]`, ...inPhase.map((n) => `    ${node(n)}`), "  end");
  }
  for (const e of a.edges) lines.push(`  ${e.from} -->${e.label ? `|"${e.label.replace(/"/g, "'")}"|` : ""} ${e.to}`);
  return [`# Architecture of ${title}`, "", "Generated from the synthesized stacks by `npm run synth`; do not edit.", "", "```mermaid", ...lines, "```", ""].join("\n");
}
