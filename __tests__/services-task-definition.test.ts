/** Task definitions of the services phase: container hardening, secrets, resolved environment references, and change isolation. */
import { configs, container, remote, res, synthOf as synth, withService } from "./support/stack-json";
import type { TerraformJson } from "./support/synth";

const env = (j: TerraformJson, name: string): Record<string, string> =>
  Object.fromEntries(container(j, name).environment.map((e: { name: string; value: string }) => [e.name, e.value]));

const dev = synth(configs.dev);
const staging = synth(configs.staging);
const prod = synth(configs.prod);

describe("the container", () => {
  it("spells out what AWS would fill in: cpu 0, empty lists, host port, init process, awslogs", () => {
    expect(container(dev, "worker")).toEqual({
      name: "worker",
      image: "${data.terraform_remote_state.images.outputs.image_uris.worker}",
      cpu: 0,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      linuxParameters: { initProcessEnabled: true },
      command: ["python", "-m", "app.worker"],
      portMappings: [],
      environment: expect.any(Array),
      environmentFiles: [],
      mountPoints: [{ sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false }],
      volumesFrom: [],
      systemControls: [],
      stopTimeout: 30,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": remote("log_group_names.worker"), "awslogs-region": "us-east-1", "awslogs-stream-prefix": "worker" },
      },
    });
  });

  it("is a Fargate task of the configured size, as the foundation's roles", () => {
    expect(res(prod).aws_ecs_task_definition.qdrant).toMatchObject({
      family: "acme-ai-prod-qdrant",
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "1024",
      memory: "2048",
      execution_role_arn: remote("execution_role_arns.qdrant"),
      task_role_arn: remote("task_role_arns.qdrant"),
      runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "X86_64" },
    });
  });

  it("with ECS Exec, gives the SSM agent its writable directories as scratch volumes (it fails on a read-only root otherwise)", () => {
    expect(container(dev, "api").mountPoints).toEqual([
      { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "scratch-managed-agents", containerPath: "/managed-agents", readOnly: false },
      { sourceVolume: "scratch-var-lib-amazon-ssm", containerPath: "/var/lib/amazon/ssm", readOnly: false },
      { sourceVolume: "scratch-var-log-amazon-ssm", containerPath: "/var/log/amazon/ssm", readOnly: false },
    ]);
    expect(container(dev, "worker").mountPoints).toEqual([{ sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false }]);
  });

  it("has a read-only root file system by default, with a scratch volume per writable path", () => {
    expect(container(prod, "qdrant").readonlyRootFilesystem).toBe(true);
    expect(container(prod, "qdrant").mountPoints.filter((m: { sourceVolume: string }) => m.sourceVolume.startsWith("scratch-"))).toEqual([
      { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "scratch-qdrant-snapshots", containerPath: "/qdrant/snapshots", readOnly: false },
    ]);
    expect(res(prod).aws_ecs_task_definition.qdrant.volume.filter((v: { name: string }) => v.name.startsWith("scratch-"))).toEqual([
      { name: "scratch-tmp" },
      { name: "scratch-qdrant-snapshots" },
    ]);
  });

  it("has a writable root file system when configured", () => {
    const writable = withService(configs.dev, "worker", (s) => ({ container: { ...s.container, readonlyRootFilesystem: false } }));
    expect(container(synth(writable), "worker").readonlyRootFilesystem).toBe(false);
  });

  it("runs as the configured user, else as the image's USER", () => {
    expect(container(prod, "qdrant").user).toBe("1000:1000");
    expect(container(prod, "api")).not.toHaveProperty("user");
  });

  it("stops after the configured timeout", () => {
    const slow = withService(configs.dev, "worker", (s) => ({ container: { ...s.container, stopTimeoutSeconds: 120 } }));
    expect(container(synth(slow), "worker").stopTimeout).toBe(120);
  });

  it("has the configured container health check, with every timing spelled out, and none by default", () => {
    const healthCheck = { command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], intervalSeconds: 15, timeoutSeconds: 5, retries: 4, startPeriodSeconds: 120 };
    const checked = withService(configs.dev, "api", (s) => ({ container: { ...s.container, healthCheck } }));
    expect(container(synth(checked), "api").healthCheck).toEqual({ command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], interval: 15, timeout: 5, retries: 4, startPeriod: 120 });
    expect(container(dev, "api")).not.toHaveProperty("healthCheck");
  });

  it("runs the configured command, else the image's CMD", () => {
    expect(container(dev, "migrate").command).toEqual(["alembic", "upgrade", "head"]);
    expect(container(dev, "api")).not.toHaveProperty("command");
  });
});

