/**
 * Web services on App Runner (compute: apprunner) in the services phase: the
 * service itself, its auto scaling and observability configurations, its VPC
 * connector, private ingress through the App Runner interface endpoint, and
 * custom domains whose DNS records the frontend phase creates. Mostly the
 * agentic example (api and web on App Runner).
 */
import { Testing } from "cdktf";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { FoundationStack } from "../stacks/foundation-stack";
import { FrontendStack } from "../stacks/frontend-stack";
import { agenticAsProd, apiOnAppRunner, devWith, exampleText, stagingWith } from "./support/config-text";
import { container, remote, res, synthOf as synth } from "./support/stack-json";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";

const agentic = loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} });
/** The agentic example with a change to its YAML (defaults such as hosts and appRunner are resolved from the text). */
const agenticWith = (change: (doc: any) => void): ResolvedConfig => {
  const doc = parseYaml(exampleText("agentic"));
  change(doc);
  return parseEnvironment(stringify(doc), "agentic", "config/examples/agentic.yaml", {});
};
const fromText = (text: string, environment: string) => parseEnvironment(text, environment, `config/environments/${environment}.yaml`, {});
const frontendOf = (config: ResolvedConfig) => JSON.parse(Testing.synth(new FrontendStack(Testing.app(), { config }))) as TerraformJson;
const DOMAIN = { name: "agentic.example.com", zoneId: "Z0123456789ABCDEFGHIJ" };

const services = synth(agentic);
const apprunner = (j: TerraformJson, name: string) => res(j).aws_apprunner_service[name];
const variables = (j: TerraformJson, name: string) => apprunner(j, name).source_configuration.image_repository.image_configuration.runtime_environment_variables as Record<string, string>;

