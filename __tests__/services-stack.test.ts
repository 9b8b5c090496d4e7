/** The services phase by kind of workload (web, worker, internal, task), the ECS services that run them, and their autoscaling. */
import type { ResolvedConfig, ResolvedService } from "../config/defaults";
import { configs, container, remote, res, synthOf as synth, withService } from "./support/stack-json";
import type { TerraformJson } from "./support/synth";

const dev = synth(configs.dev);
const staging = synth(configs.staging);
const prod = synth(configs.prod);

describe("the cluster", () => {
  it.each([
    ["dev", () => dev, 30, undefined],
    ["prod", () => prod, 365, remote("logs_key_arn")],
  ] as const)("%s: Container Insights' log group exists before the cluster, with the environment's retention and logs key", (env, json, days, key) => {
    expect(res(json()).aws_cloudwatch_log_group.cluster_insights_logs).toEqual({
      name: `/aws/ecs/containerinsights/acme-ai-${env}/performance`,
      retention_in_days: days,
      ...(key ? { kms_key_id: key } : {}),
    });
    expect(res(json()).aws_ecs_cluster.cluster.depends_on).toEqual(["aws_cloudwatch_log_group.cluster_insights_logs"]);
  });
});

describe("web services", () => {
  it("get a target group on the container port with the configured health check and deregistration delay", () => {
    expect(res(prod).aws_lb_target_group.load_balancer_api_target_group).toEqual({
      name: "acme-ai-prod-api-8000",
      port: 8000,
      protocol: "HTTP",
      protocol_version: "HTTP1",
      target_type: "ip",
      vpc_id: "${aws_lb.load_balancer.vpc_id}",
      deregistration_delay: "30",
      health_check: {
        enabled: true,
        path: "/health",
        matcher: "200-399",
        protocol: "HTTP",
        port: "traffic-port",
        interval: 30,
        timeout: 10,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      },
      lifecycle: { create_before_destroy: true },
    });
  });

  it("take health check and deregistration settings from config", () => {
    const tuned = withService(configs.dev, "api", (s) => ({
      deregistrationDelaySeconds: 120,
      healthCheck: { ...s.healthCheck, path: "/ready", matcher: "200", intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 5 },
    }));
    const group = res(synth(tuned)).aws_lb_target_group.load_balancer_api_target_group;
    expect(group.deregistration_delay).toBe("120");
    expect(group.health_check).toEqual({ enabled: true, path: "/ready", matcher: "200", protocol: "HTTP", port: "traffic-port", interval: 15, timeout: 5, healthy_threshold: 3, unhealthy_threshold: 5 });
  });

  it("are routed by host on the HTTPS listener with a domain, and take every path on HTTP without one", () => {
    expect(res(prod).aws_lb_listener_rule.load_balancer_api_rule).toEqual({
      listener_arn: "${aws_lb_listener.load_balancer_https_listener.arn}",
      // Hosts only: after rules with paths.
      priority: 2000,
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}" }],
      condition: [{ host_header: { values: ["api.acme-ai.example.com"] } }],
    });
    expect(res(dev).aws_lb_listener_rule.load_balancer_api_rule).toEqual({
      listener_arn: "${aws_lb_listener.load_balancer_http_listener.arn}",
      // The catch-all comes after every narrower rule.
      priority: 50000,
      action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}" }],
      condition: [{ path_pattern: { values: ["/*"] } }],
    });
  });

  it("are routed by host and path together, with the configured priority", () => {
    const routed = withService(configs.dev, "api", () => ({ hosts: ["api.example.com"], paths: ["/api/*", "/docs"], priority: 7 }));
    const rule = res(synth(routed)).aws_lb_listener_rule.load_balancer_api_rule;
    expect(rule.priority).toBe(7);
    expect(rule.condition).toEqual([{ host_header: { values: ["api.example.com"] } }, { path_pattern: { values: ["/api/*", "/docs"] } }]);
  });

  it("get the listener rule priority their configuration resolves to (narrower rules first)", () => {
    const api = configs.dev.services.find((s) => s.name === "api")!;
    const two: ResolvedConfig = { ...configs.dev, services: [...configs.dev.services, { ...api, name: "admin", paths: ["/admin/*"], priority: 1000 } as ResolvedService] };
    const rules = res(synth(two)).aws_lb_listener_rule;
    expect(Object.fromEntries(Object.entries(rules).map(([name, r]) => [name, r.priority]))).toEqual({ load_balancer_api_rule: 50000, load_balancer_admin_rule: 1000 });
  });

  it("register their container and port with the target group, with the configured grace period", () => {
    expect(res(prod).aws_ecs_service.api_service.load_balancer).toEqual([
      { target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}", container_name: "api", container_port: 8000 },
    ]);
    expect(res(prod).aws_ecs_service.api_service.health_check_grace_period_seconds).toBe(90);
    expect(res(staging).aws_ecs_service.api_service.health_check_grace_period_seconds).toBe(60);
  });

  it("map their port in the container, named http", () => {
    expect(container(prod, "api").portMappings).toEqual([{ containerPort: 8000, hostPort: 8000, protocol: "tcp", name: "http" }]);
  });
});

