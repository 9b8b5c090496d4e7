import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, environmentFrom, listEnvironments, loadEnvironment, parseEnvironment } from "../config/load";
import { Names } from "../config/names";
import { renderJsonSchema, JSON_SCHEMA_PATH } from "../scripts/json-schema";
import { apiOnAppRunner, devWith, messageFor, onlyProblem, problemsOf, prodWith, shippedText, stagingWith } from "./support/config-text";
import { REPO_ROOT } from "./support/synth";

/** The app command cdktf.json runs (main.ts, bundled once per source tree). */
const APP_COMMAND = path.join(REPO_ROOT, "scripts", "app.cjs");

const devText = shippedText("dev");

/** Rename a service everywhere the dev file names it (database clients, references). */
function renameService(doc: any, from: string, to: string): void {
  for (const s of doc.services) {
    if (s.name === from) s.name = to;
    for (const [key, value] of Object.entries<any>(s.environment ?? {})) {
      if (typeof value === "object" && value.ref?.startsWith(`services.${from}.`)) s.environment[key] = { ref: value.ref.replace(`services.${from}.`, `services.${to}.`) };
    }
  }
  if (doc.database) doc.database.clients = doc.database.clients.map((c: string) => (c === from ? to : c));
}

describe("shipped environments", () => {
  it("ships dev, staging and prod", () => {
    expect(listEnvironments(DEFAULT_CONFIG_DIR)).toEqual(["dev", "prod", "staging"]);
  });

  it.each([
    ["dev", { imageTagMutability: "MUTABLE", secretRecoveryDays: 0, logRetentionDays: 30, deletionProtection: false }],
    ["staging", { imageTagMutability: "MUTABLE", secretRecoveryDays: 30, logRetentionDays: 90, deletionProtection: true }],
    ["prod", { imageTagMutability: "IMMUTABLE", secretRecoveryDays: 30, logRetentionDays: 365, deletionProtection: true }],
  ] as const)("%s is valid and resolves its stage defaults", (name, expected) => {
    const c = loadEnvironment(name, { env: {} });
    expect(c.environment).toBe(name);
    expect(c.stage).toBe(name);
    expect(c.protection).toMatchObject(expected);
    expect(c.stateBackend.keyPrefix).toBe("acme-ai");
  });

  it("prod is protected: deletion protection, immutable tags, no force-destroy, three AZs", () => {
    const c = loadEnvironment("prod", { env: {} });
    expect(c.protection).toMatchObject({ deletionProtection: true, forceDestroy: false, imageTagMutability: "IMMUTABLE", logRetentionDays: 365 });
    expect(c.availabilityZones).toHaveLength(3);
  });

  it("dev is disposable: force-destroy allowed, no deletion protection", () => {
    expect(loadEnvironment("dev", { env: {} }).protection).toMatchObject({ deletionProtection: false, forceDestroy: true });
  });

  it("the committed JSON Schema matches the zod schema (run npm run config:schema)", () => {
    expect(fs.readFileSync(path.join(REPO_ROOT, JSON_SCHEMA_PATH), "utf8")).toBe(renderJsonSchema());
  });

  it("every environment file points editors at the JSON Schema", () => {
    for (const name of listEnvironments(DEFAULT_CONFIG_DIR)) {
      expect(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, `${name}.yaml`), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\.json$/m);
    }
  });
});

describe("choosing an environment", () => {
  it("defaults to dev when APP_ENV is not set", () => {
    expect(environmentFrom({})).toBe("dev");
    expect(environmentFrom({ APP_ENV: "prod" })).toBe("prod");
  });

  it("an unknown environment is an error that lists the known ones", () => {
    expect(() => loadEnvironment("qa", { env: {} })).toThrow(/unknown environment "qa" \(chosen by APP_ENV\); known environments in .*: dev, prod, staging/);
  });

  it("IMAGE_TAG-style variables win over the tag in the file", () => {
    const c = loadEnvironment("dev", { env: { IMAGE_TAG: "abc123" } });
    expect(c.services.map((s) => [s.name, s.imageTag])).toEqual([
      ["api", "abc123"],
      ["worker", "abc123"],
      ["migrate", "abc123"],
    ]);
  });
});

