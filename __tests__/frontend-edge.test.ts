/**
 * The edge as synthesized: the CloudFront Functions' code run over fake events,
 * the publish scripts, the frontend stack of dev (no domain, a site), staging (a
 * site and /api/* through a VPC origin over HTTP, WAF) and prod (a domain, HTTPS
 * to origin.<domain>), a `type: service` distribution and per-setting variants;
 * the services stack's side of the edge (listener rules for CloudFront's paths,
 * the origin's certificate name, the public URL's parameter, a regional WAF on a
 * public load balancer); and who may read the public URL (foundation).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { ResolvedConfig } from "../config/defaults";
import { parseEnvironment } from "../config/load";
import { FORWARDED_HOST_CODE, spaRoutingCode } from "../constructs/edge/functions";
import { PUBLISH_URL_SCRIPT } from "../constructs/edge/public-url";
import { publishScript } from "../constructs/edge/site-assets";
import { FoundationStack } from "../stacks/foundation-stack";
import { FrontendStack } from "../stacks/frontend-stack";
import { apiOnAppRunner, devWith, prodWith } from "./support/config-text";
import { configs, container, remote, res, synthOf } from "./support/stack-json";
import { REPO_ROOT, type TerraformJson } from "./support/synth";

const fromText = (text: string, environment: string) => parseEnvironment(text, environment, `config/environments/${environment}.yaml`, {});
const frontendOf = (config: ResolvedConfig) => JSON.parse(Testing.synth(new FrontendStack(Testing.app(), { config }))) as TerraformJson;
/** An output of the services phase as the frontend stack reads it. */
const fromServices = (output: string) => `\${data.terraform_remote_state.services.outputs.${output}}`;
const withFrontend = (c: ResolvedConfig, change: Record<string, unknown>): ResolvedConfig => ({ ...c, frontend: { ...c.frontend, ...change } });