describe("workers", () => {
  it("have no load balancer, no grace period and no port mapping", () => {
    expect(res(prod).aws_ecs_service.worker_service).not.toHaveProperty("load_balancer");
    expect(res(prod).aws_ecs_service.worker_service).not.toHaveProperty("health_check_grace_period_seconds");
    expect(res(prod).aws_ecs_service.worker_service).not.toHaveProperty("service_registries");
    expect(container(prod, "worker").portMappings).toEqual([]);
  });

  it("get no ingress rule on their security group", () => {
    for (const j of [dev, staging, prod]) {
      const ingress = Object.values(res(j).aws_vpc_security_group_ingress_rule).filter((r) => r.security_group_id === remote("service_security_group_ids.worker"));
      expect(ingress).toEqual([]);
    }
  });
});

describe("internal services", () => {
  it("are registered in Cloud Map as <service>.<namespace>, a private namespace in the VPC", () => {
    expect(res(prod).aws_service_discovery_private_dns_namespace.service_discovery_namespace).toEqual({
      name: "prod.acme-ai.internal",
      vpc: remote("vpc_id"),
      description: "Internal services of this environment, by name",
    });
    expect(res(prod).aws_service_discovery_service.service_discovery_qdrant).toEqual({
      name: "qdrant",
      dns_config: {
        namespace_id: "${aws_service_discovery_private_dns_namespace.service_discovery_namespace.id}",
        routing_policy: "MULTIVALUE",
        dns_records: [{ type: "A", ttl: 10 }],
      },
      force_destroy: true,
      // ECS reports task health to Cloud Map: unhealthy tasks are not answered.
      health_check_custom_config: {},
    });
    expect(res(prod).aws_ecs_service.qdrant_service.service_registries).toEqual({ registry_arn: "${aws_service_discovery_service.service_discovery_qdrant.arn}" });
    expect(res(prod).aws_ecs_service.qdrant_service).not.toHaveProperty("load_balancer");
  });

  it("admit exactly their declared callers, on their port", () => {
    const ingress = Object.entries(res(prod).aws_vpc_security_group_ingress_rule).filter(([, r]) => r.security_group_id === remote("service_security_group_ids.qdrant"));
    expect(Object.fromEntries(ingress)).toEqual({
      qdrant_tasks_from_api_6333: {
        security_group_id: remote("service_security_group_ids.qdrant"),
        referenced_security_group_id: remote("service_security_group_ids.api"),
        ip_protocol: "tcp",
        from_port: 6333,
        to_port: 6333,
        description: "api calls qdrant",
      },
      qdrant_tasks_from_worker_6333: {
        security_group_id: remote("service_security_group_ids.qdrant"),
        referenced_security_group_id: remote("service_security_group_ids.worker"),
        ip_protocol: "tcp",
        from_port: 6333,
        to_port: 6333,
        description: "worker calls qdrant",
      },
    });
  });

  it("let each caller out to them on their port, and nobody else", () => {
    const toQdrant = Object.entries(res(prod).aws_vpc_security_group_egress_rule).filter(([, r]) => r.referenced_security_group_id === remote("service_security_group_ids.qdrant"));
    expect(Object.fromEntries(toQdrant.map(([name, r]) => [name, [r.security_group_id, r.ip_protocol, r.from_port, r.to_port]]))).toEqual({
      api_tasks_to_qdrant_6333: [remote("service_security_group_ids.api"), "tcp", 6333, 6333],
      worker_tasks_to_qdrant_6333: [remote("service_security_group_ids.worker"), "tcp", 6333, 6333],
    });
  });

  it("with a file system run as a singleton: one task, the old one stopped before the new one starts", () => {
    expect(res(prod).aws_ecs_service.qdrant_service).toMatchObject({ desired_count: 1, deployment_minimum_healthy_percent: 0, deployment_maximum_percent: 100 });
  });

  it("that are not singletons roll out like other services", () => {
    const shared = withService(configs.prod, "qdrant", () => ({ singleton: false, desiredCount: 2, deployment: { minimumHealthyPercent: 100, maximumPercent: 200, waitForSteadyState: true } }));
    expect(res(synth(shared)).aws_ecs_service.qdrant_service).toMatchObject({ desired_count: 2, deployment_minimum_healthy_percent: 100, deployment_maximum_percent: 200 });
  });

  it("map their port in the container", () => {
    expect(container(prod, "qdrant").portMappings).toEqual([{ containerPort: 6333, hostPort: 6333, protocol: "tcp", name: "http" }]);
  });

  it("need no namespace when there are none", () => {
    expect(res(dev).aws_service_discovery_private_dns_namespace).toBeUndefined();
    expect(res(dev).aws_service_discovery_service).toBeUndefined();
  });
});