describe("bad configuration", () => {
  it("lists every problem at once, each with file, line and dotted path", () => {
    const text = devWith((d) => {
      d.region = "us-east";
      d.services[0].kind = "cron";
      d.stateBackend.locking = "sometimes";
    });
    const problems = problemsOf(text);
    expect(problems.map((p) => p.path).sort()).toEqual(["region", "services.0.kind", "stateBackend.locking"]);
    let message = "";
    try {
      parseEnvironment(text, "dev", "config/environments/dev.yaml", {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Invalid configuration in config\/environments\/dev.yaml \(3 problems\):/);
    const kindLine = text.split("\n").findIndex((l) => l.includes("kind: cron")) + 1;
    expect(message).toContain(`- services.0.kind: Invalid discriminator value. Expected 'web' | 'worker' | 'internal' | 'task' | 'job'  [config/environments/dev.yaml:${kindLine}:`);
  });

  it("points at the line of the offending value", () => {
    const text = devText.replace("port: 8000", "port: 99999");
    const line = devText.split("\n").findIndex((l) => l.includes("port: 8000")) + 1;
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ path: "services.0.port", line });
    expect(p.message).toMatch(/<=65535|65535/);
  });

  it("names the allowed keys for an unknown key", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.stateBackend.colour = "blue"))), "stateBackend.colour");
    expect(msg).toMatch(/unknown key "colour"; allowed here: bucket, lockTable, keyPrefix, locking/);
  });

  it("says a missing field is required", () => {
    expect(messageFor(problemsOf(devWith((d) => delete d.region)), "region")).toBe("is required (expected string)");
  });

  it("explains that an account id must be quoted", () => {
    expect(messageFor(problemsOf(devText.replace('accountId: "111111111111"', "accountId: 111111111111")), "accountId")).toMatch(/quote the value/);
  });

  it("rejects a non-DNS project name", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.project = "Acme_AI"))), "project")).toMatch(/must be a DNS label/);
  });

  it("reports YAML syntax errors with their line", () => {
    const [p] = problemsOf("project: acme\nservices: [\n");
    expect(p.message).toMatch(/^not valid YAML/);
    expect(p.line).toBeGreaterThan(0);
  });

  it("rejects an environment name that is not a short DNS label", () => {
    expect(messageFor(problemsOf(devText, "Prod_EU"), "")).toMatch(/environment name "Prod_EU" \(the file name\) must be a DNS label/);
  });
});