describe("secrets", () => {
  it("come from the service's own secret and the shared secrets, each by JSON key", () => {
    expect(container(staging, "api").secrets).toEqual([
      // No domain in staging: the public URL is read from SSM at start (the frontend phase writes it).
      { name: "PUBLIC_URL", valueFrom: "${aws_ssm_parameter.public_url.arn}" },
      { name: "JWT_SECRET", valueFrom: `${remote("secret_arns.api")}:JWT_SECRET::` },
      { name: "OPENAI_API_KEY", valueFrom: `${remote("shared_secret_arns.server")}:OPENAI_API_KEY::` },
      { name: "LANGSMITH_API_KEY", valueFrom: `${remote("shared_secret_arns.server")}:LANGSMITH_API_KEY::` },
      { name: "PINECONE_API_KEY", valueFrom: `${remote("shared_secret_arns.server")}:PINECONE_API_KEY::` },
    ]);
  });

  it("of a service without its own secret are only the shared keys it lists", () => {
    expect(container(staging, "worker").secrets).toEqual([
      { name: "OPENAI_API_KEY", valueFrom: `${remote("shared_secret_arns.server")}:OPENAI_API_KEY::` },
      { name: "PINECONE_API_KEY", valueFrom: `${remote("shared_secret_arns.server")}:PINECONE_API_KEY::` },
    ]);
  });

  it("are absent when a service reads none", () => {
    expect(container(staging, "migrate")).not.toHaveProperty("secrets");
  });

  it("never appear as plain environment", () => {
    for (const j of [dev, staging, prod]) {
      for (const name of Object.keys(res(j).aws_ecs_task_definition)) {
        const secretNames = (container(j, name).secrets ?? []).map((x: { name: string }) => x.name);
        expect(Object.keys(env(j, name)).filter((k) => secretNames.includes(k))).toEqual([]);
      }
    }
  });
});

