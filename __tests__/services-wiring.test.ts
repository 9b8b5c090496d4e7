/** What the foundation prepares for the services phase (own groups, data tier clients, ECS Exec, shared secrets) and the services contract. */
import type { ResolvedConfig } from "../config/defaults";
import { FoundationStack } from "../stacks/foundation-stack";
import { ServicesStack } from "../stacks/services-stack";
import { ServicesContract, select } from "../stacks/contracts";
import { configs, res, synthOf } from "./support/stack-json";
import type { TerraformJson } from "./support/synth";

type Doc = { statement: Array<{ sid: string; actions: string[]; resources: string[]; effect: string }> };

const docs = (j: TerraformJson) => j.data!.aws_iam_policy_document as unknown as Record<string, Doc>;

const foundation = { dev: synthOf(configs.dev, FoundationStack), staging: synthOf(configs.staging, FoundationStack), prod: synthOf(configs.prod, FoundationStack) };
const services = { dev: synthOf(configs.dev, ServicesStack), staging: synthOf(configs.staging, ServicesStack), prod: synthOf(configs.prod, ServicesStack) };

/** Ingress rules on a data store's group, as `<peer group> <port>`. */
const admitted = (j: TerraformJson, group: string) =>
  Object.values(res(j).aws_vpc_security_group_ingress_rule)
    .filter((r) => r.security_group_id === `\${aws_security_group.${group}.id}`)
    .map((r) => `${r.cidr_ipv4 ?? String(r.referenced_security_group_id).replace(/^\$\{aws_security_group\.(\w+)\.id\}$/, "$1")} ${r.ip_protocol} ${r.from_port}-${r.to_port}`)
    .sort();

describe("each service's own security group (foundation)", () => {
  it("exists for every service, named after it, in the VPC", () => {
    expect(foundation.prod.output!.service_security_group_ids.value).toEqual({
      api: "${aws_security_group.api_tasks.id}",
      worker: "${aws_security_group.worker_tasks.id}",
      qdrant: "${aws_security_group.qdrant_tasks.id}",
      migrate: "${aws_security_group.migrate_tasks.id}",
    });
    expect(res(foundation.prod).aws_security_group.qdrant_tasks).toEqual({
      name_prefix: "acme-ai-prod-qdrant-",
      description: "Tasks of the qdrant service in acme-ai-prod",
      vpc_id: "${aws_vpc.vpc.id}",
      tags: { Name: "acme-ai-prod-qdrant" },
      lifecycle: { create_before_destroy: true },
    });
  });

  it("has no ingress in the foundation: only the services phase opens it, to the load balancer or declared callers", () => {
    const serviceGroups = Object.values(foundation.prod.output!.service_security_group_ids.value as Record<string, string>);
    expect(Object.values(res(foundation.prod).aws_vpc_security_group_ingress_rule).filter((r) => serviceGroups.includes(r.security_group_id))).toEqual([]);
  });
});

describe("calling out", () => {
  const egress = (j: TerraformJson, group: string) =>
    Object.entries(res(j).aws_vpc_security_group_egress_rule ?? {})
      .filter(([, r]) => r.security_group_id === group)
      .map(([name, r]) => `${name} ${r.cidr_ipv4 ?? "group"} ${r.from_port}`)
      .sort();

  it("egressPorts open exactly those TCP ports to any address on the service's own group (Temporal on 7233 in staging)", () => {
    expect(egress(foundation.staging, "${aws_security_group.api_tasks.id}").filter((r) => r.includes("0.0.0.0/0"))).toEqual(["api_tasks_to_anywhere_7233 0.0.0.0/0 7233"]);
    expect(egress(foundation.staging, "${aws_security_group.migrate_tasks.id}").filter((r) => r.includes("0.0.0.0/0"))).toEqual([]);
  });

  it("a service that refers to a web service's URL reaches the internet-facing load balancer through its own egressPorts, never a rule the platform adds", () => {
    expect(egress(foundation.dev, "${aws_security_group.worker_tasks.id}")).toEqual(["worker_tasks_to_anywhere_80 0.0.0.0/0 80", "worker_tasks_to_database_5432 group 5432"]);
    expect(Object.keys(res(services.dev).aws_vpc_security_group_egress_rule ?? {}).filter((n) => n.includes("anywhere"))).toEqual([]);
    expect(Object.keys(res(services.prod).aws_vpc_security_group_egress_rule ?? {}).filter((n) => n.includes("anywhere"))).toEqual([]);
  });
});