describe("cross-field rules", () => {
  it("prod needs at least two availability zones", () => {
    const text = devWith((d) => {
      d.stage = "prod";
      d.availabilityZones = ["us-east-1a"];
    });
    expect(messageFor(problemsOf(text), "availabilityZones")).toMatch(/prod needs at least 2 availability zones/);
  });

  it("prod keeps logs at least a year (policy LOG-02); a longer period and other stages' shorter ones load", () => {
    expect(onlyProblem(prodWith((d) => (d.logRetentionDays = 180)), "prod")).toMatchObject({
      path: "logRetentionDays",
      message: "prod keeps logs at least 365 days (incident reviews and audits look back a year); got 180",
    });
    expect(parseEnvironment(prodWith((d) => (d.logRetentionDays = 400)), "prod", "config/environments/prod.yaml", {}).protection.logRetentionDays).toBe(400);
    expect(parseEnvironment(stagingWith((d) => (d.logRetentionDays = 30)), "staging", "config/environments/staging.yaml", {}).protection.logRetentionDays).toBe(30);
  });

  it("prod serves the CDN and the load balancer under its own domain (policies CF-02, ALB-11); without a frontend and web services on ECS it needs none", () => {
    const cdn = "CloudFront's default certificate accepts TLSv1, so prod serves the CDN under its own name with an ACM certificate (TLSv1.2_2021 at least)";
    const loadBalancer = "prod's load balancer serves HTTPS only, with the domain's certificate, and api on ECS is served by it";
    const withoutDomain = (d: any) => {
      delete d.domain;
      for (const s of d.services) delete s.hosts;
    };
    const withoutFrontend = (d: any) => (d.frontend = { type: "none" });
    const domainProblem = (text: string) => problemsOf(text).find((p) => p.path === "domain");
    const needs = "prod needs a domain (name and zoneId of a Route 53 hosted zone)";
    expect(domainProblem(prodWith(withoutDomain))).toMatchObject({ message: `${needs}: ${cdn}; and ${loadBalancer}` });
    // Only the CDN needs it: the other way out is no CDN.
    const onlyCdn = (d: any) => (withoutDomain(d), (d.services = d.services.filter((s: any) => s.kind !== "web")));
    expect(domainProblem(prodWith(onlyCdn))?.message).toBe(`${needs}: ${cdn}; or set frontend.type: none`);
    // Without the CDN, the load balancer still needs the domain's certificate.
    expect(domainProblem(prodWith((d) => (withoutDomain(d), withoutFrontend(d))))).toMatchObject({ message: `${needs}: ${loadBalancer}` });
    const paths = (text: string, env: string) => {
      try {
        parseEnvironment(text, env, `config/environments/${env}.yaml`, {});
        return [];
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.map((p) => p.path);
        throw e;
      }
    };
    // App Runner serves HTTPS on its own name: with neither a frontend nor a web service on ECS, prod needs no domain.
    expect(paths(prodWith((d) => (withoutDomain(d), withoutFrontend(d), apiOnAppRunner(d))), "prod")).not.toContain("domain");
    expect(paths(stagingWith(withoutDomain), "staging")).not.toContain("domain");
  });

  it("prod keeps its private tiers off an existing network's public subnets (policies RDS-20 and NET-05 cannot see them; RDS.46, EFS.6); staging may (seed 000's default VPC)", () => {
    const existing = (stage: string, extra: Record<string, string[]> = {}) => (d: any) => {
      d.stage = stage;
      d.network = { mode: "existing", vpcId: "vpc-0a1b2c3d4e5f67890", vpcCidr: "172.31.0.0/16", publicSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"], ...extra };
    };
    const why = (ids: string, verb: string) => `prod keeps its private tiers off public subnets (routed to an internet gateway, mapping public IPs): ${ids} ${verb} also in publicSubnetIds; list isolated subnets here`;
    expect(messageFor(problemsOf(prodWith(existing("prod"))), "network.privateSubnetIds")).toBe(why("subnet-0aaaaaaaaaaaaaaa1", "is"));
    const dbOnPublic = problemsOf(prodWith(existing("prod", { privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"], databaseSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"] })));
    expect(messageFor(dbOnPublic, "network.databaseSubnetIds")).toBe(why("subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2", "are"));
    const isolated = existing("prod", { privateSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"] });
    expect(parseEnvironment(prodWith(isolated), "prod", "config/environments/prod.yaml", {}).network).toMatchObject({ databaseSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"] });
    expect(parseEnvironment(stagingWith(existing("staging")), "staging", "config/environments/staging.yaml", {}).network).toMatchObject({ databaseSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"] });
  });

  it("the master username is not a default administrator name (policy RDS-19)", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.database.username = "root"))), "database.username")).toBe(
      "is a default administrator name (policy RDS-19, Security Hub RDS.25); not one of postgres, admin, administrator, root, master, sa, rdsadmin, rdsrepladmin",
    );
  });

  it("availability zones must belong to the region", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.availabilityZones = ["us-east-1a", "eu-west-1b"]))), "availabilityZones.1");
    expect(msg).toMatch(/"eu-west-1b" is not an availability zone of region us-east-1/);
  });

  it("availability zones may not repeat", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.availabilityZones = ["us-east-1a", "us-east-1a"]))), "availabilityZones.1")).toMatch(/listed twice/);
  });

  it("service names are unique", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[1].name = "api"))), "services.1.name");
    expect(msg).toMatch(/service name "api" is already used by services\.0/);
  });

  it("web services need a port", () => {
    expect(messageFor(problemsOf(devWith((d) => delete d.services[0].port)), "services.0.port")).toBe("is required (expected number)");
  });

  it("memory must fit the Fargate CPU size, and the message lists what fits", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[1].memory = 4096))), "services.1.memory");
    expect(msg).toBe("4096 MiB does not fit Fargate CPU 256; allowed: 512–2048 MiB (512, 1024, 2048)");
  });

  it("bucket access must name a declared bucket", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[0].bucketAccess = { models: "read" }))), "services.0.bucketAccess.models");
    expect(msg).toBe('unknown bucket "models"; declared buckets: artifacts');
  });

  it("platform bucket keys are reserved", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.buckets.frontend = {}))), "buckets.frontend")).toMatch(/"frontend" is reserved by the platform/);
  });

  it("skipping credential validation is only for emulated backends", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.stateBackend.skipCredentialsValidation = true))), "stateBackend.skipCredentialsValidation");
    expect(msg).toMatch(/only allowed together with stateBackend.endpoints/);
  });

  it("a DynamoDB endpoint makes no sense with lockfile locking", () => {
    const text = devWith((d) => (d.stateBackend.endpoints = { dynamodb: "http://127.0.0.1:4567" }));
    expect(messageFor(problemsOf(text), "stateBackend.endpoints.dynamodb")).toMatch(/locking is "lockfile"/);
  });

  it("a target group name derived from project, environment, service and port must fit 32 characters", () => {
    const problems = problemsOf(devWith((d) => renameService(d, "api", "public-gateway")), "staging");
    expect(problems.map((p) => p.path)).toEqual(["services.0.name"]);
    expect(problems[0].message).toBe(
      'derived target group name "acme-ai-staging-public-gateway-8000" is 35 characters; AWS allows at most 32. Shorten this service name, the project or the environment name',
    );
  });

  it("the field limits guarantee bucket names fit 63 characters, while target groups are checked", () => {
    const text = devWith((d) => {
      d.project = "acme-platform-ai"; // 16, the maximum
      d.buckets = { "model-artifacts-raw1": {} }; // 20, the maximum
      d.services.forEach((s: any) => (s.bucketAccess = {}));
      d.services[0].environment.ARTIFACTS_BUCKET = { ref: "buckets.model-artifacts-raw1.name" };
    });
    const problems = problemsOf(text, "staging-euw1"); // 12, the maximum
    expect(problems.map((p) => p.path)).toEqual(["services.0.name"]);
    expect(problems[0].message).toMatch(/^derived target group name "acme-platform-ai-staging-euw1-api-8000" is 38 characters/);
    expect(new Names("acme-platform-ai", "staging-euw1", "111111111111").bucket("model-artifacts-raw1")).toHaveLength(63);
  });

  it("needs an image tag: from the variable, else the file", () => {
    const text = devWith((d) => delete d.services[0].image.tag);
    expect(messageFor(problemsOf(text), "services.0.image")).toBe('no image tag for service "api": environment variable IMAGE_TAG is not set and no fallback `tag` is given');
    expect(() => parseEnvironment(text, "dev", "dev.yaml", { IMAGE_TAG: "sha-1" })).not.toThrow();
  });

  it("secret keys are unique and never also plain environment variables", () => {
    const problems = problemsOf(devWith((d) => (d.services[0].secrets = ["JWT_SECRET", "LOG_LEVEL", "JWT_SECRET"])));
    expect(messageFor(problems, "services.0.secrets.2")).toBe("secret key JWT_SECRET is listed twice");
    expect(messageFor(problems, "services.0.environment.LOG_LEVEL")).toBe("LOG_LEVEL is also a secret key; a variable comes either from environment or from secrets");
  });

  it("Bedrock ids must look like model ids and system inference profile ids", () => {
    const problems = problemsOf(devWith((d) => (d.services[0].bedrock = { models: ["claude"], inferenceProfiles: ["anthropic.claude-3-5-sonnet-20240620-v1:0"] })));
    expect(messageFor(problems, "services.0.bedrock.models.0")).toMatch(/must be a Bedrock model id/);
    expect(messageFor(problems, "services.0.bedrock.inferenceProfiles.0")).toMatch(/must be a system inference profile id such as us\./);
  });

  it("policy suppressions need a rule id, a stack, an address and a real reason", () => {
    const problems = problemsOf(
      devWith((d) => (d.policy = { suppressions: [{ rule: "s3 logging", stack: "network", address: "bucket", reason: "because" }] })),
    );
    expect(messageFor(problems, "policy.suppressions.0.rule")).toMatch(/must be a policy rule id such as S3-06/);
    expect(messageFor(problems, "policy.suppressions.0.stack")).toMatch(/expected one of "bootstrap"\|"foundation"/);
    expect(messageFor(problems, "policy.suppressions.0.address")).toMatch(/must be a Terraform address/);
    expect(messageFor(problems, "policy.suppressions.0.reason")).toBe("say why the rule does not apply here, in at least 10 characters");
  });

  it("still runs cross-field rules when another section is invalid", () => {
    const text = devWith((d) => {
      d.region = 42;
      d.services[1].name = "api";
    });
    const paths = problemsOf(text).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["region", "services.1.name"]));
  });
});

