/**
 * A change that forces a security group to be replaced must not deadlock. Groups
 * are replaced create-before-destroy (rules and tasks move to the new group
 * first), so the new group exists next to the old one: with a fixed name AWS
 * refuses it as a duplicate. Proven with a real `terraform plan` by the real
 * provider against a state holding the database's group as deployed before
 * `database.proxy` was switched on (which changes its description), and the
 * application tier's group as an earlier version named it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { startFakeSts, type FakeSts } from "./support/aws-emulators";
import { stackDir, synthTo } from "./support/synth";
import { expectOk, terraform } from "./support/terraform";
import { tfEnv } from "./support/tf-env";

const VPC = "vpc-0a1b2c3d4e5f67890";
const OLD_NAME = "acme-ai-dev-db-20261101000000000000000001";

function config(proxy: boolean) {
  const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8"));
  doc.network = {
    mode: "existing",
    vpcId: VPC,
    vpcCidr: "10.0.0.0/16",
    publicSubnetIds: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"],
    privateSubnetIds: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
  };
  doc.database.proxy = proxy;
  return parseEnvironment(stringify(doc), "dev", "dev.yaml", {});
}

function group(address: string, id: string, attrs: { description: string; name: string; name_prefix: string; tag: string }) {
  const attributes = {
    id,
    arn: `arn:aws:ec2:us-east-1:111111111111:security-group/${id}`,
    description: attrs.description,
    egress: [],
    ingress: [],
    name: attrs.name,
    name_prefix: attrs.name_prefix,
    owner_id: "111111111111",
    revoke_rules_on_delete: false,
    tags: { Name: attrs.tag },
    tags_all: { Name: attrs.tag },
    timeouts: null,
    vpc_id: VPC,
  };
  return {
    mode: "managed",
    type: "aws_security_group",
    name: address,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 1, attributes, sensitive_attributes: [] }],
  };
}

/**
 * Two deployed groups: the database's as created without a proxy, and the
 * application tier's as an earlier version created it (address `app`, fixed name).
 */
function deployedGroups(): string {
  const resources = [
    group("database_security_group", "sg-0123456789abcdef0", {
      description: "PostgreSQL acme-ai-dev-db: from the application tier on 5432",
      name: OLD_NAME,
      name_prefix: "acme-ai-dev-db-",
      tag: "acme-ai-dev-db",
    }),
    group("app", "sg-0fedcba9876543210", { description: "Application tasks of acme-ai-dev", name: "acme-ai-dev-app", name_prefix: "", tag: "acme-ai-dev-app" }),
  ];
  return JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "00000000-0000-4000-8000-00000000cbd1", outputs: {}, resources, check_results: null });
}

describe("security group replacement", () => {
  let sts: FakeSts;
  beforeAll(async () => {
    sts = await startFakeSts("111111111111");
  });
  afterAll(async () => {
    await sts?.stop();
  });

  it("switching on the RDS Proxy replaces the database's group create-before-destroy under a new unique name; the renamed app tier group keeps its state", async () => {
    const after = config(true);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "replacement-"));
    const dir = stackDir(synthTo(after, path.join(root, "out")), "foundation");
    fs.writeFileSync(path.join(root, "foundation.tfstate"), deployedGroups());
    fs.writeFileSync(path.join(dir, "zz_local_state_override.tf.json"), JSON.stringify({ terraform: { backend: { local: { path: path.join(root, "foundation.tfstate") } } } }));
    const env = { ...tfEnv, AWS_ENDPOINT_URL_STS: sts.url };
    expectOk(await terraform(dir, ["init", "-input=false", "-no-color"], env), "init");
    // -refresh=false: the deployed group is taken as recorded; nothing is read from AWS.
    const plan = await terraform(dir, ["plan", "-refresh=false", "-input=false", "-no-color", "-out=plan.tfplan"], env);
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toMatch(/aws_security_group\.database_security_group must be replaced/);
    expect(plan.stdout).toMatch(/\+\/- create replacement and then destroy/);
    const show = JSON.parse(expectOk(await terraform(dir, ["show", "-json", "plan.tfplan"], env), "show").stdout) as {
      resource_changes: Array<{ address: string; change: { actions: string[]; before: Record<string, unknown>; after: Record<string, unknown>; after_unknown: Record<string, unknown> } }>;
    };
    const group = show.resource_changes.find((r) => r.address === "aws_security_group.database_security_group")!;
    expect(group.change.actions).toEqual(["create", "delete"]);
    expect(group.change.before.description).toBe("PostgreSQL acme-ai-dev-db: from the application tier on 5432");
    expect(group.change.after.description).toBe("PostgreSQL acme-ai-dev-db: from its RDS Proxy on 5432");
    // The new group is named from the prefix with a fresh suffix, so it can exist next to the old one.
    expect(group.change.after.name_prefix).toBe("acme-ai-dev-db-");
    expect(group.change.after.name).toBeUndefined();
    expect(group.change.after_unknown.name).toBe(true);

    // The construct once named "app" is now "service_tier": a moved block carries its state over,
    // and going from a fixed name to a name prefix replaces it create-before-destroy too.
    expect(plan.stdout).toMatch(/# aws_security_group\.service_tier must be replaced\n\s+# \(moved from aws_security_group\.app\)/);
    const tier = show.resource_changes.find((r) => r.address === "aws_security_group.service_tier")!;
    expect(tier.change.actions).toEqual(["create", "delete"]);
    expect(tier.change.before.name).toBe("acme-ai-dev-app");
    expect(tier.change.after.name_prefix).toBe("acme-ai-dev-app-");
    expect(tier.change.after_unknown.name).toBe(true);
    expect(show.resource_changes.some((r) => r.address === "aws_security_group.app")).toBe(false);
  });
});
