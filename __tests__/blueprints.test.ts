/**
 * Blueprints (config/blueprints/) are tested like the shipped environments: each
 * one is extended by an example of config/examples, which every check of the
 * suite runs (synthesis and policy, terraform validate and a mock-provider apply
 * of every stack, real plans in phase order on the loopback backend).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BLUEPRINTS_DIR, listBlueprints, readWithBases } from "../config/extends";
import { initEnvironment } from "../config/init";
import { policyErrors, synthesize } from "../stacks/synthesize";
import type { ResolvedConfig } from "../config/defaults";
import type { Stage } from "../config/schema";
import { DEFAULT_CONFIG_DIR, listEnvironments, loadEnvironment, parseEnvironment } from "../config/load";
import { configErrorOf } from "./support/config-text";
import { EXAMPLES_DIR } from "./support/synth";

/** An example's text (changed) as its file, resolved against the blueprints. */
const parseEnvironmentText = (text: string, env: string) => parseEnvironment(text, env, path.join(EXAMPLES_DIR, `${env}.yaml`), {});

/** The blueprints a file extends, directly or through other files. */
function blueprintsOf(file: string): string[] {
  return readWithBases(fs.readFileSync(file, "utf8"), file)
    .files.map((f) => path.resolve(f.file))
    .filter((f) => path.dirname(f) === BLUEPRINTS_DIR)
    .map((f) => path.basename(f, ".yaml"));
}