describe("the app command with bad configuration", () => {
  it("exits non-zero, prints every problem and leaves the last good output untouched", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "badcfg-"));
    const configDir = path.join(tmp, "environments");
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, "dev.yaml"), devWith((d) => ((d.region = "nowhere"), (d.services[0].cpu = 3))));
    const outdir = path.join(tmp, "cdktf.out");
    fs.mkdirSync(path.join(outdir, "stacks", "foundation"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", "foundation", "cdk.tf.json"), "last good synth");

    const r = spawnSync(process.execPath, [APP_COMMAND], {
      env: { ...process.env, APP_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, APP_ENV: "dev" },
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Invalid configuration in .*dev\.yaml \(2 problems\)/);
    expect(r.stderr).toMatch(/- region: must be an AWS region code/);
    expect(r.stderr).toMatch(/- services\.0\.cpu: must be one of the Fargate CPU sizes/);
    expect(fs.readFileSync(path.join(outdir, "stacks", "foundation", "cdk.tf.json"), "utf8")).toBe("last good synth");
    expect(fs.readdirSync(tmp).sort()).toEqual(["cdktf.out", "environments"]);
  });
});

describe("every bad input names what is allowed", () => {
  it("a value outside a list of literals lists the allowed values", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.logRetentionDays = 10))), "logRetentionDays");
    expect(msg).toBe("must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653");
  });

  it("a record key that is too long says the limit", () => {
    const key = "a".repeat(31);
    const msg = messageFor(problemsOf(devWith((d) => (d.buckets = { [key]: {} }))), `buckets.${key}`);
    expect(msg).toBe(`key "${key}" is not allowed here: bucket key must be at most 20 characters`);
  });

  it("an unknown network mode lists the modes", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.network = { mode: "crate" }))), "network.mode")).toMatch(/Expected 'create' \| 'existing'/);
  });

  it("an empty file says that it is empty", () => {
    const [p] = problemsOf("# nothing here yet\n");
    expect(p.message).toMatch(/^the file is empty/);
  });

  it("an overlapping subnet names the subnet it overlaps and where that one comes from", () => {
    const text = devWith((d) => (d.network = { mode: "create", cidr: "10.0.0.0/16", subnets: { private: ["10.0.0.0/24", "10.0.64.0/20"] } }));
    expect(messageFor(problemsOf(text), "network.subnets.private.0")).toBe(
      "private subnet 10.0.0.0/24 overlaps the public subnet 10.0.0.0/20 of AZ 1 (derived from network.cidr)",
    );
  });
});