describe("on-demand tasks", () => {
  it("get a task definition but no ECS service", () => {
    expect(res(dev).aws_ecs_task_definition.migrate).toMatchObject({ family: "acme-ai-dev-migrate", cpu: "256", memory: "512" });
    expect(Object.keys(res(dev).aws_ecs_service).sort()).toEqual(["api_service", "worker_service"]);
    expect(Object.keys(res(prod).aws_ecs_service).sort()).toEqual(["api_service", "qdrant_service", "worker_service"]);
  });

  it("publish the run-task command with the private subnets, the baseline group and their own group", () => {
    expect(dev.output!.run_task_commands.value).toEqual({
      migrate:
        "aws ecs run-task --region us-east-1 --cluster acme-ai-dev --task-definition ${aws_ecs_task_definition.migrate.family}" +
        " --capacity-provider-strategy capacityProvider=FARGATE,weight=1" +
        " --network-configuration 'awsvpcConfiguration={subnets=[${join(\",\", data.terraform_remote_state.foundation.outputs.private_subnet_ids)}]," +
        "securityGroups=[${data.terraform_remote_state.foundation.outputs.app_security_group_id},${data.terraform_remote_state.foundation.outputs.service_security_group_ids.migrate}]," +
        "assignPublicIp=DISABLED}'",
    });
    expect(dev.output!.task_security_group_ids.value).toEqual({ migrate: `${remote("app_security_group_id")},${remote("service_security_group_ids.migrate")}` });
    expect(dev.output!.task_subnet_ids.value).toBe(remote("private_subnet_ids"));
  });
});