describe("blueprints", () => {
  it("each is extended by an example or a shipped environment, so the whole suite runs it", () => {
    const tested = [EXAMPLES_DIR, DEFAULT_CONFIG_DIR].flatMap((dir) => listEnvironments(dir).flatMap((env) => blueprintsOf(path.join(dir, `${env}.yaml`))));
    expect(listBlueprints().filter((b) => !tested.includes(b))).toEqual([]);
    expect(listBlueprints()).toEqual(["agentic-mlops", "agentic-mlops-ecs", "ai-chatbot", "farsight", "model-registry", "wwhd"]);
  });

  it("ai-chatbot (seed 004): the Next.js app behind CloudFront and the load balancer, its database, Bedrock, secrets and migrations, as the seed has them", () => {
    const c = loadEnvironment("chatbot", { configDir: EXAMPLES_DIR, env: {} });
    const web = c.services.find((s) => s.name === "web")!;
    expect(web).toMatchObject({ kind: "web", port: 3000, compute: "ecs", secrets: ["POSTGRES_URL", "AUTH_SECRET"] });
    expect((web as { healthCheck: unknown }).healthCheck).toMatchObject({ path: "/api/health", gracePeriodSeconds: 120 });
    expect(web.environment).toMatchObject({ AUTH_URL: { ref: "app.url" }, AUTH_TRUST_HOST: "true" });
    expect(web.bedrock).toEqual({
      inferenceProfiles: ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"],
      models: ["amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0"],
    });
    expect(c.services.find((s) => s.name === "migrate")).toMatchObject({ kind: "task", command: ["pnpm", "db:migrate"], secrets: ["POSTGRES_URL"] });
    expect(c.database).toMatchObject({ instanceClass: "db.t3.micro", databaseName: "chatbot", username: "chatbot_admin", clients: ["web", "migrate"] });
    expect(c.frontend).toMatchObject({ type: "service", service: "web" });
  });

  it("npm run init starts an environment from a shipped blueprint that synthesizes cleanly, and refuses one the policy would refuse", () => {
    const configDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "init-real-")), "environments");
    const o = { blueprint: "ai-chatbot", environment: "demo", accountId: "666666666666", region: "us-west-2", configDir };
    // Without a domain CloudFront would reach the load balancer over plain HTTP (policy CF-04): nothing is written.
    const refused = configErrorOf(() => initEnvironment(o, policyErrors)).problems.map((p) => p.message);
    expect(refused).toEqual([expect.stringMatching(/^CF-04 frontend aws_cloudfront_vpc_origin\.site_load_balancer_origin: CloudFront must reach custom and VPC origins over HTTPS .*\(nothing was written\)$/)]);
    expect(fs.existsSync(path.join(configDir, "demo.yaml"))).toBe(false);
    const file = initEnvironment({ ...o, domain: { name: "demo.example.com", zoneId: "Z0123456789ABCDEFGHIJ" } }, policyErrors);
    const c = loadEnvironment("demo", { configDir, env: {} });
    expect([file, c.project, c.stage, c.region, c.stateBackend.bucket, c.domain?.name]).toEqual([path.join(configDir, "demo.yaml"), "ai-chatbot", "dev", "us-west-2", "ai-chatbot-tfstate-666666666666", "demo.example.com"]);
  });

  it("agentic-mlops (seed 000): API 8000 and frontend 3000 on App Runner, the API's URL and the bucket's name by reference, RDS behind RDS Proxy on the default VPC", () => {
    const c = loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} });
    const [api, web] = ["api", "web"].map((n) => c.services.find((s) => s.name === n)!);
    expect(api).toMatchObject({ kind: "web", compute: "apprunner", port: 8000, secrets: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "DATABASE_URL"], healthCheck: { path: "/" } });
    expect(api.environment).toEqual({ GRAPH_TYPE: "full", ENVIRONMENT: "production", S3_BUCKET_NAME: { ref: "buckets.artifacts.name" } });
    expect(web).toMatchObject({ kind: "web", compute: "apprunner", port: 3000 });
    expect(web.environment).toEqual({ NEXT_PUBLIC_API_BASE_URL: { ref: "services.api.url" } });
    expect(c.database).toMatchObject({ proxy: true, clients: ["api"] });
    expect(c.network).toMatchObject({ mode: "existing", vpcCidr: "172.31.0.0/16", vpcId: "vpc-0a1b2c3d4e5f67890" });
    expect(c.buckets.map((b) => b.key)).toEqual(["artifacts"]);
  });

  it("agentic-mlops-ecs (seed 000 on ECS): the same two services behind CloudFront and the load balancer, the API on /api/*, in a VPC of its own with NAT", () => {
    const c = loadEnvironment("agentic-ecs", { configDir: EXAMPLES_DIR, env: {} });
    const [api, web] = ["api", "web"].map((n) => c.services.find((s) => s.name === n)!);
    expect([api.compute, web.compute, (api as { port: number }).port, (web as { port: number }).port]).toEqual(["ecs", "ecs", 8000, 3000]);
    expect(api.environment).toMatchObject({ S3_BUCKET_NAME: { ref: "buckets.artifacts.name" }, CORS_ORIGIN: { ref: "app.url" } });
    expect(web.environment).toMatchObject({ NEXT_PUBLIC_API_BASE_URL: { ref: "app.url" } });
    expect(c.frontend).toMatchObject({ type: "service", service: "web", routes: [{ paths: ["/api/*"], service: "api" }, { paths: ["/_next/static/*"], service: "web", cache: true }] });
    expect(c.network).toMatchObject({ mode: "create", cidr: "10.60.0.0/16", natGateways: "single" });
    expect(c.database).toMatchObject({ proxy: true, clients: ["api"] });
  });

  it("wwhd (seed 001): its sizing table by stage, 2–10 API tasks at 70 % CPU, SQLite and Qdrant on EFS, its two alarms, the static site", () => {
    const sizes = (c: ResolvedConfig) => ["api", "qdrant"].map((n) => c.services.find((s) => s.name === n)!).map((s) => [s.cpu, s.memory]);
    const text = fs.readFileSync(path.join(EXAMPLES_DIR, "wwhd.yaml"), "utf8");
    const atStage = (stage: Stage) => parseEnvironmentText(text.replace(/^stage: prod$/m, `stage: ${stage}`), "wwhd");
    expect(sizes(atStage("dev"))).toEqual([[1024, 2048], [1024, 2048]]);
    expect(sizes(atStage("staging"))).toEqual([[2048, 4096], [2048, 4096]]);
    const c = loadEnvironment("wwhd", { configDir: EXAMPLES_DIR, env: {} });
    expect(sizes(c)).toEqual([[4096, 8192], [4096, 8192]]);
    const api = c.services.find((s) => s.name === "api")!;
    expect(api).toMatchObject({ port: 8000, healthCheck: { path: "/health" }, autoscaling: { min: 2, max: 10, cpuPercent: 70 }, secrets: ["OPENAI_API_KEY", "JWT_SECRET"] });
    expect((api.container as { healthCheck?: unknown }).healthCheck).toEqual({ command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], intervalSeconds: 30, timeoutSeconds: 3, startPeriodSeconds: 5, retries: 3 });
    expect(api.environment).toMatchObject({ QDRANT_URL: { ref: "services.qdrant.url" }, DATABASE_URL: "sqlite:///./data/app.db", MODEL_CHAT: "gpt-4o-mini", JWT_ISSUER: "wwhd", JWT_AUDIENCE: "wwhd-users" });
    expect(c.services.find((s) => s.name === "qdrant")).toMatchObject({ kind: "internal", port: 6333, callers: ["api"] });
    expect(c.fileSystem).toMatchObject({ accessPoints: { sqlite: { mountPath: "/app/data" }, qdrant: { mountPath: "/qdrant/storage" } }, clients: { api: ["sqlite"], qdrant: ["qdrant"] } });
    expect(c.alarms).toEqual({ targetLatencyP90: { enabled: true, threshold: 5 }, targetClientErrors: { enabled: true, threshold: 10 } });
    expect([c.frontend.type, c.domain?.name, c.network.mode === "create" && c.network.endpoints.interface]).toEqual(["static", "wwhd.example.com", ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]]);
  });

  it("model-registry (seed 002): one NAT, RDS, the API at CPU 70 % / memory 80 % for 2–10 tasks, the Batch autograder (16 vCPUs, 15 min, 3 attempts, non-root), the SPA, OIDC deploys", () => {
    const c = loadEnvironment("registry", { configDir: EXAMPLES_DIR, env: {} });
    const api = c.services.find((s) => s.name === "api")!;
    expect(api).toMatchObject({ kind: "web", healthCheck: { path: "/health" }, autoscaling: { min: 2, max: 10, cpuPercent: 70, memoryPercent: 80 }, submitsJobs: ["autograder"], exec: true });
    expect(api.environment).toMatchObject({ S3_BUCKET_NAME: { ref: "buckets.packages.name" }, ENVIRONMENT: "prod" });
    expect(c.services.find((s) => s.name === "autograder")).toMatchObject({ kind: "job", maxVcpus: 16, timeoutSeconds: 900, retry: { attempts: 3 }, container: { user: "1000:1000" } });
    expect(c.network).toMatchObject({ mode: "create", natGateways: "single", endpoints: { gateway: ["s3"] } });
    expect(c.database).toMatchObject({ instanceClass: "db.t3.micro", databaseName: "model_registry", multiAz: true, iamAuthentication: true });
    expect(c.github).toMatchObject({ repository: "acme/model-registry", branch: "aws-deployment" });
    expect([c.buckets.map((b) => b.key), c.frontend.type, c.waf.enabled]).toEqual([["packages"], "static", true]);
    // ENVIRONMENT names the stage.
    const dev = parseEnvironmentText(fs.readFileSync(path.join(EXAMPLES_DIR, "registry.yaml"), "utf8").replace(/^stage: prod$/m, "stage: dev"), "registry");
    expect(dev.services.find((s) => s.name === "api")!.environment.ENVIRONMENT).toBe("dev");
  });

  it("farsight (seed 003): 10.0.0.0/16 with NAT and the three interface endpoints, the API and the Temporal worker on one secret, Multi-AZ db.t3.medium, Redis, 2–10 and 2–5 tasks with the seed's cooldowns", () => {
    const c = loadEnvironment("farsight", { configDir: EXAMPLES_DIR, env: {} });
    const [api, worker] = ["api", "worker"].map((n) => c.services.find((s) => s.name === n)!);
    expect(c.network).toMatchObject({ mode: "create", cidr: "10.0.0.0/16", natGateways: "single", endpoints: { interface: ["ecr.api", "ecr.dkr", "logs", "secretsmanager"] } });
    expect(c.database).toMatchObject({ instanceClass: "db.t3.medium", multiAz: true, allocatedStorageGb: 100, backupRetentionDays: 7, databaseName: "farsight" });
    expect(c.cache).toMatchObject({ nodeType: "cache.t3.micro", replicas: 0, clients: ["api", "worker"] });
    expect(api).toMatchObject({ port: 8000, cpu: 512, memory: 1024, healthCheck: { path: "/health", intervalSeconds: 30, timeoutSeconds: 10, healthyThreshold: 2, unhealthyThreshold: 3, gracePeriodSeconds: 60 } });
    expect(worker).toMatchObject({ kind: "worker", cpu: 512, memory: 1024, command: ["python", "-m", "src.temporal.worker"] });
    expect([api, worker].map((s) => (s as { autoscaling?: { min: number; max: number; cpuPercent?: number; scaleInCooldownSeconds?: number; scaleOutCooldownSeconds?: number } }).autoscaling).map((a) => a && [a.min, a.max, a.cpuPercent, a.scaleInCooldownSeconds, a.scaleOutCooldownSeconds])).toEqual([[2, 10, 70, 300, 60], [2, 5, 70, 300, 60]]);
    expect(c.sharedSecrets.server.keys).toEqual(["OPENAI_API_KEY", "PINECONE_API_KEY", "POSTGRES_PASSWORD", "REDIS_PASSWORD", "API_KEY"]);
    expect([api.sharedSecrets.server, worker.sharedSecrets.server]).toEqual([c.sharedSecrets.server.keys, c.sharedSecrets.server.keys.filter((k) => k !== "API_KEY")]);
    for (const s of [api, worker]) {
      expect(s.environment).toEqual({
        POSTGRES_HOST: { ref: "database.endpoint" },
        POSTGRES_PORT: { ref: "database.port" },
        POSTGRES_DB_NAME: { ref: "database.name" },
        POSTGRES_USER: { ref: "database.username" },
        TEMPORAL_ADDRESS: "temporal.farsight.internal:7233",
        TEMPORAL_NAMESPACE: "default",
        TEMPORAL_TASK_QUEUE: "orchestrator-task-queue",
        PINECONE_INDEX: "default-index",
      });
      expect(s.egressPorts).toEqual([7233]);
    }
  });

  it.each(listEnvironments(EXAMPLES_DIR))("the %s example passes the policy check with no error and no warning", (name) => {
    const c = loadEnvironment(name, { configDir: EXAMPLES_DIR, env: {} });
    const report = synthesize(c, { outdir: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "example-")), "cdktf.out") });
    expect([report.errors, report.warnings]).toEqual([[], []]);
  });

  /** What init needs besides account and region, per blueprint. */
  const INIT_FLAGS: Record<string, Partial<Parameters<typeof initEnvironment>[0]>> = {
    "agentic-mlops": { vpc: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] } },
    "model-registry": { githubRepository: "acme/model-registry" },
  };
  it.each(listBlueprints().flatMap((blueprint) => (["dev", "staging", "prod"] as const).map((stage) => ({ blueprint, stage }))))(
    "$blueprint starts an environment at stage $stage with npm run init that synthesizes with no policy error or warning",
    ({ blueprint, stage }) => {
      const configDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "init-stage-")), "environments");
      const domain = { name: "demo.example.com", zoneId: "Z0123456789ABCDEFGHIJ" };
      const o = { blueprint, environment: "demo", accountId: "666666666666", region: "us-west-2", stage, configDir, domain, ...INIT_FLAGS[blueprint] };
      if (blueprint === "agentic-mlops" && stage === "prod") {
        // The seed's default VPC has public subnets only: prod refuses to put its private tiers there.
        expect(configErrorOf(() => initEnvironment(o, policyErrors)).problems.map((p) => [p.path, p.message])).toEqual([
          ["network.privateSubnetIds", expect.stringMatching(/^prod keeps its private tiers off public subnets .*\(nothing was written\)$/)],
        ]);
        return;
      }
      initEnvironment(o, policyErrors);
      const c = loadEnvironment("demo", { configDir, env: {} });
      const report = synthesize(c, { outdir: path.join(path.dirname(configDir), "cdktf.out") });
      expect([c.stage, report.errors, report.warnings]).toEqual([stage, [], []]);
    },
  );
});