describe("settings that would be silently ignored are errors", () => {
  it("a port on a worker is an unknown key there", () => {
    const text = devWith((d) => (d.services[1].port = 9000));
    const [p] = problemsOf(text);
    expect(p).toMatchObject({ path: "services.1.port", line: text.split("\n").findIndex((l) => l.includes("port: 9000")) + 1 });
    expect(p.message).toMatch(/^unknown key "port"/);
  });

  it("a port on a worker lists the keys a worker allows", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[1].port = 9000))), "services.1.port");
    expect(msg).toMatch(/^unknown key "port"; allowed here: .*\bdesiredCount\b/);
    expect(msg).not.toMatch(/allowed here: .*\bport\b/);
  });

  it("a tag or tag variable next to a build", () => {
    const problems = problemsOf(devWith((d) => (d.services[0].image = { build: { context: "examples/agentic/web" }, tag: "1.0", tagEnvVar: "IMAGE_TAG" })));
    expect(messageFor(problems, "services.0.image.tag")).toMatch(/^ignored in build mode, where the tag is a content hash of the build context/);
    expect(messageFor(problems, "services.0.image.tagEnvVar")).toMatch(/^ignored in build mode/);
  });

  it("a prebuilt platform next to a build", () => {
    const text = devWith((d) => (d.services[0].image = { build: { context: "examples/agentic/web" }, platform: "linux/arm64" }));
    expect(messageFor(problemsOf(text), "services.0.image.platform")).toBe("in build mode the platform is image.build.platform; move it there");
  });

  it("a worker on App Runner: compute is an unknown key outside web services", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.services[1].compute = "apprunner"))), "services.1.compute")).toMatch(/^unknown key "compute"/);
  });

  it("an App Runner service mounting EFS", () => {
    const problems = problemsOf(
      devWith((d) => {
        apiOnAppRunner(d);
        d.fileSystem = { accessPoints: { data: { path: "/data" } }, clients: { api: ["data"] } };
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(["fileSystem.clients.api"]);
    expect(problems[0].message).toBe('App Runner service "api" cannot mount EFS; run it on compute: ecs or remove it here');
  });

  it("an empty bedrock block", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[0].bedrock = {}))), "services.0.bedrock");
    expect(msg).toBe("grants nothing: list bedrock.models and/or bedrock.inferenceProfiles, or remove bedrock");
  });

  it("an interface endpoint listed twice", () => {
    const text = devWith((d) => (d.network = { mode: "create", endpoints: { interface: ["logs", "ecr.api", "logs"] } }));
    expect(messageFor(problemsOf(text), "network.endpoints.interface.2")).toBe("interface endpoint logs is listed twice");
  });
});

