/**
 * The frontend phase's deploy-time work, for real: `terraform test` applies the
 * synthesized frontend stack (mock AWS provider, upstream contracts as values)
 * and its local-exec steps run a fake `aws` on PATH that records each call.
 * One state carries through the runs, as one environment's would:
 *
 * 1. first deploy: the site is uploaded (hashed files immutable, the rest
 *    no-cache, stale files deleted), the distribution invalidated, the public URL
 *    published to SSM and the api rolled out to read it;
 * 2. a redeploy with nothing changed runs nothing;
 * 3. new site content (another synthesis) uploads again, and only that;
 * 4. a replaced distribution (a new URL) publishes the URL and rolls out again.
 *
 * A failing upload fails the apply with the CLI's own message.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { DEFAULT_CONFIG_DIR, parseEnvironment } from "../config/load";
import { FoundationContract, ServicesContract } from "../stacks/contracts";
import { stackDir, synthTo } from "./support/synth";
import { expectOk, terraform } from "./support/terraform";
import { tfEnv } from "./support/tf-env";
import { mockPreamble, writeTestFile } from "./support/tftest";

const FAKE_BIN = path.join(__dirname, "support", "fake-bin");
const UPSTREAMS = [FoundationContract, ServicesContract];

/** dev, its site built at `<root>/site`. */
function devWithSite(root: string): ResolvedConfig {
  const doc = parseYaml(fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8"));
  doc.frontend.assets = { directory: "site" };
  return parseEnvironment(stringify(doc), "dev", "dev.yaml", {}, root);
}

function writeSite(root: string, script: string): void {
  fs.mkdirSync(path.join(root, "site", "assets"), { recursive: true });
  fs.writeFileSync(path.join(root, "site", "index.html"), `<script src="/assets/${script}"></script>\n`);
  fs.writeFileSync(path.join(root, "site", "assets", script), `console.log(${JSON.stringify(script)});\n`);
}

/** A run block (the alternate module, if any, keeps the same state). */
const run = (name: string, body: string, module?: string) =>
  `run "${name}" {\n  command = apply\n  state_key = "frontend"\n${module ? `  module {\n    source = "${module}"\n  }\n` : ""}${body}}\n`;

const assert = (condition: string, message: string) => `  assert {\n    condition     = ${condition}\n    error_message = ${JSON.stringify(message)}\n  }\n`;

describe("frontend phase: publishing the site and the public URL", () => {
  let root: string;
  let dir: string;
  let v1: ResolvedConfig;
  let v2: ResolvedConfig;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "frontend-publish-"));
    writeSite(root, "index-aaaa1111.js");
    v1 = devWithSite(root);
    dir = stackDir(synthTo(v1, path.join(root, "out")), "frontend");
    // The next build: new content, a new hashed name. Its stack is a module of the first, sharing its state.
    fs.rmSync(path.join(root, "site"), { recursive: true });
    writeSite(root, "index-bbbb2222.js");
    v2 = devWithSite(root);
    const next = JSON.parse(fs.readFileSync(path.join(stackDir(synthTo(v2, path.join(root, "out2")), "frontend"), "cdk.tf.json"), "utf8"));
    delete next.terraform.backend;
    fs.mkdirSync(path.join(dir, "v2"));
    fs.writeFileSync(path.join(dir, "v2", "cdk.tf.json"), JSON.stringify(next, null, 2));
  }, 180_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const tfTest = async (name: string, text: string, extra: NodeJS.ProcessEnv = {}) => {
    for (const f of fs.readdirSync(path.join(dir, "tests"), { withFileTypes: true }).filter((e) => e.isFile())) fs.rmSync(path.join(dir, "tests", f.name));
    writeTestFile(dir, name, `${mockPreamble(dir, v1, UPSTREAMS)}\n${text}`);
    const log = path.join(root, `${name}.log`);
    // init reads the test files too: it registers the run blocks' alternate module.
    expectOk(await terraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], tfEnv), "init");
    const r = await terraform(dir, ["test", "-no-color"], { ...tfEnv, PATH: `${FAKE_BIN}:${process.env.PATH}`, FAKE_LOG: log, ...extra });
    return { ...r, calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [] };
  };

  it("first deploy, redeploy, new content and a new URL each do exactly their part", async () => {
    fs.mkdirSync(path.join(dir, "tests"), { recursive: true });
    const replaced = `  override_resource {\n    target = aws_cloudfront_distribution.site\n    values = { domain_name = "d222222abcdef8.cloudfront.net", id = "E2SECOND", arn = "arn:aws:cloudfront::111111111111:distribution/E2SECOND" }\n  }\n  plan_options {\n    replace = [aws_cloudfront_distribution.site]\n  }\n`;
    const r = await tfTest(
      "lifecycle",
      [
        run(
          "first_deploy",
          `  override_resource {\n    target = aws_cloudfront_distribution.site\n    values = { domain_name = "d111111abcdef8.cloudfront.net", id = "E2FIRST", arn = "arn:aws:cloudfront::111111111111:distribution/E2FIRST" }\n  }\n` +
            assert(`terraform_data.site_assets.input.hash == ${JSON.stringify(v1.frontend.assets!.hash)}`, "the first build's hash") +
            assert(`terraform_data.publish_public_url.input.url == "https://d111111abcdef8.cloudfront.net"`, "the distribution's URL is published"),
        ),
        run("redeploy_unchanged", assert(`terraform_data.site_assets.input.hash == ${JSON.stringify(v1.frontend.assets!.hash)}`, "nothing changed")),
        run("new_content", assert(`terraform_data.site_assets.input.hash == ${JSON.stringify(v2.frontend.assets!.hash)}`, "the new build's hash"), "./v2"),
        run("new_distribution", replaced + assert(`terraform_data.publish_public_url.input.url == "https://d222222abcdef8.cloudfront.net"`, "the new URL is published"), "./v2"),
      ].join("\n"),
    );
    expect(r.stdout + r.stderr).toMatch(/Success! 4 passed, 0 failed\./);
    expect(v1.frontend.assets!.hash).not.toBe(v2.frontend.assets!.hash);

    // As the synthesized stack names it: relative to the stack's folder, where Terraform runs.
    const site = path.relative(dir, path.join(root, "site"));
    const upload = (distribution: string) => [
      `aws s3 sync ${site} s3://acme-ai-dev-frontend-111111111111 --region us-east-1 --only-show-errors --exclude * --include assets/* --include static/* --cache-control public, max-age=31536000, immutable`,
      `aws s3 cp ${site} s3://acme-ai-dev-frontend-111111111111 --recursive --region us-east-1 --only-show-errors --exclude assets/* --exclude static/* --cache-control no-cache`,
      `aws s3 sync ${site} s3://acme-ai-dev-frontend-111111111111 --region us-east-1 --only-show-errors --size-only --delete`,
      `aws cloudfront create-invalidation --distribution-id ${distribution} --paths /* --query Invalidation.Id --output text`,
    ];
    const publish = (url: string) => [
      `aws ssm put-parameter --region us-east-1 --cli-input-json {"Name":"/acme-ai/dev/public-url","Value":"${url}","Type":"SecureString","Overwrite":true}`,
      "aws ecs update-service --region us-east-1 --cluster acme-ai-dev --service api --force-new-deployment --query service.serviceName --output text",
    ];
    // Uploads and URL publishing may interleave; each keeps its own order. The redeploy added nothing.
    const uploads = r.calls.filter((l) => /^aws (s3|cloudfront) /.test(l));
    const publishes = r.calls.filter((l) => /^aws (ssm|ecs) /.test(l));
    expect(uploads).toEqual([...upload("E2FIRST"), ...upload("E2FIRST"), ...upload("E2SECOND")]);
    expect(publishes).toEqual([...publish("https://d111111abcdef8.cloudfront.net"), ...publish("https://d222222abcdef8.cloudfront.net")]);
    expect(r.calls).toHaveLength(uploads.length + publishes.length);
  });

  it("a failed upload fails the phase with the AWS CLI's message and stops before deleting or invalidating anything", async () => {
    const r = await tfTest("failure", run("upload_fails", ""), { FAKE_FAIL: "s3 sync" });
    expect(r.code).not.toBe(0);
    // Terraform wraps its messages: compare with single spaces.
    const output = (r.stdout + r.stderr).replace(/\s+/g, " ");
    expect(output).toMatch(/local-exec provisioner error with terraform_data\.site_assets/);
    expect(output).toMatch(/Output: upload failed: An error occurred \(AccessDenied\) when calling the PutObject operation: Access Denied/);
    // The first command failed: nothing after it ran (no delete of the live site, no invalidation).
    expect(r.calls.filter((l) => /^aws (s3|cloudfront) /.test(l))).toEqual([expect.stringMatching(/^aws s3 sync .* --include assets\/\*/)]);
  });
});