describe("load balancer access logs", () => {
  const statement = (j: TerraformJson) => docs(j).logs_bucket_policy_document?.statement.find((st) => st.sid === "LoadBalancerAccessLogs");

  it("outside dev, the log archive lets the region's Elastic Load Balancing account write under alb/ for this account only", () => {
    expect(statement(foundation.staging)).toEqual({
      sid: "LoadBalancerAccessLogs",
      effect: "Allow",
      actions: ["s3:PutObject"],
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::127311923021:root"] }],
      resources: ["${aws_s3_bucket.logs_bucket.arn}/alb/AWSLogs/222222222222/*"],
    });
  });

  it("in dev (no access logs) the log archive grants nothing to load balancers", () => {
    expect(statement(foundation.dev)).toBeUndefined();
  });
});

describe("the data tier admits only its declared clients", () => {
  it("dev: the database admits api, worker and migrate on 5432", () => {
    expect(admitted(foundation.dev, "database_security_group")).toEqual(["api_tasks tcp 5432-5432", "migrate_tasks tcp 5432-5432", "worker_tasks tcp 5432-5432"]);
  });

  it("staging: the cache admits its two clients on 6379, the database its three on 5432", () => {
    expect(admitted(foundation.staging, "cache_security_group")).toEqual(["api_tasks tcp 6379-6379", "worker_tasks tcp 6379-6379"]);
    expect(admitted(foundation.staging, "database_security_group")).toEqual(["api_tasks tcp 5432-5432", "migrate_tasks tcp 5432-5432", "worker_tasks tcp 5432-5432"]);
  });

  it("prod: the proxy admits the database clients, the database only the proxy, EFS its clients on 2049", () => {
    expect(admitted(foundation.prod, "database_proxy_security_group")).toEqual(["api_tasks tcp 5432-5432", "migrate_tasks tcp 5432-5432", "worker_tasks tcp 5432-5432"]);
    expect(admitted(foundation.prod, "database_security_group")).toEqual(["database_proxy_security_group tcp 5432-5432"]);
    expect(admitted(foundation.prod, "cache_security_group")).toEqual(["api_tasks tcp 6379-6379", "worker_tasks tcp 6379-6379"]);
    expect(admitted(foundation.prod, "file_system_security_group")).toEqual(["api_tasks tcp 2049-2049", "qdrant_tasks tcp 2049-2049"]);
  });

  it("a service that is no longer a client loses exactly its rule", () => {
    const fewer = { ...configs.dev, database: { ...configs.dev.database!, clients: ["api", "migrate"] } };
    const j = synthOf(fewer, FoundationStack);
    expect(admitted(j, "database_security_group")).toEqual(["api_tasks tcp 5432-5432", "migrate_tasks tcp 5432-5432"]);
    // What is left on the worker's group is its own egressPorts rule, nothing towards the database.
    expect(Object.keys(res(j).aws_vpc_security_group_egress_rule).filter((name) => name.startsWith("worker_tasks"))).toEqual(["worker_tasks_to_anywhere_80"]);
  });
});

describe("ECS Exec", () => {
  it("gives the task role of a service with exec exactly the SSM message channels", () => {
    const exec = docs(foundation.dev).api_task_role_policy.statement.filter((s) => s.actions.some((a) => a.startsWith("ssmmessages:")));
    expect(exec).toEqual([
      {
        sid: "EcsExec",
        effect: "Allow",
        actions: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
        resources: ["*"],
      },
    ]);
  });

  it("gives no task role without exec any SSM permission", () => {
    const withSsm = (j: TerraformJson) =>
      Object.entries(docs(j))
        .filter(([name, d]) => name.endsWith("_task_role_policy") && d.statement.some((s) => s.actions.some((a) => a.startsWith("ssm"))))
        .map(([name]) => name);
    expect(withSsm(foundation.dev)).toEqual(["api_task_role_policy"]);
    expect(withSsm(foundation.staging)).toEqual([]);
    expect(withSsm(foundation.prod)).toEqual([]);
  });
});

describe("shared secrets", () => {
  it("are one secret per name, without a value, read by the execution role of each service that lists keys of it", () => {
    expect(res(foundation.staging).aws_secretsmanager_secret.server_shared_secret).toMatchObject({ name: "acme-ai/staging/shared/server", recovery_window_in_days: 30 });
    expect(res(foundation.staging).aws_secretsmanager_secret_version).toBeUndefined();
    const readers = (service: string) =>
      docs(foundation.staging)[`${service}_execution_role_policy`].statement.filter((s) => s.sid === "ReadSecrets").flatMap((s) => s.resources);
    expect(readers("api")).toEqual(["${aws_secretsmanager_secret.api_secret.arn}", "${aws_secretsmanager_secret.server_shared_secret.arn}"]);
    expect(readers("worker")).toEqual(["${aws_secretsmanager_secret.server_shared_secret.arn}"]);
    expect(readers("migrate")).toEqual([]);
    expect(foundation.staging.output!.shared_secret_arns.value).toEqual({ server: "${aws_secretsmanager_secret.server_shared_secret.arn}" });
  });
});

