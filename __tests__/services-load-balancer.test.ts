/** The environment's application load balancer in the services phase: placement, hardening, listeners, certificate and alias records. */
import { loadEnvironment } from "../config/load";
import { configs, remote, res, synthOf as synth } from "./support/stack-json";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";

const ingressOf = (j: TerraformJson, group: string) =>
  Object.fromEntries(Object.entries(res(j).aws_vpc_security_group_ingress_rule).filter(([, r]) => r.security_group_id === group));
const LB_GROUP = "${aws_security_group.load_balancer_security_group.id}";

const dev = synth(configs.dev);
const staging = synth(configs.staging);
const prod = synth(configs.prod);
/** Prod without CloudFront in front of the load balancer: internet-facing, with the domain's HTTPS. */
const publicProd = { ...configs.prod, loadBalancer: { ...configs.prod.loadBalancer, internal: false }, frontend: { ...configs.prod.frontend, routes: [] } };
const prodPublic = synth(publicProd);
/** The same outside prod (a staging with a domain): port 80 redirects there. */
const stagingPublic = synth({ ...publicProd, stage: "staging" });
const internal = synth({ ...configs.dev, loadBalancer: { ...configs.dev.loadBalancer, internal: true } });

describe("the load balancer", () => {
  it("is an internet-facing application load balancer in the public subnets, behind its own group", () => {
    expect(res(dev).aws_lb.load_balancer).toMatchObject({
      name: "acme-ai-dev",
      load_balancer_type: "application",
      internal: false,
      ip_address_type: "ipv4",
      subnets: remote("public_subnet_ids"),
      security_groups: [LB_GROUP],
    });
    expect(res(dev).aws_security_group.load_balancer_security_group).toEqual({
      name_prefix: "acme-ai-dev-alb-",
      description: "Load balancer acme-ai-dev: HTTP(S) from the internet, to its services' ports only",
      vpc_id: remote("vpc_id"),
      tags: { Name: "acme-ai-dev-alb" },
      lifecycle: { create_before_destroy: true },
    });
  });

  it("drops invalid header fields and mitigates request desync in the strictest mode", () => {
    for (const j of [dev, staging, prod]) expect(res(j).aws_lb.load_balancer).toMatchObject({ drop_invalid_header_fields: true, desync_mitigation_mode: "strictest" });
  });

  it("keeps idle connections as long as configured", () => {
    expect(res(dev).aws_lb.load_balancer.idle_timeout).toBe(60);
    expect(res(staging).aws_lb.load_balancer.idle_timeout).toBe(300);
    expect(res(prod).aws_lb.load_balancer.idle_timeout).toBe(300);
  });

  it("writes access logs under alb/ in the foundation's log archive, outside dev only", () => {
    expect(res(dev).aws_lb.load_balancer).not.toHaveProperty("access_logs");
    for (const j of [staging, prod]) expect(res(j).aws_lb.load_balancer.access_logs).toEqual({ bucket: remote("logs_bucket_name"), prefix: "alb", enabled: true });
  });

  it("is protected from deletion outside dev", () => {
    expect(res(dev).aws_lb.load_balancer.enable_deletion_protection).toBe(false);
    expect(res(staging).aws_lb.load_balancer.enable_deletion_protection).toBe(true);
    expect(res(prod).aws_lb.load_balancer.enable_deletion_protection).toBe(true);
  });

  it("reaches each web service's port in the service's own group, and nothing else", () => {
    expect(res(prod).aws_vpc_security_group_egress_rule.load_balancer_security_group_to_api_8000).toEqual({
      security_group_id: LB_GROUP,
      referenced_security_group_id: remote("service_security_group_ids.api"),
      ip_protocol: "tcp",
      from_port: 8000,
      to_port: 8000,
      description: "HTTP from the load balancer to api",
    });
    expect(ingressOf(prod, remote("service_security_group_ids.api"))).toEqual({
      api_tasks_from_load_balancer_8000: {
        security_group_id: remote("service_security_group_ids.api"),
        referenced_security_group_id: LB_GROUP,
        ip_protocol: "tcp",
        from_port: 8000,
        to_port: 8000,
        description: "HTTP from the load balancer to api",
      },
    });
    const lbEgress = Object.keys(res(prod).aws_vpc_security_group_egress_rule).filter((name) => res(prod).aws_vpc_security_group_egress_rule[name].security_group_id === LB_GROUP);
    expect(lbEgress).toEqual(["load_balancer_security_group_to_api_8000"]);
  });

  it("does not exist without web services on ECS, and its outputs are empty", () => {
    const agentic = synth(loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} }));
    expect(res(agentic)?.aws_lb).toBeUndefined();
    expect(res(agentic)?.aws_security_group).toBeUndefined();
    const empty = ["load_balancer_arn", "load_balancer_dns_name", "load_balancer_zone_id", "load_balancer_security_group_id", "http_listener_arn", "https_listener_arn"];
    expect(Object.fromEntries(empty.map((o) => [o, agentic.output![o].value]))).toEqual(Object.fromEntries(empty.map((o) => [o, ""])));
    // Its web services are App Runner's: their URLs are App Runner's own.
    expect(agentic.output!.service_urls.value).toEqual({ api: "https://${aws_apprunner_service.api.service_url}", web: "https://${aws_apprunner_service.web.service_url}" });
  });
});