describe("secrets never reach plain text", () => {
  it("a credential inside a URL in environment is refused, pointing at the key and its line", () => {
    const text = devText.replace("LOG_LEVEL: debug", 'LOG_LEVEL: debug\n      DATABASE_URL: "postgresql://app:Hunter2@db.internal:5432/app"');
    const line = text.split("\n").findIndex((l) => l.includes("DATABASE_URL")) + 1;
    const p = problemsOf(text).find((x) => x.path === "services.0.environment.DATABASE_URL")!;
    expect(p.line).toBe(line);
    expect(p.message).toBe(
      "DATABASE_URL holds a password inside a URL, which would be stored in plain text in the task definition and the Terraform state; put it in the service's secrets (secrets: [NAME]) and set the value in Secrets Manager",
    );
  });

  it("well-known token formats are refused in environment, command and build arguments", () => {
    const problems = problemsOf(
      devWith((d) => {
        d.services[0].environment.UPSTREAM = `Bearer sk-${"a".repeat(40)}`;
        d.services[1].command = ["run", "--key", `AKIA${"B".repeat(16)}`];
        d.services[0].image = { build: { context: "examples/agentic/web", args: { PIP_INDEX: "https://user:pw@pypi.internal/simple" } } };
      }),
    );
    expect(messageFor(problems, "services.0.environment.UPSTREAM")).toMatch(/^UPSTREAM holds an OpenAI-style API key/);
    expect(messageFor(problems, "services.1.command.2")).toMatch(/^command argument 2 holds an AWS access key id/);
    expect(messageFor(problems, "services.0.image.build.args.PIP_INDEX")).toMatch(/^build argument PIP_INDEX \(kept in the image history\) holds a password inside a URL/);
  });

  it("URLs without credentials and ordinary values pass", () => {
    const text = devWith((d) => {
      d.services[0].environment = { API_URL: "https://api.example.com/v1", REDIS_URL: "rediss://cache.internal:6379/0", MAX_TOKENS: "4096", TOKENIZERS_PARALLELISM: "false" };
    });
    expect(() => parseEnvironment(text, "dev", "dev.yaml", {})).not.toThrow();
  });
});

