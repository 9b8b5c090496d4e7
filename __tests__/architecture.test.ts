/** The architecture diagram is read from the synthesized stacks: who reaches what, and who connects to which data store. */
import { architectureOf, renderMermaid, type Architecture } from "../diagram/architecture";
import { loadSynthesizedStacks } from "../policy/synthesized";
import * as path from "node:path";
import { SHARED_SYNTH_DIR } from "./support/synth";

const of = (env: string) => architectureOf(loadSynthesizedStacks(path.join(SHARED_SYNTH_DIR, env)));
const edges = (a: Architecture) => a.edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ""}`).sort();
const nodes = (a: Architecture) => a.nodes.map((n) => `${n.phase ?? "-"} ${n.id}: ${n.label}`).sort();

describe("the architecture diagram", () => {
  it("prod: the distribution, its site and the internal load balancer; services and what each connects to", () => {
    const a = of("prod");
    expect(nodes(a)).toEqual([
      "- internet: Internet",
      "foundation bucket_artifacts_bucket: S3 acme-ai-prod-artifacts-333333333333",
      "foundation cache_cache: Redis acme-ai-prod-redis",
      "foundation db_database: PostgreSQL acme-ai-prod-db",
      "foundation efs_file_system: EFS file system",
      "foundation proxy_database_proxy: RDS Proxy acme-ai-prod-db-proxy",
      "frontend cdn: CloudFront acme-ai.example.com, WAF",
      "frontend site_site_bucket: S3 acme-ai-prod-frontend-333333333333 (static site)",
      "services load_balancer: Load balancer (internal)",
      "services svc_api: api<br/>ECS Fargate, 2–10 tasks",
      "services svc_migrate: migrate<br/>ECS task, run on demand",
      "services svc_qdrant: qdrant<br/>ECS Fargate, 1 task",
      "services svc_worker: worker<br/>ECS Fargate, 2–5 tasks",
    ]);
    expect(edges(a)).toEqual([
      "cdn -> load_balancer (/api/*, VPC origin)",
      "cdn -> site_site_bucket (default)",
      "internet -> cdn (HTTPS)",
      "load_balancer -> svc_api (api.acme-ai.example.com)",
      "load_balancer -> svc_api (origin.acme-ai.example.com /api/*)",
      "proxy_database_proxy -> db_database (5432)",
      "svc_api -> bucket_artifacts_bucket (read/write)",
      "svc_api -> cache_cache (6379)",
      "svc_api -> efs_file_system (2049)",
      "svc_api -> proxy_database_proxy (5432)",
      "svc_api -> svc_qdrant (6333)",
      "svc_migrate -> proxy_database_proxy (5432)",
      "svc_qdrant -> efs_file_system (2049)",
      "svc_worker -> bucket_artifacts_bucket (read)",
      "svc_worker -> cache_cache (6379)",
      "svc_worker -> proxy_database_proxy (5432)",
      "svc_worker -> svc_qdrant (6333)",
    ]);
  });

  it("agentic (seed 000): App Runner services reached from the internet, the API through the proxy to the database and to its bucket", () => {
    const a = of("agentic");
    expect(edges(a)).toEqual([
      "internet -> svc_api (HTTPS)",
      "internet -> svc_web (HTTPS)",
      "proxy_database_proxy -> db_database (5432)",
      "svc_api -> bucket_artifacts_bucket (read/write)",
      "svc_api -> proxy_database_proxy (5432)",
    ]);
    expect(a.nodes.filter((n) => n.kind === "service").map((n) => n.label)).toEqual(["api<br/>App Runner", "web<br/>App Runner"]);
  });

  it("staging: a Batch job the api submits, and clients straight to the database (no proxy)", () => {
    const a = of("staging");
    expect(edges(a).filter((e) => e.includes("db_") || e.includes("evaluate"))).toEqual([
      "svc_api -> db_database (5432)",
      "svc_api -> svc_evaluate (submits jobs)",
      "svc_evaluate -> bucket_artifacts_bucket (read/write)",
      "svc_migrate -> db_database (5432)",
      "svc_worker -> db_database (5432)",
    ]);
    expect(a.nodes.find((n) => n.id === "svc_evaluate")?.label).toBe("evaluate<br/>Batch job on Fargate");
  });

  it("dev: the internet-facing load balancer without a domain, and the worker that calls the api through it (its URL in the worker's environment)", () => {
    const a = of("dev");
    expect(edges(a).filter((e) => e.includes("load_balancer"))).toEqual([
      "internet -> load_balancer (HTTP)",
      "load_balancer -> svc_api (/*)",
      "svc_worker -> load_balancer (calls)",
    ]);
  });

  it("renders Mermaid: one subgraph per phase, quoted labels, labelled edges", () => {
    const a: Architecture = {
      nodes: [
        { id: "internet", label: "Internet", kind: "internet" },
        { id: "svc_api", label: 'api "v2"', kind: "service", phase: "services" },
        { id: "db_database", label: "PostgreSQL", kind: "database", phase: "foundation" },
      ],
      edges: [
        { from: "internet", to: "svc_api", label: "HTTPS" },
        { from: "svc_api", to: "db_database" },
      ],
    };
    expect(renderMermaid(a, "x-dev (dev, us-east-1)")).toBe(
      [
        "# Architecture of x-dev (dev, us-east-1)",
        "",
        "Generated from the synthesized stacks by `npm run synth`; do not edit.",
        "",
        "```mermaid",
        "flowchart LR",
        '  internet(("Internet"))',
        '  subgraph services["services"]',
        "    svc_api[\"api 'v2'\"]",
        "  end",
        '  subgraph foundation["foundation: network and data"]',
        '    db_database[("PostgreSQL")]',
        "  end",
        '  internet -->|"HTTPS"| svc_api',
        "  svc_api --> db_database",
        "```",
        "",
      ].join("\n"),
    );
  });
});