describe("without a domain (dev)", () => {
  it("serves HTTP on port 80 only, answering 404 to requests no service claims", () => {
    expect(res(dev).aws_lb_listener).toEqual({
      load_balancer_http_listener: {
        load_balancer_arn: "${aws_lb.load_balancer.arn}",
        port: 80,
        protocol: "HTTP",
        default_action: [{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404", message_body: "Not Found" } }],
      },
    });
  });

  it("admits port 80 from the internet only", () => {
    expect(ingressOf(dev, LB_GROUP)).toEqual({
      load_balancer_security_group_from_anywhere_80: { security_group_id: LB_GROUP, cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 80, to_port: 80, description: "Port 80 from the internet" },
    });
  });

  it("has no certificate and no DNS records", () => {
    expect(res(dev).aws_acm_certificate).toBeUndefined();
    expect(res(dev).aws_acm_certificate_validation).toBeUndefined();
    expect(res(dev).aws_route53_record).toBeUndefined();
    expect(dev.output!.https_listener_arn.value).toBe("");
  });

  it("publishes each web service's URL on the load balancer's own name", () => {
    expect(dev.output!.service_urls.value).toEqual({ api: "http://${aws_lb.load_balancer.dns_name}" });
  });
});

describe("with a domain, internet-facing (prod without CloudFront routes)", () => {
  it("serves HTTPS on 443 with a TLS 1.3 policy and the validated certificate, answering 404 by default", () => {
    expect(res(prodPublic).aws_lb_listener.load_balancer_https_listener).toEqual({
      load_balancer_arn: "${aws_lb.load_balancer.arn}",
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: "${aws_acm_certificate_validation.certificate_validation.certificate_arn}",
      default_action: [{ type: "fixed-response", fixed_response: { content_type: "text/plain", status_code: "404", message_body: "Not Found" } }],
    });
  });

  it("serves no plain HTTP in prod, not even a redirect (policy ALB-11): no port 80 listener, no port 80 ingress, an empty http_listener_arn", () => {
    expect(Object.keys(res(prodPublic).aws_lb_listener)).toEqual(["load_balancer_https_listener"]);
    expect(Object.keys(ingressOf(prodPublic, LB_GROUP))).toEqual(["load_balancer_security_group_from_anywhere_443"]);
    expect(ingressOf(prodPublic, LB_GROUP).load_balancer_security_group_from_anywhere_443).toMatchObject({ cidr_ipv4: "0.0.0.0/0", from_port: 443, to_port: 443 });
    expect(prodPublic.output!.http_listener_arn.value).toBe("");
    // The internal load balancer behind CloudFront is reached over HTTPS only too.
    expect(Object.keys(res(prod).aws_lb_listener)).toEqual(["load_balancer_https_listener"]);
    expect(Object.keys(ingressOf(prod, LB_GROUP))).toEqual(["load_balancer_security_group_from_vpc_443"]);
  });

  it("outside prod only redirects HTTP to HTTPS, permanently, and admits 80 and 443", () => {
    expect(res(stagingPublic).aws_lb_listener.load_balancer_http_listener).toEqual({
      load_balancer_arn: "${aws_lb.load_balancer.arn}",
      port: 80,
      protocol: "HTTP",
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
    expect(Object.keys(ingressOf(stagingPublic, LB_GROUP)).sort()).toEqual(["load_balancer_security_group_from_anywhere_443", "load_balancer_security_group_from_anywhere_80"]);
    expect(stagingPublic.output!.http_listener_arn.value).toBe("${aws_lb_listener.load_balancer_http_listener.arn}");
  });

  it("has an ACM certificate for the web services' hosts, validated by DNS records in the zone", () => {
    expect(res(prodPublic).aws_acm_certificate.certificate).toEqual({
      domain_name: "api.acme-ai.example.com",
      subject_alternative_names: [],
      validation_method: "DNS",
      key_algorithm: "EC_prime256v1",
      lifecycle: { create_before_destroy: true },
    });
    expect(res(prodPublic).aws_route53_record.certificate_validation_record).toEqual({
      // The options set iterated as it is: keys known at plan however many hosts (tolist would make them unknown).
      for_each: "${{ for option in aws_acm_certificate.certificate.domain_validation_options : option.domain_name => option }}",
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "${each.value.resource_record_name}",
      type: "${each.value.resource_record_type}",
      records: ["${each.value.resource_record_value}"],
      ttl: 300,
      allow_overwrite: true,
    });
    expect(res(prodPublic).aws_acm_certificate_validation.certificate_validation).toEqual({
      certificate_arn: "${aws_acm_certificate.certificate.arn}",
      validation_record_fqdns: "${[ for key, val in aws_route53_record.certificate_validation_record: val.fqdn]}",
    });
  });

  it("names further hosts on the certificate as alternative names", () => {
    const hosts = { ...publicProd, services: publicProd.services.map((s) => (s.name === "api" ? { ...s, hosts: ["api.acme-ai.example.com", "*.acme-ai.example.com"] } : s)) };
    expect(res(synth(hosts)).aws_acm_certificate.certificate).toMatchObject({ domain_name: "api.acme-ai.example.com", subject_alternative_names: ["*.acme-ai.example.com"] });
  });

  it("points an alias record per host at the load balancer", () => {
    expect(Object.keys(res(prodPublic).aws_route53_record).sort()).toEqual(["certificate_validation_record", "domain_api_acme__ai_example_com"]);
    expect(res(prodPublic).aws_route53_record.domain_api_acme__ai_example_com).toEqual({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "api.acme-ai.example.com",
      type: "A",
      alias: { name: "${aws_lb.load_balancer.dns_name}", zone_id: "${aws_lb.load_balancer.zone_id}", evaluate_target_health: true },
    });
  });

  it("publishes each web service's URL on its host, over HTTPS", () => {
    expect(prodPublic.output!.service_urls.value).toEqual({ api: "https://api.acme-ai.example.com" });
    expect(prodPublic.output!.https_listener_arn.value).toBe("${aws_lb_listener.load_balancer_https_listener.arn}");
  });
});

describe("loadBalancer.internal: true", () => {
  it("uses the internal scheme in the private subnets", () => {
    expect(res(internal).aws_lb.load_balancer).toMatchObject({ internal: true, subnets: remote("private_subnet_ids") });
  });

  it("admits only the VPC's CIDR, and the services that call it by group", () => {
    expect(ingressOf(internal, LB_GROUP)).toEqual({
      load_balancer_security_group_from_vpc_80: { security_group_id: LB_GROUP, cidr_ipv4: remote("vpc_cidr"), ip_protocol: "tcp", from_port: 80, to_port: 80, description: "Port 80 from inside the VPC" },
      // dev's worker refers to the api's URL.
      load_balancer_security_group_from_worker_80: {
        security_group_id: LB_GROUP,
        referenced_security_group_id: "${data.terraform_remote_state.foundation.outputs.service_security_group_ids.worker}",
        ip_protocol: "tcp",
        from_port: 80,
        to_port: 80,
        description: "worker calls the load balancer",
      },
    });
    expect(res(internal).aws_security_group.load_balancer_security_group.description).toBe("Load balancer acme-ai-dev: HTTP(S) from inside the VPC, to its services' ports only");
  });
});

describe("alias record addresses", () => {
  it("are distinct for every host name, including ones that differ only by '-' and '.', and wildcards", async () => {
    const { recordId } = await import("../constructs/alias-records");
    const hosts = ["a-b.example.com", "a.b.example.com", "*.example.com", "wildcard.example.com", "wildcard-example.com"];
    expect(hosts.map(recordId)).toEqual(["a__b_example_com", "a_b_example_com", "_wildcard_example_com", "wildcard_example_com", "wildcard__example_com"]);
  });
});