describe("agentic's App Runner services", () => {
  it("api: its image, roles, size, port, environment, secret, health check, VPC egress and public ingress", () => {
    expect(apprunner(services, "api")).toEqual({
      service_name: "agentic-agentic-api",
      // the team's data key (encryption.keys: bring), through the foundation's contract
      encryption_configuration: { kms_key: remote("data_key_arn") },
      source_configuration: {
        auto_deployments_enabled: false,
        authentication_configuration: { access_role_arn: remote("execution_role_arns.api") },
        image_repository: {
          image_identifier: "${data.terraform_remote_state.images.outputs.image_uris.api}",
          image_repository_type: "ECR",
          image_configuration: {
            port: "8000",
            runtime_environment_variables: {
              APP_ENVIRONMENT: "agentic",
              AWS_REGION: "us-east-1",
              DB_AUTH: "secret",
              DB_HOST: remote("database_endpoint"),
              DB_NAME: remote("database_name"),
              DB_PORT: remote("database_port"),
              DB_SECRET_ARN: remote("database_secret_arn"),
              DB_SSLMODE: "require",
              DB_USERNAME: remote("database_username"),
              ENVIRONMENT: "production",
              GRAPH_TYPE: "full",
              S3_BUCKET_NAME: remote("bucket_names.artifacts"),
            },
            runtime_environment_secrets: Object.fromEntries(["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "DATABASE_URL"].map((k) => [k, `${remote("secret_arns.api")}:${k}::`])),
          },
        },
      },
      instance_configuration: { cpu: "1024", memory: "2048", instance_role_arn: remote("task_role_arns.api") },
      health_check_configuration: { protocol: "HTTP", path: "/", interval: 10, timeout: 5, healthy_threshold: 1, unhealthy_threshold: 5 },
      auto_scaling_configuration_arn: "${aws_apprunner_auto_scaling_configuration_version.api_scaling.arn}",
      network_configuration: {
        ip_address_type: "IPV4",
        egress_configuration: { egress_type: "VPC", vpc_connector_arn: remote("apprunner_vpc_connector_arns.api") },
        ingress_configuration: { is_publicly_accessible: true },
      },
    });
  });

  it("web: App Runner's own egress (it uses nothing in the VPC), no secrets, and the api's App Runner URL", () => {
    expect(apprunner(services, "web")).toEqual({
      service_name: "agentic-agentic-web",
      // the team's data key (encryption.keys: bring), through the foundation's contract
      encryption_configuration: { kms_key: remote("data_key_arn") },
      source_configuration: {
        auto_deployments_enabled: false,
        authentication_configuration: { access_role_arn: remote("execution_role_arns.web") },
        image_repository: {
          image_identifier: "${data.terraform_remote_state.images.outputs.image_uris.web}",
          image_repository_type: "ECR",
          image_configuration: {
            port: "3000",
            runtime_environment_variables: {
              APP_ENVIRONMENT: "agentic",
              AWS_REGION: "us-east-1",
              NEXT_PUBLIC_API_BASE_URL: "https://${aws_apprunner_service.api.service_url}",
            },
            runtime_environment_secrets: {},
          },
        },
      },
      instance_configuration: { cpu: "1024", memory: "2048", instance_role_arn: remote("task_role_arns.web") },
      health_check_configuration: { protocol: "HTTP", path: "/", interval: 10, timeout: 5, healthy_threshold: 1, unhealthy_threshold: 5 },
      auto_scaling_configuration_arn: "${aws_apprunner_auto_scaling_configuration_version.web_scaling.arn}",
      network_configuration: { ip_address_type: "IPV4", egress_configuration: { egress_type: "DEFAULT" }, ingress_configuration: { is_publicly_accessible: true } },
    });
  });

  it("have no tracing, private ingress, endpoint or custom domain unless configured", () => {
    const r = res(services);
    expect([r.aws_apprunner_observability_configuration, r.aws_apprunner_vpc_ingress_connection, r.aws_vpc_endpoint, r.aws_apprunner_custom_domain_association, r.aws_security_group]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("publish their ARNs and App Runner URLs, and no DNS records without a domain", () => {
    expect(services.output!.apprunner_service_arns.value).toEqual({ api: "${aws_apprunner_service.api.arn}", web: "${aws_apprunner_service.web.arn}" });
    expect(services.output!.service_urls.value).toEqual({ api: "https://${aws_apprunner_service.api.service_url}", web: "https://${aws_apprunner_service.web.service_url}" });
    expect(services.output!.apprunner_dns_records.value).toEqual({});
  });

  it("without a domain, the frontend phase creates no DNS records", () => {
    expect(frontendOf(agentic).resource?.aws_route53_record).toBeUndefined();
  });
});

describe("auto scaling configuration", () => {
  it("takes min, max and concurrency from appRunner, named after the service, replaced before the old one goes", () => {
    expect(res(services).aws_apprunner_auto_scaling_configuration_version).toEqual({
      api_scaling: { auto_scaling_configuration_name: "agentic-agentic-api", min_size: 1, max_size: 4, max_concurrency: 50, lifecycle: { create_before_destroy: true } },
      web_scaling: { auto_scaling_configuration_name: "agentic-agentic-web", min_size: 1, max_size: 4, max_concurrency: 100, lifecycle: { create_before_destroy: true } },
    });
  });

  it("without appRunner: 1 instance outside prod, at most 10, 100 concurrent requests each", () => {
    const j = synth(agenticWith((d) => delete d.services[1].appRunner));
    expect(res(j).aws_apprunner_auto_scaling_configuration_version.web_scaling).toEqual({
      auto_scaling_configuration_name: "agentic-agentic-web",
      min_size: 1,
      max_size: 10,
      max_concurrency: 100,
      lifecycle: { create_before_destroy: true },
    });
  });

  it("without appRunner.minInstances, desiredCount is the minimum", () => {
    const j = synth(agenticWith((d) => ((d.services[1].desiredCount = 3), delete d.services[1].appRunner)));
    expect(res(j).aws_apprunner_auto_scaling_configuration_version.web_scaling).toMatchObject({ min_size: 3, max_size: 10, max_concurrency: 100 });
  });

  it("in prod, 2 instances by default", () => {
    const j = synth(agenticWith((d) => (agenticAsProd(d), delete d.services[1].appRunner)));
    expect(res(j).aws_apprunner_auto_scaling_configuration_version.web_scaling).toMatchObject({ min_size: 2, max_size: 10, max_concurrency: 100 });
  });
});

describe("tracing", () => {
  const traced = agenticWith((d) => (d.services[0].appRunner.tracing = true));
  const j = synth(traced);

  it("creates an X-Ray observability configuration that the service uses", () => {
    expect(res(j).aws_apprunner_observability_configuration).toEqual({
      api_tracing: { observability_configuration_name: "agentic-agentic-api", trace_configuration: { vendor: "AWSXRAY" }, lifecycle: { create_before_destroy: true } },
    });
    expect(apprunner(j, "api").observability_configuration).toEqual({ observability_enabled: true, observability_configuration_arn: "${aws_apprunner_observability_configuration.api_tracing.arn}" });
    expect(apprunner(j, "web")).not.toHaveProperty("observability_configuration");
  });

  it("lets the instance role write traces (X-Ray has no resource-level permissions), only for the traced service", () => {
    const docs = synth(traced, FoundationStack).data!.aws_iam_policy_document as Record<string, { statement: Array<Record<string, unknown>> }>;
    expect(docs.api_task_role_policy.statement.find((s) => s.sid === "XRayTracing")).toEqual({
      sid: "XRayTracing",
      effect: "Allow",
      // Sorted, as every statement's actions.
      actions: ["xray:GetSamplingRules", "xray:GetSamplingStatisticSummaries", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"],
      resources: ["*"],
    });
    // web is not traced and needs nothing else: its instance role has no policy at all.
    expect(docs.web_task_role_policy).toBeUndefined();
    const untraced = synth(agentic, FoundationStack).data!.aws_iam_policy_document as Record<string, { statement: Array<Record<string, unknown>> }>;
    expect(untraced.api_task_role_policy.statement.map((s) => s.sid)).not.toContain("XRayTracing");
  });
});

describe("private ingress", () => {
  const j = synth(agenticWith((d) => (d.services[0].appRunner.ingress = "private")));

  it("creates the apprunner.requests interface endpoint in the private subnets, without private DNS", () => {
    expect(res(j).aws_vpc_endpoint).toEqual({
      apprunner_requests_endpoint: {
        vpc_id: remote("vpc_id"),
        service_name: "com.amazonaws.us-east-1.apprunner.requests",
        vpc_endpoint_type: "Interface",
        private_dns_enabled: false,
        subnet_ids: remote("private_subnet_ids"),
        security_group_ids: ["${aws_security_group.apprunner_endpoint_security_group.id}"],
        tags: { Name: "agentic-agentic-apprunner-requests" },
      },
    });
  });

  it("the endpoint's group admits HTTPS from the VPC's CIDR, and nothing else", () => {
    expect(res(j).aws_security_group).toEqual({
      apprunner_endpoint_security_group: {
        name_prefix: "agentic-agentic-apprunner-requests-",
        description: "App Runner private services of agentic-agentic: HTTPS from the VPC",
        vpc_id: remote("vpc_id"),
        tags: { Name: "agentic-agentic-apprunner-requests" },
        lifecycle: { create_before_destroy: true },
      },
    });
    expect(res(j).aws_vpc_security_group_ingress_rule).toEqual({
      apprunner_endpoint_security_group_from_vpc_443: {
        security_group_id: "${aws_security_group.apprunner_endpoint_security_group.id}",
        cidr_ipv4: remote("vpc_cidr"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: "HTTPS from the VPC to private App Runner services",
      },
    });
  });

  it("connects the service to the endpoint, and it is not publicly accessible", () => {
    expect(res(j).aws_apprunner_vpc_ingress_connection).toEqual({
      api_ingress: {
        name: "agentic-agentic-api",
        service_arn: "${aws_apprunner_service.api.arn}",
        ingress_vpc_configuration: { vpc_id: remote("vpc_id"), vpc_endpoint_id: "${aws_vpc_endpoint.apprunner_requests_endpoint.id}" },
      },
    });
    expect(apprunner(j, "api").network_configuration.ingress_configuration).toEqual({ is_publicly_accessible: false });
    expect(apprunner(j, "web").network_configuration.ingress_configuration).toEqual({ is_publicly_accessible: true });
  });

  it("its URL is the ingress connection's domain name, for callers and the output", () => {
    expect(variables(j, "web").NEXT_PUBLIC_API_BASE_URL).toBe("https://${aws_apprunner_vpc_ingress_connection.api_ingress.domain_name}");
    expect(j.output!.service_urls.value).toEqual({
      api: "https://${aws_apprunner_vpc_ingress_connection.api_ingress.domain_name}",
      web: "https://${aws_apprunner_service.web.service_url}",
    });
  });

  it("two private services share one endpoint and get one ingress connection each", () => {
    const both = synth(agenticWith((d) => ((d.services[0].appRunner.ingress = "private"), (d.services[1].appRunner.ingress = "private"))));
    expect(Object.keys(res(both).aws_vpc_endpoint)).toEqual(["apprunner_requests_endpoint"]);
    expect(Object.keys(res(both).aws_apprunner_vpc_ingress_connection)).toEqual(["api_ingress", "web_ingress"]);
    expect(res(both).aws_apprunner_vpc_ingress_connection.web_ingress.ingress_vpc_configuration).toEqual({ vpc_id: remote("vpc_id"), vpc_endpoint_id: "${aws_vpc_endpoint.apprunner_requests_endpoint.id}" });
  });
});

describe("custom domains", () => {
  const withDomain = agenticWith((d) => (d.domain = DOMAIN));
  const j = synth(withDomain);
  const association = (host: string, service: string) => ({ domain_name: host, service_arn: `\${aws_apprunner_service.${service}.arn}`, enable_www_subdomain: false });
  const records = (address: string) => [
    `{ for r in ${address}.certificate_validation_records : trimsuffix(r.name, ".") => r.value }`,
    `{ (${address}.domain_name) = ${address}.dns_target }`,
  ];

  it("associate each service's host (<name>.<domain> by default), without www", () => {
    expect(res(j).aws_apprunner_custom_domain_association).toEqual({
      api_domain_0: association("api.agentic.example.com", "api"),
      web_domain_0: association("web.agentic.example.com", "web"),
    });
  });

  it("associate one domain per listed host", () => {
    const hosts = synth(agenticWith((d) => ((d.domain = DOMAIN), (d.services[1].hosts = ["app.agentic.example.com", "www.agentic.example.com"]))));
    expect(res(hosts).aws_apprunner_custom_domain_association).toEqual({
      api_domain_0: association("api.agentic.example.com", "api"),
      web_domain_0: association("app.agentic.example.com", "web"),
      web_domain_1: association("www.agentic.example.com", "web"),
    });
    expect(hosts.output!.service_urls.value).toEqual({ api: "https://api.agentic.example.com", web: "https://app.agentic.example.com" });
  });

  it("publish every record the domains need as one merge() of validation records and DNS targets", () => {
    const parts = [...records("aws_apprunner_custom_domain_association.api_domain_0"), ...records("aws_apprunner_custom_domain_association.web_domain_0")];
    expect(j.output!.apprunner_dns_records.value).toBe(`\${merge(${parts.join(", ")})}`);
  });

  it("make the URLs static https://<host>, for callers and the output (no resource reference)", () => {
    expect(j.output!.service_urls.value).toEqual({ api: "https://api.agentic.example.com", web: "https://web.agentic.example.com" });
    expect(variables(j, "web").NEXT_PUBLIC_API_BASE_URL).toBe("https://api.agentic.example.com");
  });

  it("the frontend phase creates each record as a CNAME in the zone, from the services phase's state", () => {
    expect(res(frontendOf(withDomain)).aws_route53_record).toEqual({
      apprunner_domain_records: {
        for_each: "${data.terraform_remote_state.services.outputs.apprunner_dns_records}",
        zone_id: "Z0123456789ABCDEFGHIJ",
        name: "${each.key}",
        type: "CNAME",
        ttl: 300,
        records: ["${each.value}"],
      },
    });
  });

  it("an environment with a domain but no App Runner service publishes an empty map and creates no App Runner records", () => {
    const prod = synth(loadEnvironment("prod", { env: {} }));
    expect(prod.output!.apprunner_dns_records.value).toBe("${tomap({})}");
    expect(res(frontendOf(loadEnvironment("prod", { env: {} }))).aws_route53_record).not.toHaveProperty("apprunner_domain_records");
  });

  // BUG (stacks/services-stack.ts, appRunnerServices): with a domain the rules accept App Runner services that
  // refer to each other's URL (the URLs are the static hosts), but the stack still orders the services by their
  // references and throws "App Runner services api, web refer to each other's URLs (the config rules should
  // have refused it)". The URLs of a domain's services are known before any is created.
  it("services that refer to each other's URL synthesize with a domain (each URL is its static host)", () => {
    const cycle = synth(agenticWith((d) => ((d.domain = DOMAIN), (d.services[0].environment.WEB_URL = { ref: "services.web.url" }))));
    expect(variables(cycle, "api").WEB_URL).toBe("https://web.agentic.example.com");
    expect(variables(cycle, "web").NEXT_PUBLIC_API_BASE_URL).toBe("https://api.agentic.example.com");
  });
});

describe("health check protocol and start command", () => {
  it("a TCP health check has no path", () => {
    const j = synth(agenticWith((d) => (d.services[1].appRunner.healthCheckProtocol = "tcp")));
    expect(apprunner(j, "web").health_check_configuration).toEqual({ protocol: "TCP", interval: 10, timeout: 5, healthy_threshold: 1, unhealthy_threshold: 5 });
  });

  it("configured timings and path reach the health check", () => {
    const j = synth(agenticWith((d) => (d.services[0].healthCheck = { path: "/healthz", intervalSeconds: 20, timeoutSeconds: 8, healthyThreshold: 2, unhealthyThreshold: 20 })));
    expect(apprunner(j, "api").health_check_configuration).toEqual({ protocol: "HTTP", path: "/healthz", interval: 20, timeout: 8, healthy_threshold: 2, unhealthy_threshold: 20 });
  });

  it("the command becomes one start command, joined with spaces; without one the image's CMD runs", () => {
    const j = synth(agenticWith((d) => (d.services[0].command = ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"])));
    expect(apprunner(j, "api").source_configuration.image_repository.image_configuration.start_command).toBe("uvicorn app.main:app --host 0.0.0.0 --port 8000");
    expect(apprunner(services, "api").source_configuration.image_repository.image_configuration).not.toHaveProperty("start_command");
  });

  it("a free-text start command reaches Terraform as literal text", () => {
    const j = synth(agenticWith((d) => (d.services[0].command = ["echo", "${HOME}", "%{x}"])));
    expect(apprunner(j, "api").source_configuration.image_repository.image_configuration.start_command).toBe("echo $${HOME} %%{x}");
  });
});

describe("App Runner next to ECS", () => {
  it("staging's api on App Runner reads its own and the shared secret by JSON key, names its job, and leaves through the VPC (egressPorts)", () => {
    const c = fromText(
      stagingWith((d) => {
        d.services[0].compute = "apprunner";
        // App Runner's URL is public: CloudFront routes only to ECS services.
        d.frontend.routes = [];
        delete d.services[0].autoscaling;
        delete d.services[0].healthCheck.gracePeriodSeconds;
      }),
      "staging",
    );
    const j = synth(c);
    const image = apprunner(j, "api").source_configuration.image_repository.image_configuration;
    expect(image.runtime_environment_secrets).toEqual({
      JWT_SECRET: `${remote("secret_arns.api")}:JWT_SECRET::`,
      OPENAI_API_KEY: `${remote("shared_secret_arns.server")}:OPENAI_API_KEY::`,
      LANGSMITH_API_KEY: `${remote("shared_secret_arns.server")}:LANGSMITH_API_KEY::`,
      PINECONE_API_KEY: `${remote("shared_secret_arns.server")}:PINECONE_API_KEY::`,
      // Staging has no domain: the distribution's URL comes from SSM, read by the instance role at start.
      PUBLIC_URL: "${aws_ssm_parameter.public_url.arn}",
    });
    expect([image.runtime_environment_variables.EVALUATE_JOB_QUEUE, image.runtime_environment_variables.EVALUATE_JOB_DEFINITION]).toEqual(["acme-ai-staging-evaluate", "acme-ai-staging-evaluate"]);
    expect(apprunner(j, "api").network_configuration.egress_configuration).toEqual({ egress_type: "VPC", vpc_connector_arn: remote("apprunner_vpc_connector_arns.api") });
    expect(apprunner(j, "api").health_check_configuration).toEqual({ protocol: "HTTP", path: "/health", interval: 10, timeout: 5, healthy_threshold: 1, unhealthy_threshold: 5 });
    // Nothing of the api is left on ECS or the load balancer.
    expect([res(j).aws_ecs_service.api_service, res(j).aws_lb, res(j).aws_ecs_task_definition.api]).toEqual([undefined, undefined, undefined]);
  });

  it("an ECS worker calling an App Runner service gets its App Runner URL", () => {
    const c = fromText(
      devWith((d) => {
        apiOnAppRunner(d);
        d.services[1].environment.API_URL = { ref: "services.api.url" };
        d.services[1].environment.API_HOST = { ref: "services.api.host" };
      }),
      "dev",
    );
    const env = Object.fromEntries(container(synth(c), "worker").environment.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect([env.API_URL, env.API_HOST]).toEqual(["https://${aws_apprunner_service.api.service_url}", "${aws_apprunner_service.api.service_url}"]);
  });
});
