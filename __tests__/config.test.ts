import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, environmentFrom, listEnvironments, loadEnvironment, parseEnvironment } from "../config/load";
import { STAGE_DEFAULTS } from "../config/defaults";
import { Names } from "../config/names";
import { renderJsonSchema, JSON_SCHEMA_PATH } from "../scripts/json-schema";
import { REPO_ROOT } from "./support/synth";

const devText = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8");

/** The dev file with a change applied, as YAML text. */
function devWith(change: (doc: any) => void): string {
  const doc = parseYaml(devText);
  change(doc);
  return stringify(doc);
}

function problemsOf(text: string, environment = "dev", env: NodeJS.ProcessEnv = {}): ConfigError["problems"] {
  try {
    parseEnvironment(text, environment, "config/environments/dev.yaml", env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

function messageFor(problems: ConfigError["problems"], dottedPath: string): string {
  const found = problems.filter((p) => p.path === dottedPath).map((p) => p.message);
  expect(found, `problems: ${JSON.stringify(problems, null, 1)}`).not.toHaveLength(0);
  return found.join(" | ");
}

describe("shipped environments", () => {
  it("ships dev, staging and prod", () => {
    expect(listEnvironments(DEFAULT_CONFIG_DIR)).toEqual(["dev", "prod", "staging"]);
  });

  it.each(["dev", "staging", "prod"])("%s is valid and resolves its stage defaults", (name) => {
    const c = loadEnvironment(name, { env: {} });
    expect(c.environment).toBe(name);
    expect(c.stage).toBe(name);
    expect(c.protection.imageTagMutability).toBe(STAGE_DEFAULTS[c.stage].imageTagMutability);
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
    expect(c.services.map((s) => s.imageTag)).toEqual(["abc123", "abc123"]);
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
    expect(message).toMatch(/- services\.0\.kind: Invalid option: expected one of "web"\|"worker"  \[config\/environments\/dev\.yaml:\d+:\d+\]/);
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
    expect(messageFor(problemsOf(devWith((d) => delete d.services[0].port)), "services.0.port")).toMatch(/web service "api" needs a port/);
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

  it("a target group name derived from project, environment and service must fit 32 characters", () => {
    const msg = messageFor(problemsOf(devWith((d) => (d.services[0].name = "public-api-gateway")), "staging"), "services.0.name");
    expect(msg).toBe(
      'derived target group name "acme-ai-staging-public-api-gateway" is 34 characters; AWS allows at most 32. Shorten this service name, the project or the environment name',
    );
  });

  it("the field limits guarantee bucket names fit 63 characters, while target groups are checked", () => {
    const text = devWith((d) => {
      d.project = "acme-platform-ai"; // 16, the maximum
      d.buckets = { "model-artifacts-raw1": {} }; // 20, the maximum
      d.services.forEach((s: any) => (s.bucketAccess = {}));
    });
    const problems = problemsOf(text, "staging-euw1"); // 12, the maximum
    expect(problems.map((p) => p.path)).toEqual(["services.0.name"]);
    expect(problems[0].message).toMatch(/^derived target group name "acme-platform-ai-staging-euw1-api" is 33 characters/);
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

    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(REPO_ROOT, "main.ts")], {
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