const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];
const HEADERS_POLICY = "${aws_cloudfront_response_headers_policy.site_security_headers.id}";
const FORWARDED_HOST = [{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.site_forwarded_host.arn}" }];

/** Run a CloudFront Function's handler over a viewer-request event. */
function runHandler(code: string, request: { uri?: string; headers?: Record<string, { value: string }> }): { uri?: string; headers: Record<string, { value: string }> } {
  const handler = new Function("event", `${code}\nreturn handler(event);`) as (event: unknown) => { uri?: string; headers: Record<string, { value: string }> };
  return handler({ version: "1.0", context: { eventType: "viewer-request" }, viewer: { ip: "192.0.2.1" }, request: { method: "GET", querystring: {}, cookies: {}, headers: {}, ...request } });
}

describe("the SPA routing function", () => {
  it.each([
    ["/", "/index.html"],
    ["/about", "/index.html"],
    ["/users/42", "/index.html"],
    ["/a.b/c", "/index.html"],
    ["/assets/app-1234.js", "/assets/app-1234.js"],
    ["/favicon.ico", "/favicon.ico"],
  ])("%s is served as %s", (uri, served) => {
    expect(runHandler(spaRoutingCode("index.html"), { uri }).uri).toBe(served);
  });

  it("app routes get the configured index document", () => {
    expect(runHandler(spaRoutingCode("app.html"), { uri: "/settings" }).uri).toBe("/app.html");
  });

  it("an index document that is not a plain file name is refused before it reaches the code", () => {
    expect(() => spaRoutingCode("x'; request.uri='/evil")).toThrow(`index document must be a file name: "x'; request.uri='/evil"`);
  });
});

describe("the forwarded-host function", () => {
  it("copies the viewer's Host into X-Forwarded-Host", () => {
    expect(runHandler(FORWARDED_HOST_CODE, { uri: "/api/chat", headers: { host: { value: "acme-ai.example.com" } } }).headers).toEqual({
      host: { value: "acme-ai.example.com" },
      "x-forwarded-host": { value: "acme-ai.example.com" },
    });
  });

  it("overwrites an X-Forwarded-Host the client sent", () => {
    const headers = runHandler(FORWARDED_HOST_CODE, { headers: { host: { value: "acme-ai.example.com" }, "x-forwarded-host": { value: "evil.example.net" } } }).headers;
    expect(headers["x-forwarded-host"]).toEqual({ value: "acme-ai.example.com" });
  });

  it("drops a client's X-Forwarded-Host when there is no Host", () => {
    expect(runHandler(FORWARDED_HOST_CODE, { headers: { "x-forwarded-host": { value: "evil.example.net" } } }).headers).toEqual({});
  });
});

describe("the publish scripts", () => {
  const PATTERN_MESSAGE = "immutable file patterns must match /^[A-Za-z0-9_.*?/@-]+$/";

  it("a pattern with a quote is refused: it would end the shell's quoting", () => {
    expect(() => publishScript(["assets/*", "x'; rm -rf ~; '"])).toThrow(`${PATTERN_MESSAGE}: ["x'; rm -rf ~; '"]`);
  });

  it("a pattern with a space is refused", () => {
    expect(() => publishScript(["my assets/*"])).toThrow(`${PATTERN_MESSAGE}: ["my assets/*"]`);
  });

  it("no patterns at all are refused", () => {
    expect(() => publishScript([])).toThrow(`${PATTERN_MESSAGE}: []`);
  });

  it("uploads hashed files first (a year, immutable), then the rest with no-cache, then deletes what is gone and invalidates", () => {
    expect(
      publishScript(["assets/*", "*.woff2"])
        .split("\n")
        .filter((l) => l.startsWith("aws ")),
    ).toEqual([
      `aws s3 sync "$SITE_DIR" "$target" --region "$AWS_REGION" --only-show-errors --exclude '*' --include 'assets/*' --include '*.woff2' --cache-control 'public, max-age=31536000, immutable'`,
      `aws s3 cp "$SITE_DIR" "$target" --recursive --region "$AWS_REGION" --only-show-errors --exclude 'assets/*' --exclude '*.woff2' --cache-control 'no-cache'`,
      `aws s3 sync "$SITE_DIR" "$target" --region "$AWS_REGION" --only-show-errors --size-only --delete`,
      `aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths "/*" --query Invalidation.Id --output text`,
    ]);
  });

  it.each([
    ["the site's", publishScript(["assets/*", "static/*"])],
    ["the public URL's", PUBLISH_URL_SCRIPT],
  ])("%s script has no ${ or %{ for Terraform to interpolate", (_name, script) => {
    expect([script.includes("${"), script.includes("%{")]).toEqual([false, false]);
  });
});

describe("dev's distribution: a static site, no domain", () => {
  const j = frontendOf(configs.dev);
  const distribution = res(j).aws_cloudfront_distribution.site;

  it("uses CloudFront's own certificate and name: no aliases, no ACM certificate", () => {
    expect(distribution.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(distribution).not.toHaveProperty("aliases");
    expect(res(j).aws_acm_certificate).toBeUndefined();
  });

  it("has no firewall (WAF is off outside prod unless enabled)", () => {
    expect(distribution).not.toHaveProperty("web_acl_id");
    expect(res(j).aws_wafv2_web_acl).toBeUndefined();
  });

  it("serves the private bucket by default, cached, with the SPA routing function on that behaviour", () => {
    expect(distribution.default_cache_behavior).toEqual({
      target_origin_id: "site-bucket",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ["GET", "HEAD", "OPTIONS"],
      cached_methods: ["GET", "HEAD"],
      compress: true,
      cache_policy_id: CACHING_OPTIMIZED,
      response_headers_policy_id: HEADERS_POLICY,
      function_association: [{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.site_spa_routing.arn}" }],
    });
  });

  it("has no other behaviour, no load balancer origin and no other function", () => {
    expect(distribution).not.toHaveProperty("ordered_cache_behavior");
    expect(distribution.origin.map((o: { origin_id: string }) => o.origin_id)).toEqual(["site-bucket"]);
    expect(Object.keys(res(j).aws_cloudfront_function)).toEqual(["site_spa_routing"]);
    expect(res(j).aws_cloudfront_vpc_origin).toBeUndefined();
  });

  it("publishes the SPA routing code for index.html on the JavaScript 2.0 runtime", () => {
    expect(res(j).aws_cloudfront_function.site_spa_routing).toEqual({
      name: "acme-ai-dev-spa-routing",
      comment: "App routes of acme-ai-dev get /index.html; files keep their paths",
      runtime: "cloudfront-js-2.0",
      code: spaRoutingCode("index.html"),
      publish: true,
    });
  });

  it("publishes the site again exactly when its content hash, the bucket or the distribution changes", () => {
    const record = res(j).terraform_data.site_assets;
    expect([record.input, record.triggers_replace]).toEqual([
      { hash: configs.dev.frontend.assets!.hash, bucket: "${aws_s3_bucket.site_bucket.bucket}" },
      { hash: configs.dev.frontend.assets!.hash, bucket: "${aws_s3_bucket.site_bucket.bucket}", distribution: "${aws_cloudfront_distribution.site.id}" },
    ]);
  });

  it("runs the publish script over the built folder, with values as environment variables", () => {
    // The folder as seen from the stack's own folder, where Terraform runs: no absolute path in the output.
    const outdir = fs.mkdtempSync(path.join(REPO_ROOT, ".cache", "edge-"));
    const built = JSON.parse(Testing.synth(new FrontendStack(Testing.app({ outdir }), { config: configs.dev }))) as TerraformJson;
    fs.rmSync(outdir, { recursive: true, force: true });
    expect(res(built).terraform_data.site_assets.provisioner).toEqual([
      {
        "local-exec": {
          interpreter: ["/bin/sh", "-c"],
          command: publishScript(["assets/*", "static/*"]),
          environment: {
            SITE_DIR: path.relative(path.join(outdir, "stacks", "frontend"), path.join(REPO_ROOT, "examples", "site")),
            BUILD_DIR: "",
            BUILD_COMMAND: "",
            BUCKET: "${aws_s3_bucket.site_bucket.bucket}",
            DISTRIBUTION_ID: "${aws_cloudfront_distribution.site.id}",
            INDEX_DOCUMENT: "index.html",
            AWS_REGION: "us-east-1",
          },
        },
      },
    ]);
  });

  it("publishes the distribution's URL to the services' parameter and rolls the api (an ECS reader) out", () => {
    const record = res(j).terraform_data.publish_public_url;
    const url = "https://${aws_cloudfront_distribution.site.domain_name}";
    // Published again when the URL changes or when the services phase wrote the placeholder again.
    expect(record.triggers_replace).toEqual({ url, parameter: fromServices("public_url_parameter"), generation: fromServices("public_url_generation") });
    expect(record.provisioner[0]["local-exec"].environment).toEqual({
      PUBLIC_URL: url,
      PARAMETER: fromServices("public_url_parameter"),
      AWS_REGION: "us-east-1",
      // dev runs on AWS-managed keys: the parameter stays under aws/ssm
      KEY_ID: "",
      CLUSTER: fromServices("ecs_cluster_name"),
      ECS_SERVICES: fromServices("ecs_service_names.api"),
      APPRUNNER_SERVICES: "",
    });
  });

  it("its public URL is the distribution's own name", () => {
    expect([j.output!.public_url.value, j.output!.public_urls.value]).toEqual(["https://${aws_cloudfront_distribution.site.domain_name}", ["https://${aws_cloudfront_distribution.site.domain_name}"]]);
  });
});

describe("staging's distribution: the site and /api/* on the internal load balancer, no domain", () => {
  const j = frontendOf(configs.staging);
  const distribution = res(j).aws_cloudfront_distribution.site;

  it("reaches the services' load balancer through a VPC origin over HTTP (no certificate can name it)", () => {
    expect(res(j).aws_cloudfront_vpc_origin.site_load_balancer_origin).toEqual({
      vpc_origin_endpoint_config: [
        {
          name: "acme-ai-staging-load-balancer",
          arn: fromServices("load_balancer_arn"),
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: "http-only",
          origin_ssl_protocols: [{ items: ["TLSv1.2"], quantity: 1 }],
        },
      ],
    });
  });

  it("names the load balancer origin by the services' origin host, with a 60 s read timeout", () => {
    expect(distribution.origin[1]).toEqual({
      origin_id: "load-balancer",
      domain_name: fromServices("load_balancer_origin_host"),
      vpc_origin_config: { vpc_origin_id: "${aws_cloudfront_vpc_origin.site_load_balancer_origin.id}", origin_read_timeout: 60, origin_keepalive_timeout: 60 },
    });
  });

  it("sends /api/* to the load balancer uncached, with every viewer header but Host, HTTPS only and every method", () => {
    expect(distribution.ordered_cache_behavior).toEqual([
      {
        path_pattern: "/api/*",
        target_origin_id: "load-balancer",
        viewer_protocol_policy: "https-only",
        allowed_methods: ALL_METHODS,
        cached_methods: ["GET", "HEAD"],
        compress: false,
        cache_policy_id: CACHING_DISABLED,
        origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST,
        response_headers_policy_id: HEADERS_POLICY,
        function_association: FORWARDED_HOST,
      },
    ]);
  });

  it("keeps the SPA routing function on the site's behaviour only", () => {
    expect(distribution.default_cache_behavior.function_association).toEqual([{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.site_spa_routing.arn}" }]);
  });

  it("publishes the forwarded-host function", () => {
    expect(res(j).aws_cloudfront_function.site_forwarded_host).toEqual({
      name: "acme-ai-staging-forwarded-host",
      comment: "The viewer's host in X-Forwarded-Host (Host is the origin's name)",
      runtime: "cloudfront-js-2.0",
      code: FORWARDED_HOST_CODE,
      publish: true,
    });
  });

  it("attaches a CLOUDFRONT-scope web ACL", () => {
    expect(distribution.web_acl_id).toBe("${aws_wafv2_web_acl.firewall.arn}");
    expect(res(j).aws_wafv2_web_acl.firewall).toMatchObject({ name: "acme-ai-staging-cdn", scope: "CLOUDFRONT", default_action: { allow: {} } });
  });

  it("the web ACL blocks an IP above 2000 requests in 5 minutes first, then runs the three managed groups", () => {
    const rules = res(j).aws_wafv2_web_acl.firewall.rule as Array<Record<string, any>>;
    expect(rules.map((r) => [r.priority, r.name])).toEqual([
      [1, "rate-limit-per-ip"],
      [10, "AWSManagedRulesAmazonIpReputationList"],
      [20, "AWSManagedRulesCommonRuleSet"],
      [30, "AWSManagedRulesKnownBadInputsRuleSet"],
    ]);
    expect([rules[0].action, rules[0].statement]).toEqual([{ block: {} }, { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } }]);
  });

  it("the common rule set only counts SizeRestrictions_BODY; the other groups run as AWS ships them", () => {
    const rules = res(j).aws_wafv2_web_acl.firewall.rule as Array<Record<string, any>>;
    expect(rules.slice(1).map((r) => [r.override_action, r.statement.managed_rule_group_statement])).toEqual([
      [{ none: {} }, { vendor_name: "AWS", name: "AWSManagedRulesAmazonIpReputationList" }],
      [{ none: {} }, { vendor_name: "AWS", name: "AWSManagedRulesCommonRuleSet", rule_action_override: [{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }] }],
      [{ none: {} }, { vendor_name: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" }],
    ]);
  });

  it("a countOnly rule of the known-bad-inputs group is counted in that group (and the default override goes)", () => {
    const counted = frontendOf({ ...configs.staging, waf: { ...configs.staging.waf, countOnly: { AWSManagedRulesKnownBadInputsRuleSet: ["Host_localhost_HEADER"] } } });
    const rules = res(counted).aws_wafv2_web_acl.firewall.rule as Array<Record<string, any>>;
    expect(rules.slice(1).map((r) => [r.name, r.statement.managed_rule_group_statement.rule_action_override])).toEqual([
      ["AWSManagedRulesAmazonIpReputationList", undefined],
      ["AWSManagedRulesCommonRuleSet", undefined],
      ["AWSManagedRulesKnownBadInputsRuleSet", [{ name: "Host_localhost_HEADER", action_to_use: { count: {} } }]],
    ]);
  });

  it("logs the firewall to aws-waf-logs-<name> with authorization and cookie redacted", () => {
    expect(res(j).aws_cloudwatch_log_group.firewall_logs).toEqual({ name: "aws-waf-logs-acme-ai-staging-cdn", retention_in_days: 90 });
    expect(res(j).aws_wafv2_web_acl_logging_configuration.firewall_logging).toEqual({
      resource_arn: "${aws_wafv2_web_acl.firewall.arn}",
      log_destination_configs: ["${aws_cloudwatch_log_group.firewall_logs.arn}"],
      redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
    });
  });

  it("waits as long as originReadTimeoutSeconds for the load balancer (streams)", () => {
    const j180 = frontendOf(withFrontend(configs.staging, { originReadTimeoutSeconds: 180 }));
    expect(res(j180).aws_cloudfront_distribution.site.origin[1].vpc_origin_config.origin_read_timeout).toBe(180);
  });
});

describe("the load balancer admits CloudFront's VPC origins", () => {
  it.each([
    ["staging", configs.staging, 80],
    ["prod", configs.prod, 443],
  ] as const)("%s: AWS's VPC origins group, read after the VPC origin exists, on the origin's port", (_env, config, port) => {
    const j = frontendOf(config);
    expect(j.data!.aws_security_group.vpc_origins_security_group).toMatchObject({
      name: "CloudFront-VPCOrigins-Service-SG",
      vpc_id: "${data.terraform_remote_state.foundation.outputs.vpc_id}",
      depends_on: ["aws_cloudfront_vpc_origin.site_load_balancer_origin"],
    });
    expect(res(j).aws_vpc_security_group_ingress_rule).toEqual({
      [`load_balancer_from_vpc_origins_${port}`]: {
        security_group_id: fromServices("load_balancer_security_group_id"),
        referenced_security_group_id: "${data.aws_security_group.vpc_origins_security_group.id}",
        ip_protocol: "tcp",
        from_port: port,
        to_port: port,
        description: "CloudFront's VPC origins to the load balancer",
      },
    });
  });

  it("keeps CloudFront's idle connections shorter than the load balancer's (dev-like 60 s: 55 s; 300 s: CloudFront's maximum, 60 s)", () => {
    const keepalive = (idle: number) =>
      res(frontendOf({ ...configs.staging, loadBalancer: { ...configs.staging.loadBalancer, idleTimeoutSeconds: idle } })).aws_cloudfront_distribution.site.origin.find(
        (o: { origin_id: string }) => o.origin_id === "load-balancer",
      ).vpc_origin_config.origin_keepalive_timeout;
    expect([keepalive(60), keepalive(300), keepalive(3)]).toEqual([55, 60, 1]);
  });

  it("no VPC origin, no rule: dev's site has no routes", () => {
    const j = frontendOf(configs.dev);
    expect([j.data?.aws_security_group, res(j).aws_vpc_security_group_ingress_rule]).toEqual([undefined, undefined]);
  });
});

describe("prod's distribution: the domain, HTTPS to origin.<domain>", () => {
  const j = frontendOf(configs.prod);
  const distribution = res(j).aws_cloudfront_distribution.site;

  it("answers on the domain with its own validated certificate, SNI only, TLS 1.2 (2021) at least", () => {
    expect([distribution.aliases, distribution.viewer_certificate]).toEqual([
      ["acme-ai.example.com"],
      { acm_certificate_arn: "${aws_acm_certificate_validation.certificate_validation.certificate_arn}", ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" },
    ]);
  });

  it("requests the certificate for the frontend's hosts, validated in the zone", () => {
    expect(res(j).aws_acm_certificate.certificate).toMatchObject({ domain_name: "acme-ai.example.com", subject_alternative_names: [], validation_method: "DNS" });
    expect(res(j).aws_route53_record.certificate_validation_record.zone_id).toBe("Z0123456789ABCDEFGHIJ");
  });

  it("points A and AAAA alias records at the distribution, without target health", () => {
    const alias = { name: "${aws_cloudfront_distribution.site.domain_name}", zone_id: "${aws_cloudfront_distribution.site.hosted_zone_id}", evaluate_target_health: false };
    expect([res(j).aws_route53_record.domain_acme__ai_example_com, res(j).aws_route53_record.domain_acme__ai_example_com_aaaa]).toEqual([
      { zone_id: "Z0123456789ABCDEFGHIJ", name: "acme-ai.example.com", type: "A", alias },
      { zone_id: "Z0123456789ABCDEFGHIJ", name: "acme-ai.example.com", type: "AAAA", alias },
    ]);
  });

  it("reaches the load balancer over HTTPS only, by the origin host the services phase publishes", () => {
    expect(res(j).aws_cloudfront_vpc_origin.site_load_balancer_origin.vpc_origin_endpoint_config[0].origin_protocol_policy).toBe("https-only");
    expect(distribution.origin[1].domain_name).toBe(fromServices("load_balancer_origin_host"));
  });

  it("uses every edge location (PriceClass_All, prod's default)", () => {
    expect(distribution.price_class).toBe("PriceClass_All");
  });

  it("publishes no URL to SSM: it is known at synthesis", () => {
    expect(Object.keys(res(j).terraform_data)).toEqual(["site_assets"]);
    expect(j.output!.public_url.value).toBe("https://acme-ai.example.com");
  });

  it("has the firewall by default", () => {
    expect(distribution.web_acl_id).toBe("${aws_wafv2_web_acl.firewall.arn}");
  });
});

describe("a type: service distribution (prod, api by default, /static/* cached)", () => {
  const c = fromText(
    prodWith((d) => (d.frontend = { type: "service", service: "api", routes: [{ paths: ["/static/*"], service: "api", cache: true }] })),
    "prod",
  );
  const j = frontendOf(c);
  const distribution = res(j).aws_cloudfront_distribution.site;

  it("has no bucket, no origin access control and no SPA routing", () => {
    expect([res(j).aws_s3_bucket, res(j).aws_cloudfront_origin_access_control, Object.keys(res(j).aws_cloudfront_function)]).toEqual([undefined, undefined, ["site_forwarded_host"]]);
    expect(distribution).not.toHaveProperty("default_root_object");
    expect(distribution.origin.map((o: { origin_id: string }) => o.origin_id)).toEqual(["load-balancer"]);
  });

  it("sends every other path to the load balancer, uncached, redirecting HTTP to HTTPS", () => {
    expect(distribution.default_cache_behavior).toEqual({
      target_origin_id: "load-balancer",
      viewer_protocol_policy: "redirect-to-https",
      allowed_methods: ALL_METHODS,
      cached_methods: ["GET", "HEAD"],
      compress: false,
      cache_policy_id: CACHING_DISABLED,
      origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST,
      response_headers_policy_id: HEADERS_POLICY,
      function_association: FORWARDED_HOST,
    });
  });

  it("caches the route with cache: true (CachingOptimized, compressed, read-only methods)", () => {
    expect(distribution.ordered_cache_behavior).toEqual([
      {
        path_pattern: "/static/*",
        target_origin_id: "load-balancer",
        viewer_protocol_policy: "redirect-to-https",
        allowed_methods: ["GET", "HEAD", "OPTIONS"],
        cached_methods: ["GET", "HEAD"],
        compress: true,
        cache_policy_id: CACHING_OPTIMIZED,
        origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST,
        response_headers_policy_id: HEADERS_POLICY,
        function_association: FORWARDED_HOST,
      },
    ]);
  });

  it("publishes an empty site bucket name", () => {
    expect(j.output!.site_bucket_name.value).toBe("");
  });
});

describe("distribution settings", () => {
  it.each([
    ["allow", "whitelist"],
    ["deny", "blacklist"],
  ] as const)("geoRestriction %s becomes a %s of the countries", (type, restrictionType) => {
    const j = frontendOf(withFrontend(configs.dev, { geoRestriction: { type, countries: ["DE", "AT"] } }));
    expect(res(j).aws_cloudfront_distribution.site.restrictions).toEqual({ geo_restriction: { restriction_type: restrictionType, locations: ["DE", "AT"] } });
  });

  it("without geoRestriction the site is served everywhere", () => {
    expect(res(frontendOf(configs.dev)).aws_cloudfront_distribution.site.restrictions).toEqual({ geo_restriction: { restriction_type: "none" } });
  });

  it("hsts includeSubdomains and preload reach the Strict-Transport-Security header", () => {
    const j = frontendOf(withFrontend(configs.dev, { hsts: { maxAgeSeconds: 31536000, includeSubdomains: true, preload: true } }));
    expect(res(j).aws_cloudfront_response_headers_policy.site_security_headers.security_headers_config.strict_transport_security).toEqual({
      access_control_max_age_sec: 31536000,
      include_subdomains: true,
      preload: true,
      override: true,
    });
  });

  it("accessLogs: false creates no log delivery", () => {
    const r = res(frontendOf(withFrontend(configs.dev, { accessLogs: false })));
    expect([r.aws_cloudwatch_log_delivery_source, r.aws_cloudwatch_log_delivery_destination, r.aws_cloudwatch_log_delivery]).toEqual([undefined, undefined, undefined]);
  });

  it("waf.enabled in dev puts the firewall on the distribution", () => {
    const j = frontendOf({ ...configs.dev, waf: { ...configs.dev.waf, enabled: true } });
    expect(res(j).aws_cloudfront_distribution.site.web_acl_id).toBe("${aws_wafv2_web_acl.firewall.arn}");
  });
});

describe("the services stack's side of the edge", () => {
  const dev = synthOf(configs.dev);
  const staging = synthOf(configs.staging);
  const prod = synthOf(configs.prod);
  /** Prod without CloudFront in front of the load balancer: internet-facing, WAF on by default. */
  const publicProd = synthOf({ ...configs.prod, loadBalancer: { ...configs.prod.loadBalancer, internal: false }, frontend: { ...configs.prod.frontend, routes: [] } });
  const API_TARGET_GROUP = "${aws_lb_target_group.load_balancer_api_target_group.arn}";

  it("staging's load balancer is internal, in the private subnets", () => {
    expect(res(staging).aws_lb.load_balancer).toMatchObject({ internal: true, subnets: remote("private_subnet_ids") });
  });

  it("without a domain, CloudFront's path gets a listener rule at 40000 matching the path only, forwarding to the api", () => {
    expect(res(staging).aws_lb_listener_rule.load_balancer_cdn_rule_0).toEqual({
      listener_arn: "${aws_lb_listener.load_balancer_http_listener.arn}",
      priority: 40000,
      action: [{ type: "forward", target_group_arn: API_TARGET_GROUP }],
      condition: [{ path_pattern: { values: ["/api/*"] } }],
    });
  });

  it("each CloudFront path has its own listener rule, in behaviour order", () => {
    const j = synthOf(withFrontend(configs.staging, { routes: [{ paths: ["/api/*", "/auth/*"], service: "api", cache: false }] }));
    const rules = Object.entries(res(j).aws_lb_listener_rule).filter(([name]) => name.startsWith("load_balancer_cdn_rule_"));
    expect(rules.map(([name, r]) => [name, r.priority, r.condition])).toEqual([
      ["load_balancer_cdn_rule_0", 40000, [{ path_pattern: { values: ["/api/*"] } }]],
      ["load_balancer_cdn_rule_1", 40001, [{ path_pattern: { values: ["/auth/*"] } }]],
    ]);
  });

  it("with a domain, the rule also matches the origin's host, on the HTTPS listener", () => {
    expect(res(prod).aws_lb_listener_rule.load_balancer_cdn_rule_0).toEqual({
      listener_arn: "${aws_lb_listener.load_balancer_https_listener.arn}",
      priority: 40000,
      action: [{ type: "forward", target_group_arn: API_TARGET_GROUP }],
      condition: [{ host_header: { values: ["origin.acme-ai.example.com"] } }, { path_pattern: { values: ["/api/*"] } }],
    });
  });

  it("no frontend routes, no CloudFront rules", () => {
    expect(Object.keys(res(dev).aws_lb_listener_rule)).toEqual(["load_balancer_api_rule"]);
  });

  it("prod's load balancer certificate also names origin.<domain>", () => {
    expect(res(prod).aws_acm_certificate.certificate).toMatchObject({ domain_name: "api.acme-ai.example.com", subject_alternative_names: ["origin.acme-ai.example.com"] });
  });

  it("origin.<domain> is an alias record for the load balancer", () => {
    expect(res(prod).aws_route53_record.domain_origin_acme__ai_example_com).toEqual({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "origin.acme-ai.example.com",
      type: "A",
      alias: { name: "${aws_lb.load_balancer.dns_name}", zone_id: "${aws_lb.load_balancer.zone_id}", evaluate_target_health: true },
    });
  });

  it.each([
    ["dev (no route to the load balancer)", "", dev],
    ["staging (no domain: the load balancer's DNS name)", "${aws_lb.load_balancer.dns_name}", staging],
    ["prod (the domain)", "origin.acme-ai.example.com", prod],
  ] as const)("%s publishes %j as the origin host CloudFront connects to", (_env, host, j) => {
    expect(j.output!.load_balancer_origin_host.value).toBe(host);
  });

  it("dev creates the public URL's parameter: a SecureString placeholder the frontend phase overwrites and this phase never resets", () => {
    expect(res(dev).aws_ssm_parameter.public_url).toEqual({
      name: "/acme-ai/dev/public-url",
      // Fixed: any update of the parameter would send the placeholder again.
      description: "Public URL of acme-ai-dev: written by the frontend phase, read at start by the services that refer to app.url",
      type: "SecureString",
      // Write-only: sent at creation only, never in state, never compared: later plans leave the published value alone.
      value_wo: "https://public-url-not-yet-published.invalid",
      value_wo_version: 1,
    });
    expect(dev.output!.public_url_parameter.value).toBe("${aws_ssm_parameter.public_url.name}");
    // Replaced with the parameter (or by any update of it, which sends the placeholder again): the frontend publishes anew.
    expect(res(dev).terraform_data.public_url_placeholder).toMatchObject({ lifecycle: { replace_triggered_by: ["aws_ssm_parameter.public_url"] } });
    expect(dev.output!.public_url_generation.value).toBe("${terraform_data.public_url_placeholder.id}");
  });

  it("prod has no parameter: the api gets PUBLIC_URL as a plain variable", () => {
    expect([res(prod).aws_ssm_parameter, prod.output!.public_url_parameter.value]).toEqual([undefined, ""]);
    const api = container(prod, "api");
    expect(api.environment).toContainEqual({ name: "PUBLIC_URL", value: "https://acme-ai.example.com" });
    expect(api.secrets.map((s: { name: string }) => s.name)).not.toContain("PUBLIC_URL");
  });

  it("an internet-facing load balancer with WAF enabled (prod without routes) gets a regional web ACL", () => {
    expect(res(publicProd).aws_wafv2_web_acl.load_balancer_firewall).toMatchObject({ name: "acme-ai-prod-alb", scope: "REGIONAL" });
    expect(res(publicProd).aws_wafv2_web_acl_association.load_balancer_firewall_association).toEqual({
      resource_arn: "${aws_lb.load_balancer.arn}",
      web_acl_arn: "${aws_wafv2_web_acl.load_balancer_firewall.arn}",
    });
  });

  it("the regional web ACL logs to its own aws-waf-logs- group for prod's retention, encrypted with the environment's logs key", () => {
    expect(res(publicProd).aws_cloudwatch_log_group.load_balancer_firewall_logs).toEqual({
      name: "aws-waf-logs-acme-ai-prod-alb",
      retention_in_days: 365,
      kms_key_id: "${data.terraform_remote_state.foundation.outputs.logs_key_arn}",
    });
  });

  it.each([
    ["dev (WAF off)", dev],
    ["staging (internal: CloudFront's firewall covers it)", staging],
    ["prod (internal)", prod],
  ] as const)("%s has no regional web ACL", (_name, j) => {
    expect([res(j).aws_wafv2_web_acl, res(j).aws_wafv2_web_acl_association]).toEqual([undefined, undefined]);
  });
});

describe("who may read the public URL (foundation)", () => {
  type Doc = { statement: Array<{ sid: string; actions: string[]; resources: string[]; effect: string }> };
  const docsOf = (c: ResolvedConfig) => synthOf(c, FoundationStack).data!.aws_iam_policy_document as unknown as Record<string, Doc>;
  const statement = (doc: Doc, sid: string) => doc.statement.find((s) => s.sid === sid);
  const READ = { sid: "ReadPublicUrl", effect: "Allow", actions: ["ssm:GetParameters"], resources: ["arn:aws:ssm:us-east-1:111111111111:parameter/acme-ai/dev/public-url"] };
  const dev = docsOf(configs.dev);

  it("an ECS reader's execution role (which starts the task) may get exactly the parameter", () => {
    expect(statement(dev.api_execution_role_policy, "ReadPublicUrl")).toEqual(READ);
  });

  it("an ECS reader's task role gets nothing of it", () => {
    expect(statement(dev.api_task_role_policy, "ReadPublicUrl")).toBeUndefined();
  });

  it("a service that does not refer to app.url gets nothing of it", () => {
    expect(statement(dev.worker_execution_role_policy, "ReadPublicUrl")).toBeUndefined();
  });

  it("an App Runner reader's instance role gets it instead of the access role", () => {
    const docs = docsOf(fromText(devWith(apiOnAppRunner), "dev"));
    expect([statement(docs.api_task_role_policy, "ReadPublicUrl"), statement(docs.api_execution_role_policy, "ReadPublicUrl")]).toEqual([READ, undefined]);
  });

  it("with the URL known (prod's domain) nobody is granted the parameter", () => {
    expect(Object.entries(docsOf(configs.prod)).filter(([, d]) => d.statement?.some((s) => s.sid === "ReadPublicUrl"))).toEqual([]);
  });
});
