/**
 * Configuration text reaches Terraform literally: `${…}` and `%{…}` written in
 * any free-text field are escaped, so Terraform neither evaluates them nor fails
 * on them. Checked on the JSON Schema (no free-text field is missed), on the
 * synthesized JSON, and by real Terraform (validate and a mock-provider apply).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { FREE_TEXT_FIELDS, FREE_TEXT_OUTSIDE_TERRAFORM, terraformLiteral } from "../config/literal";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { FoundationContract, ImagesContract } from "../stacks/contracts";
import { REPO_ROOT, stackDir, synthTo } from "./support/synth";
import { expectOk, terraform } from "./support/terraform";
import { writeMockApplyTest } from "./support/tftest";
import { tfEnv } from "./support/tf-env";

type JsonSchema = {
  type?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Paths of string fields whose schema lets through `$`, `%` and `{` (no pattern, enum, const or format). */
function freeTextPaths(schema: JsonSchema, at: string[] = []): string[] {
  const here = at.join(".");
  const out: string[] = [];
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) out.push(...freeTextPaths(branch, at));
  if (schema.type === "string" && !schema.pattern && !schema.enum && schema.const === undefined && !schema.format) out.push(here);
  for (const [key, child] of Object.entries(schema.properties ?? {})) out.push(...freeTextPaths(child, [...at, key]));
  if (typeof schema.additionalProperties === "object") out.push(...freeTextPaths(schema.additionalProperties, [...at, "*"]));
  if (schema.items) out.push(...freeTextPaths(schema.items, [...at, "*"]));
  return [...new Set(out)];
}

/** Put `value` at a schema path with `*` (first element of a list, key "SENTINEL" of a map), creating what is missing. */
function place(doc: Record<string, unknown>, at: readonly string[], value: string): void {
  let node: Record<string, unknown> | unknown[] = doc;
  at.forEach((seg, i) => {
    const last = i === at.length - 1;
    const next = at[i + 1];
    const key: string | number = seg === "*" ? (Array.isArray(node) ? 0 : "SENTINEL") : seg;
    const holder = node as Record<string | number, unknown>;
    if (last) holder[key] = value;
    else holder[key] ??= next === "*" && at[i + 2] === undefined && ["command", "services"].includes(seg) ? [] : {};
    node = holder[key] as Record<string, unknown>;
  });
}