describe("the services contract", () => {
  const mapOutputs = {
    task_definition_arns: select.ecsServices,
    ecs_service_names: select.runningServices,
    ecs_service_arns: select.runningServices,
    service_urls: select.allWebServices,
    task_security_group_ids: select.tasks,
    run_task_commands: select.tasks,
    apprunner_service_arns: select.appRunnerServices,
    apprunner_service_ids: select.appRunnerServices,
    target_group_arn_suffixes: select.webServices,
    batch_job_queue_arns: select.jobs,
    batch_job_definition_arns: select.jobs,
    batch_job_failure_rules: select.jobs,
  } as const;

  it.each(["dev", "staging", "prod"] as const)("%s publishes every map output with exactly the keys its contract selects", (env) => {
    const outputs = services[env].output!;
    const keys = Object.fromEntries(Object.keys(mapOutputs).map((name) => [name, Object.keys(outputs[name].value as object).sort()]));
    const selected = Object.fromEntries(Object.entries(mapOutputs).map(([name, pick]) => [name, [...pick(configs[env])].sort()]));
    expect(keys).toEqual(selected);
  });

  it("names every map output of the contract above, with the contract's own key selection", () => {
    // Open maps (apprunner_dns_records) have keys AWS hands out at apply, not a selection.
    const specs = Object.entries(ServicesContract.outputs as Record<string, { type: string; keys?: (c: ResolvedConfig) => readonly string[] }>).filter(([, spec]) => spec.type === "map" && spec.keys);
    expect(specs.map(([name]) => name).sort()).toEqual(Object.keys(mapOutputs).sort());
    for (const [name, spec] of specs) expect(spec.keys!(configs.prod), name).toEqual(mapOutputs[name as keyof typeof mapOutputs](configs.prod));
  });

  it("prod publishes each running service's name and ARN, and each workload's task definition", () => {
    const out = services.prod.output!;
    expect(out.ecs_service_names.value).toEqual({ api: "${aws_ecs_service.api_service.name}", worker: "${aws_ecs_service.worker_service.name}", qdrant: "${aws_ecs_service.qdrant_service.name}" });
    expect(out.ecs_service_arns.value).toEqual({ api: "${aws_ecs_service.api_service.id}", worker: "${aws_ecs_service.worker_service.id}", qdrant: "${aws_ecs_service.qdrant_service.id}" });
    expect(out.task_definition_arns.value).toEqual({
      api: "${aws_ecs_task_definition.api.arn}",
      worker: "${aws_ecs_task_definition.worker.arn}",
      qdrant: "${aws_ecs_task_definition.qdrant.arn}",
      migrate: "${aws_ecs_task_definition.migrate.arn}",
    });
  });

  it("prod publishes the cluster, the load balancer, its HTTPS listener (no port 80 in prod) and the discovery namespace", () => {
    const out = services.prod.output!;
    const values = Object.fromEntries(
      ["ecs_cluster_name", "ecs_cluster_arn", "load_balancer_arn", "load_balancer_dns_name", "load_balancer_zone_id", "load_balancer_security_group_id", "http_listener_arn", "https_listener_arn", "service_discovery_namespace"].map(
        (o) => [o, out[o].value],
      ),
    );
    expect(values).toEqual({
      ecs_cluster_name: "${aws_ecs_cluster.cluster.name}",
      ecs_cluster_arn: "${aws_ecs_cluster.cluster.arn}",
      load_balancer_arn: "${aws_lb.load_balancer.arn}",
      load_balancer_dns_name: "${aws_lb.load_balancer.dns_name}",
      load_balancer_zone_id: "${aws_lb.load_balancer.zone_id}",
      load_balancer_security_group_id: "${aws_security_group.load_balancer_security_group.id}",
      http_listener_arn: "",
      https_listener_arn: "${aws_lb_listener.load_balancer_https_listener.arn}",
      service_discovery_namespace: "${aws_service_discovery_private_dns_namespace.service_discovery_namespace.name}",
    });
  });

  it("dev has no HTTPS listener and no discovery namespace to publish", () => {
    expect(services.dev.output!.https_listener_arn.value).toBe("");
    expect(services.dev.output!.service_discovery_namespace.value).toBe("");
  });
});
