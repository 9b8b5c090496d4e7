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
import { policyErrors } from "../stacks/synthesize";
import { DEFAULT_CONFIG_DIR, listEnvironments, loadEnvironment } from "../config/load";
import { configErrorOf } from "./support/config-text";
import { EXAMPLES_DIR } from "./support/synth";

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
    expect(listBlueprints()).toEqual(["ai-chatbot"]);
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
});