describe("free text reaches Terraform literally", () => {
  it("escapes both template openers, and nothing else", () => {
    expect(terraformLiteral("${HOME}/data %{ if x }y%{ endif } $5 100% {a}")).toBe("$${HOME}/data %%{ if x }y%%{ endif } $5 100% {a}");
  });

  it("the list of escaped fields is every free-text field of the JSON Schema", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "config", "schema.json"), "utf8")) as JsonSchema;
    // $schema is only read by editors.
    expect(freeTextPaths(schema).filter((p) => p !== "$schema").sort()).toEqual([...FREE_TEXT_FIELDS, ...FREE_TEXT_OUTSIDE_TERRAFORM].sort());
  });

  describe.each(FREE_TEXT_FIELDS)("template syntax in %s", (field) => {
    const SENTINEL = "${SENTINEL}%{SENTINEL}";
    it("reaches the synthesized Terraform escaped, never as a template", () => {
      // A project whose service builds from a context and Dockerfile named with template syntax.
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "free-text-"));
      const context = field.endsWith(".context") ? `ctx-${SENTINEL}` : "ctx";
      const dockerfile = field.endsWith(".dockerfile") ? `Dockerfile-${SENTINEL}` : "Dockerfile";
      fs.mkdirSync(path.join(root, context));
      fs.writeFileSync(path.join(root, context, dockerfile), "FROM scratch\n");
      const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8"));
      doc.services[0].image = { build: { context, dockerfile } };
      // The site is built at deploy from a folder of this project.
      fs.mkdirSync(path.join(root, "site"));
      doc.frontend.assets = { directory: "site/dist", build: { command: "npm run build", workingDirectory: "site" } };
      // The context and Dockerfile carry the syntax in their names already.
      if (context === "ctx" && dockerfile === "Dockerfile") place(doc, field.split("."), SENTINEL);
      const config = parseEnvironment(stringify(doc), "dev", "dev.yaml", {}, root);
      const out = synthTo(config, path.join(root, "out"));
      const json = ["bootstrap", "foundation", "images", "services", "frontend"].map((s) => fs.readFileSync(path.join(stackDir(out, s as "images"), "cdk.tf.json"), "utf8")).join("\n");
      expect(json).toContain("$${SENTINEL}%%{SENTINEL}");
      expect(json).not.toMatch(/(?<![$])\$\{SENTINEL|(?<![%])%\{SENTINEL/);
    });
  });

  describe("a service whose environment, command and health check hold template syntax", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "literal-"));
    const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8"));
    doc.tags.owner = "${data.aws_caller_identity.current.arn}";
    doc.services[0].environment = { DATA_DIR: "${HOME}/data", BANNER: "%{ if true }hi%{ endif }", LINK: "${aws_s3_bucket.x.id}" };
    doc.services[0].command = ["sh", "-c", "echo ${PATH}"];
    doc.services[0].container = { healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:${PORT}/health || exit 1"] } };
    const config = parseEnvironment(stringify(doc), "dev", "dev.yaml", {});
    const out = synthTo(config, path.join(root, "out"));
    const services = path.join(stackDir(out, "services"));

    it("synthesizes the escaped text", () => {
      const json = fs.readFileSync(path.join(services, "cdk.tf.json"), "utf8");
      expect(json).toContain("$${HOME}/data");
      expect(json).toContain("%%{ if true }hi%%{ endif }");
      expect(json).toContain("curl -f http://localhost:$${PORT}/health || exit 1");
      expect(json).not.toMatch(/[^$]\$\{HOME\}|[^$]\$\{aws_s3_bucket\.x|[^%]%\{ if|[^$]\$\{PORT\}/);
      expect(fs.readFileSync(path.join(stackDir(out, "foundation"), "cdk.tf.json"), "utf8")).toContain('"owner": "$${data.aws_caller_identity.current.arn}"');
    });

    it("Terraform validates it and the task definition carries the literal text", async () => {
      expectOk(await terraform(services, ["init", "-backend=false", "-input=false", "-no-color"], tfEnv), "init");
      const validate = await terraform(services, ["validate", "-no-color", "-no-tests"], tfEnv);
      expect(validate.stderr).toBe("");
      expect(validate.code).toBe(0);
      writeMockApplyTest(services, config, [FoundationContract, ImagesContract], [
        {
          condition: `jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment == [{ name = "APP_ENVIRONMENT", value = "dev" }, { name = "AWS_REGION", value = "us-east-1" }, { name = "BANNER", value = "%%{ if true }hi%%{ endif }" }, { name = "DATA_DIR", value = "$\${HOME}/data" }, { name = "DB_AUTH", value = "secret" }, { name = "DB_HOST", value = ${JSON.stringify(FoundationContract.outputs.database_endpoint.mock(config))} }, { name = "DB_NAME", value = "app" }, { name = "DB_PORT", value = "5432" }, { name = "DB_SECRET_ARN", value = ${JSON.stringify(FoundationContract.outputs.database_secret_arn.mock(config))} }, { name = "DB_SSLMODE", value = "require" }, { name = "DB_USERNAME", value = "app_admin" }, { name = "LINK", value = "$\${aws_s3_bucket.x.id}" }]`,
          message: "environment values reach the container exactly as written",
        },
        { condition: `jsondecode(aws_ecs_task_definition.api.container_definitions)[0].command == ["sh", "-c", "echo $\${PATH}"]`, message: "command arguments reach the container exactly as written" },
        {
          condition: `jsondecode(aws_ecs_task_definition.api.container_definitions)[0].healthCheck.command == ["CMD-SHELL", "curl -f http://localhost:$\${PORT}/health || exit 1"]`,
          message: "the health check command reaches the container exactly as written",
        },
      ]);
      const r = await terraform(services, ["test", "-no-color"], tfEnv);
      expect(r.stdout + r.stderr).toMatch(/Success! 3 passed, 0 failed\./);
    });
  });
});