describe("ECS services", () => {
  it("roll out with the circuit breaker and rollback, new tasks before old ones stop (100 % / 200 %)", () => {
    expect(res(prod).aws_ecs_service.api_service).toMatchObject({
      deployment_circuit_breaker: { enable: true, rollback: true },
      deployment_controller: { type: "ECS" },
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
    });
  });

  it("take the rollout percentages from config", () => {
    const slower = withService(configs.prod, "worker", (s) => ({ deployment: { ...s.deployment, minimumHealthyPercent: 50, maximumPercent: 150 } }));
    expect(res(synth(slower)).aws_ecs_service.worker_service).toMatchObject({ deployment_minimum_healthy_percent: 50, deployment_maximum_percent: 150 });
  });

  it("make Terraform wait for a steady state outside dev, and not in dev", () => {
    const wait = (j: TerraformJson) => Object.fromEntries(Object.entries(res(j).aws_ecs_service).map(([name, s]) => [name, s.wait_for_steady_state]));
    expect(wait(dev)).toEqual({ api_service: false, worker_service: false });
    expect(wait(staging)).toEqual({ api_service: true, worker_service: true });
    expect(wait(prod)).toEqual({ api_service: true, qdrant_service: true, worker_service: true });
  });

  it("leave desired_count to autoscaling after creation, and keep it from config where nothing scales", () => {
    for (const j of [dev, staging, prod]) {
      for (const [name, service] of Object.entries(res(j).aws_ecs_service)) {
        const scaled = j.resource!.aws_appautoscaling_target?.[name.replace(/_service$/, "_autoscaling")] !== undefined;
        expect(service.lifecycle?.ignore_changes, name).toEqual(scaled ? ["desired_count"] : undefined);
      }
    }
    expect(res(dev).aws_ecs_service.worker_service.lifecycle).toBeUndefined();
    expect(res(prod).aws_ecs_service.qdrant_service.lifecycle.ignore_changes).toBeUndefined();
  });

  it("outside dev, fail the phase when the circuit breaker rolled the rollout back (the service no longer runs the new task definition)", () => {
    expect(res(prod).aws_ecs_service.worker_service.lifecycle.postcondition).toEqual([
      {
        condition: "${(self.task_definition == aws_ecs_task_definition.worker.arn)}",
        error_message: "The rollout of worker failed and the deployment circuit breaker rolled the service back to its previous task definition; see the service's events and the tasks' logs.",
      },
    ]);
    expect(res(dev).aws_ecs_service.api_service.lifecycle.postcondition).toBeUndefined();
  });

  it("take a new capacity strategy as a new deployment, not a new service", () => {
    for (const service of Object.values(res(prod).aws_ecs_service)) expect(service.force_new_deployment).toBe(true);
  });

  it("wait for the cluster's capacity providers, and web services for the listener rule that attaches their target group", () => {
    expect(res(prod).aws_ecs_service.api_service.depends_on).toEqual(["aws_ecs_cluster_capacity_providers.cluster_capacity_providers", "aws_lb_listener_rule.load_balancer_api_rule"]);
    expect(res(prod).aws_ecs_service.worker_service.depends_on).toEqual(["aws_ecs_cluster_capacity_providers.cluster_capacity_providers"]);
  });

  it("start with autoscaling.min, else the stage default (2 in prod, 1 elsewhere)", () => {
    expect(res(prod).aws_ecs_service.api_service.desired_count).toBe(2);
    expect(res(dev).aws_ecs_service.api_service.desired_count).toBe(1);
    expect(res(dev).aws_ecs_service.worker_service.desired_count).toBe(1);
  });

  it("run in the private subnets without public IPs, in the baseline group and their own", () => {
    expect(res(prod).aws_ecs_service.worker_service.network_configuration).toEqual({
      subnets: remote("private_subnet_ids"),
      security_groups: [remote("app_security_group_id"), remote("service_security_group_ids.worker")],
      assign_public_ip: false,
    });
  });

  it("run on Fargate and Fargate Spot by the configured weights", () => {
    const strategy = (j: TerraformJson) => Object.fromEntries(Object.entries(res(j).aws_ecs_service).map(([name, s]) => [name, s.capacity_provider_strategy]));
    expect(strategy(dev)).toEqual({
      api_service: [{ capacity_provider: "FARGATE", weight: 1, base: 0 }],
      worker_service: [{ capacity_provider: "FARGATE_SPOT", weight: 1, base: 0 }],
    });
    expect(strategy(prod).worker_service).toEqual([
      { capacity_provider: "FARGATE", weight: 1, base: 1 },
      { capacity_provider: "FARGATE_SPOT", weight: 3, base: 0 },
    ]);
  });

  it("in a cluster that has both capacity providers, Fargate by default", () => {
    expect(res(dev).aws_ecs_cluster_capacity_providers.cluster_capacity_providers).toEqual({
      cluster_name: "${aws_ecs_cluster.cluster.name}",
      capacity_providers: ["FARGATE", "FARGATE_SPOT"],
      default_capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1, base: 0 }],
    });
  });

  it("run the configured platform version, LATEST by default", () => {
    expect(res(dev).aws_ecs_service.api_service.platform_version).toBe("LATEST");
    expect(res(synth(withService(configs.dev, "api", () => ({ platformVersion: "1.4.0" })))).aws_ecs_service.api_service.platform_version).toBe("1.4.0");
  });

  it("allow ECS Exec only when the service asks for it", () => {
    expect(res(dev).aws_ecs_service.api_service.enable_execute_command).toBe(true);
    expect(res(dev).aws_ecs_service.worker_service.enable_execute_command).toBe(false);
    expect(res(prod).aws_ecs_service.api_service.enable_execute_command).toBe(false);
  });

  it("propagate the service's tags and ECS-managed tags to their tasks", () => {
    expect(res(prod).aws_ecs_service.qdrant_service).toMatchObject({ propagate_tags: "SERVICE", enable_ecs_managed_tags: true });
  });

  it("run their own task definition in the environment's cluster, under their own name", () => {
    expect(res(prod).aws_ecs_service.worker_service).toMatchObject({ name: "worker", cluster: "${aws_ecs_cluster.cluster.arn}", task_definition: "${aws_ecs_task_definition.worker.arn}" });
  });
});