describe("environment references", () => {
  it("a bucket name resolves to the foundation's bucket_names lookup", () => {
    expect(env(dev, "api").ARTIFACTS_BUCKET).toBe(remote("bucket_names.artifacts"));
  });

  it("an internal service's URL is http://<service>.<namespace>:<port>", () => {
    expect(env(prod, "api").QDRANT_URL).toBe("http://qdrant.prod.acme-ai.internal:6333");
    expect(env(prod, "worker").QDRANT_URL).toBe("http://qdrant.prod.acme-ai.internal:6333");
  });

  it("a web service's URL without a domain is http:// on the load balancer's name", () => {
    expect(env(dev, "worker").API_URL).toBe("http://${aws_lb.load_balancer.dns_name}");
  });

  it("every kind of reference resolves to exactly what the platform knows", () => {
    const refs = {
      API_URL: "services.api.url",
      API_HOST: "services.api.host",
      QDRANT_HOST: "services.qdrant.host",
      BUCKET_ARN: "buckets.artifacts.arn",
      DATABASE_ENDPOINT: "database.endpoint",
      DATABASE_PORT: "database.port",
      DATABASE_NAME: "database.name",
      CACHE_ENDPOINT: "cache.endpoint",
      CACHE_PORT: "cache.port",
      LB_URL: "loadBalancer.url",
      LB_DNS: "loadBalancer.dnsName",
      APP_URL: "app.url",
    };
    const referring = withService(configs.prod, "worker", (s) => ({ environment: { ...s.environment, ...Object.fromEntries(Object.entries(refs).map(([k, ref]) => [k, { ref }])) } }));
    const resolved = env(synth(referring), "worker");
    expect(Object.fromEntries(Object.keys(refs).map((k) => [k, resolved[k]]))).toEqual({
      API_URL: "https://api.acme-ai.example.com",
      API_HOST: "api.acme-ai.example.com",
      QDRANT_HOST: "qdrant.prod.acme-ai.internal",
      BUCKET_ARN: remote("bucket_arns.artifacts"),
      DATABASE_ENDPOINT: remote("database_endpoint"),
      DATABASE_PORT: remote("database_port"),
      DATABASE_NAME: remote("database_name"),
      CACHE_ENDPOINT: remote("cache_endpoint"),
      CACHE_PORT: remote("cache_port"),
      LB_URL: "https://api.acme-ai.example.com",
      LB_DNS: "${aws_lb.load_balancer.dns_name}",
      // The public URL: prod's distribution on the apex host (frontend.hosts defaults to the domain).
      APP_URL: "https://acme-ai.example.com",
    });
  });

  it("a web service's URL ends with the fixed part of its first path pattern", () => {
    const routed = withService(configs.dev, "api", () => ({ paths: ["/api/v1/*", "/health"] }));
    const j = synth(routed);
    expect(env(j, "worker").API_URL).toBe("http://${aws_lb.load_balancer.dns_name}/api/v1");
    expect(j.output!.service_urls.value).toEqual({ api: "http://${aws_lb.load_balancer.dns_name}/api/v1" });
  });

  it("sit next to the plain values, the data store settings and the environment's name and region, sorted by name", () => {
    expect(container(prod, "qdrant").environment).toEqual([
      { name: "APP_ENVIRONMENT", value: "prod" },
      { name: "AWS_REGION", value: "us-east-1" },
    ]);
    expect(Object.keys(env(dev, "api"))).toEqual([
      "APP_ENVIRONMENT", "ARTIFACTS_BUCKET", "AWS_REGION", "DB_AUTH", "DB_HOST", "DB_NAME", "DB_PORT", "DB_SECRET_ARN", "DB_SSLMODE", "DB_USERNAME", "GRAPH_TYPE", "LOG_LEVEL",
    ]);
  });
});

describe("a change to one service", () => {
  /** Every resource and output of two syntheses that differ, by address. */
  const differences = (a: TerraformJson, b: TerraformJson): string[] => {
    const flat = (j: TerraformJson): Record<string, string> => ({
      ...Object.fromEntries(Object.entries(res(j)).flatMap(([type, byName]) => Object.entries(byName).map(([name, r]) => [`${type}.${name}`, JSON.stringify(r)]))),
      ...Object.fromEntries(Object.entries(j.output ?? {}).map(([name, o]) => [`output.${name}`, JSON.stringify(o)])),
      data: JSON.stringify(j.data),
    });
    const [fa, fb] = [flat(a), flat(b)];
    return [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]).sort();
  };

  it("in its size changes only its task definition", () => {
    const bigger = synth(withService(configs.prod, "api", () => ({ cpu: 4096, memory: 8192 })));
    expect(differences(prod, bigger)).toEqual(["aws_ecs_task_definition.api"]);
    expect(res(bigger).aws_ecs_task_definition.api).toMatchObject({ cpu: "4096", memory: "8192" });
  });

  it("in its environment changes only its task definition", () => {
    const louder = synth(withService(configs.prod, "worker", (s) => ({ environment: { ...s.environment, LOG_LEVEL: "debug" } })));
    expect(differences(prod, louder)).toEqual(["aws_ecs_task_definition.worker"]);
    expect(env(louder, "worker").LOG_LEVEL).toBe("debug");
  });

  it("leaves the load balancer, its listeners and the other services byte-identical", () => {
    const changed = synth(withService(configs.prod, "qdrant", (s) => ({ cpu: 2048, memory: 4096, environment: { ...s.environment, QDRANT__LOG_LEVEL: "INFO" } })));
    for (const address of ["aws_lb.load_balancer", "aws_lb_listener.load_balancer_https_listener", "aws_lb_listener.load_balancer_http_listener", "aws_ecs_task_definition.api", "aws_ecs_service.api_service"]) {
      const [type, name] = address.split(".");
      expect(JSON.stringify(res(changed)[type][name]), address).toBe(JSON.stringify(res(prod)[type][name]));
    }
    expect(differences(prod, changed)).toEqual(["aws_ecs_task_definition.qdrant"]);
  });
});