describe("names the platform uses itself", () => {
  it.each(["backend", "vpc", "database", "cluster", "images", "foundation", "logs", "aws"])("a service named %s is refused with the reserved list", (name) => {
    const problems = problemsOf(
      devWith((d) => {
        d.services[0].name = name;
        d.database.clients = [name, "worker"];
      }),
    );
    expect(messageFor(problems, "services.0.name")).toMatch(
      new RegExp(`^service name "${name}" is reserved by the platform \\(it names the platform's own resources\\); reserved: apprunner, aws, backend, batch, cache, certificate, cluster,`),
    );
  });

  it("\"TfToken[\" anywhere is refused: cdktf would read it as one of its references", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[0].environment.X = "${TfToken[TOKEN.1]}"))), "services.0.environment.X");
    expect(msg).toMatch(/must not contain "TfToken\["/);
  });
});

describe("image tags from the environment", () => {
  it("a tag variable holding a branch name is refused, naming the variable", () => {
    const msg = messageFor(problemsOf(devText, "dev", { IMAGE_TAG: "feature/foo" }), "services.0.image.tagEnvVar");
    expect(msg).toBe(
      'environment variable IMAGE_TAG="feature/foo" is not a valid image tag: up to 128 letters, digits, \'_\', \'.\' or \'-\', not starting with \'.\' or \'-\' (e.g. a git SHA or 1.2.3, not a branch name like feature/foo)',
    );
  });

  it("a git SHA from the variable is deployed", () => {
    const c = parseEnvironment(devText, "dev", "dev.yaml", { IMAGE_TAG: "3f9c2a1" });
    expect(c.services.map((s) => s.imageTag)).toEqual(["3f9c2a1", "3f9c2a1", "3f9c2a1"]);
  });
});

describe("database engine versions", () => {
  it("default to the major version, so RDS minor upgrades never make the next plan downgrade", () => {
    const c = loadEnvironment("dev", { env: {} });
    expect(c.database).toMatchObject({ engineVersion: "16", allowMajorVersionUpgrade: false });
  });
});

describe("environments sharing one account", () => {
  const write = (dir: string, name: string, change: (d: any) => void) => fs.writeFileSync(path.join(dir, `${name}.yaml`), devWith(change));
  const shared = (d: any) => {
    d.github = { repository: "acme/ai-app", branch: "main" };
  };

  it("exactly one environment creates the state bucket and the GitHub OIDC provider; the clash names the other file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-account-"));
    write(dir, "dev", shared);
    write(dir, "qa", shared);
    let problems: ConfigError["problems"] = [];
    try {
      loadEnvironment("qa", { configDir: dir, env: {} });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    const devFile = path.join(dir, "dev.yaml"); // outside the project, so shown absolute
    expect(messageFor(problems, "stateBackend.manage")).toBe(
      `environment "dev" (${devFile}) also manages the state bucket acme-ai-tfstate-111111111111 of account 111111111111; one environment per account creates it: set stateBackend.manage: false in all others`,
    );
    expect(messageFor(problems, "github.createProvider")).toMatch(/^environment "dev" \(.*dev\.yaml\) also creates the GitHub OIDC provider of account 111111111111/);
  });

  it("with manage: false and createProvider: false both environments load", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-account-"));
    write(dir, "dev", shared);
    write(dir, "qa", (d) => {
      shared(d);
      d.stateBackend.manage = false;
      d.github.createProvider = false;
    });
    expect(loadEnvironment("dev", { configDir: dir, env: {} }).stateBackend.manage).toBe(true);
    expect(loadEnvironment("qa", { configDir: dir, env: {} }).stateBackend.manage).toBe(false);
  });
});