describe("autoscaling", () => {
  it("targets the service's desired count between min and max", () => {
    expect(res(prod).aws_appautoscaling_target.api_autoscaling).toEqual({
      service_namespace: "ecs",
      scalable_dimension: "ecs:service:DesiredCount",
      resource_id: "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.api_service.name}",
      min_capacity: 2,
      max_capacity: 10,
    });
    expect(res(prod).aws_appautoscaling_target.worker_autoscaling).toMatchObject({ min_capacity: 2, max_capacity: 5 });
  });

  it("tracks one target per configured metric, with the configured cooldowns", () => {
    const policy = (name: string, targetValue: number, metric: Record<string, string>) => ({
      name: `\${aws_ecs_service.api_service.name}-${name}`,
      policy_type: "TargetTrackingScaling",
      service_namespace: "${aws_appautoscaling_target.api_autoscaling.service_namespace}",
      scalable_dimension: "${aws_appautoscaling_target.api_autoscaling.scalable_dimension}",
      resource_id: "${aws_appautoscaling_target.api_autoscaling.resource_id}",
      target_tracking_scaling_policy_configuration: { target_value: targetValue, predefined_metric_specification: metric, scale_in_cooldown: 300, scale_out_cooldown: 60, disable_scale_in: false },
      // A web service's policies wait for the listener rule that attaches its target group.
      depends_on: ["aws_lb_listener_rule.load_balancer_api_rule"],
    });
    const policies = res(prod).aws_appautoscaling_policy;
    expect(Object.keys(policies).sort()).toEqual(["api_autoscaling_cpu_policy", "api_autoscaling_memory_policy", "api_autoscaling_requests_policy", "worker_autoscaling_cpu_policy"]);
    expect(policies.api_autoscaling_cpu_policy).toEqual(policy("cpu", 70, { predefined_metric_type: "ECSServiceAverageCPUUtilization" }));
    expect(policies.api_autoscaling_memory_policy).toEqual(policy("memory", 80, { predefined_metric_type: "ECSServiceAverageMemoryUtilization" }));
    expect(policies.api_autoscaling_requests_policy).toEqual(
      policy("requests", 500, {
        predefined_metric_type: "ALBRequestCountPerTarget",
        resource_label: "${aws_lb.load_balancer.arn_suffix}/${aws_lb_target_group.load_balancer_api_target_group.arn_suffix}",
      }),
    );
  });

  it("takes its cooldowns from config", () => {
    const tuned = withService(configs.prod, "worker", (s) => ({ autoscaling: { ...s.autoscaling, scaleInCooldownSeconds: 600, scaleOutCooldownSeconds: 30 } }));
    expect(res(synth(tuned)).aws_appautoscaling_policy.worker_autoscaling_cpu_policy.target_tracking_scaling_policy_configuration).toMatchObject({
      scale_in_cooldown: 600,
      scale_out_cooldown: 30,
    });
  });

  it("with a schedule, leaves the bounds to it after creation, so an apply at night does not start the service", () => {
    expect(res(dev).aws_appautoscaling_target.api_autoscaling.lifecycle).toEqual({ ignore_changes: ["min_capacity", "max_capacity"] });
    expect(res(prod).aws_appautoscaling_target.api_autoscaling.lifecycle).toBeUndefined();
  });

  it("changes the bounds on schedule, as cron(...) in the configured time zone", () => {
    const action = (name: string, min: string, max: string, cron: string) => ({
      name: `\${aws_ecs_service.api_service.name}-${name}`,
      service_namespace: "${aws_appautoscaling_target.api_autoscaling.service_namespace}",
      scalable_dimension: "${aws_appautoscaling_target.api_autoscaling.scalable_dimension}",
      resource_id: "${aws_appautoscaling_target.api_autoscaling.resource_id}",
      schedule: `cron(${cron})`,
      timezone: "Europe/Berlin",
      scalable_target_action: { min_capacity: min, max_capacity: max },
    });
    expect(res(dev).aws_appautoscaling_scheduled_action).toEqual({
      api_autoscaling_night_schedule: action("night", "0", "0", "0 20 ? * MON-FRI *"),
      api_autoscaling_morning_schedule: action("morning", "1", "2", "0 7 ? * MON-FRI *"),
    });
  });

  it("exists only for services that configure it", () => {
    expect(Object.keys(res(dev).aws_appautoscaling_target)).toEqual(["api_autoscaling"]);
    expect(Object.keys(res(prod).aws_appautoscaling_target).sort()).toEqual(["api_autoscaling", "worker_autoscaling"]);
    expect(res(staging).aws_appautoscaling_scheduled_action).toBeUndefined();
  });
});