describe("the app command never prints a stack trace for bad input", () => {
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [APP_COMMAND], {
      env: { ...process.env, CDKTF_OUTDIR: path.join(fs.mkdtempSync(path.join(os.tmpdir(), "usage-")), "cdktf.out"), ...env },
      encoding: "utf8",
    });

  it.each([
    [{ APP_UPSTREAM: "sometimes" }, 'APP_UPSTREAM must be one of remote-state, mock (or unset); got "sometimes"'],
    [{ APP_ENV: "qa" }, 'unknown environment "qa" (chosen by APP_ENV)'],
  ])("%o exits 2 with one clear message", (env, message) => {
    const r = run(env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a service named after a platform construct (it used to crash synthesis) exits 2 and names the reserved words", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "reserved-"));
    fs.writeFileSync(path.join(tmp, "dev.yaml"), devWith((d) => ((d.services[1].name = "backend"), (d.database.clients = ["api", "backend"]))));
    const r = run({ APP_CONFIG_DIR: tmp, APP_ENV: "dev" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/services\.1\.name: service name "backend" is reserved by the platform/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("more inputs that must be errors, not crashes or leaks", () => {
  it("a Redis URL with a password but no user name is refused", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[0].environment.REDIS_URL = "redis://:s3cr3t@cache.internal:6379/0"))), "services.0.environment.REDIS_URL");
    expect(msg).toMatch(/^REDIS_URL holds a password inside a URL/);
  });

  it("a Dockerfile path that is a directory is a config error", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[0].image = { build: { context: "examples/agentic", dockerfile: "web" } }))), "services.0.image.build.dockerfile");
    expect(msg).toMatch(/^no web in the build context .*examples\/agentic$/);
  });

  it.each([
    ["image.platform", { tag: "1.0", platform: "linux/arm64" }, "ARM64"],
    ["image.build.platform", { build: { context: "examples/agentic/web", platform: "linux/arm64" } }, "ARM64"],
    ["the default", { tag: "1.0" }, "X86_64"],
  ])("the CPU architecture follows %s", (_what, image, arch) => {
    const c = parseEnvironment(devWith((d) => (d.services[0].image = image)), "dev", "dev.yaml", {});
    expect(c.services[0].cpuArchitecture).toBe(arch);
  });
});

describe("lock tables shared in one account", () => {
  const write = (dir: string, name: string, change: (d: any) => void) => fs.writeFileSync(path.join(dir, `${name}.yaml`), devWith(change));
  const problemsIn = (dir: string, env: string) => {
    try {
      loadEnvironment(env, { configDir: dir, env: {} });
    } catch (e) {
      return (e as ConfigError).problems;
    }
    return [];
  };

  it("two bucket owners of one account may not both create the same lock table", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-table-"));
    write(dir, "dev", (d) => ((d.stateBackend.bucket = "acme-ai-dev-tfstate-111111111111"), (d.stateBackend.locking = "both")));
    write(dir, "qa", (d) => ((d.stateBackend.bucket = "acme-ai-qa-tfstate-111111111111"), (d.stateBackend.locking = "dynamodb")));
    expect(messageFor(problemsIn(dir, "qa"), "stateBackend.lockTable")).toMatch(/^environment "dev" \(.*dev\.yaml\) also creates the lock table acme-ai-tflock in account 111111111111/);
  });

  it("an environment sharing the bucket cannot lock in a table its owner never creates", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-table-"));
    write(dir, "dev", () => {}); // locking: lockfile
    write(dir, "qa", (d) => ((d.stateBackend.manage = false), (d.stateBackend.locking = "dynamodb")));
    expect(messageFor(problemsIn(dir, "qa"), "stateBackend.locking")).toMatch(/^locking "dynamodb" needs the lock table acme-ai-tflock, but environment "dev" .* uses locking "lockfile" and creates no table/);
  });
});
