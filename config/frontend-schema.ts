/**
 * The edge: what the frontend phase serves through CloudFront, and the web
 * application firewall in front of it (and of a public load balancer no CDN
 * fronts).
 *
 * - `static`: a single-page app from a private S3 bucket is the default
 *   behaviour; `routes` send paths (e.g. `/api/*`) to web services on the load
 *   balancer under the same domain (seeds 001, 002; app and API on one domain).
 * - `service`: a web service on the load balancer answers by default (a
 *   Next.js server, seed 004); `routes` can cache its hashed static files.
 * - `none`: no distribution.
 */
import { z } from "zod";
import { dnsLabel } from "./service-schema";

/** A CloudFront path pattern (at most 255 characters, case-sensitive). */
/** Also a load balancer rule's path pattern: at most 128 characters of what both accept. */
export const cdnPathPattern = z
  .string()
  .max(128, "path patterns are at most 128 characters (the load balancer's limit)")
  .regex(/^\/[A-Za-z0-9_.~/*?$@:+-]*$/, "must be a path pattern starting with /, such as /api/* or /_next/static/*")
  .refine((p) => p !== "/*" && p !== "*", "/* is the default behaviour; route the whole site with type: service instead");

const hostName = z
  .string()
  .max(253)
  .regex(/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase host name such as app.example.com (no wildcards)");

/** Relative paths inside the project: no absolute paths, no `..` segments. */
const projectPath = z
  .string()
  .min(1)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_.@/-]+$/, "must be a path relative to the project root, such as web/dist, without .. segments");

/** An `aws s3 sync --include` pattern: `*` and `?` wildcards over the path relative to the folder. */
const syncPattern = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.*?/@-]+$/, "must be a file pattern such as assets/* or *.woff2");

export const AssetsSchema = z
  .object({
    directory: projectPath.describe("The built site (the build's output folder), relative to the project root: uploaded as it is"),
    build: z
      .object({
        command: z.string().min(1).max(1000).describe("Shell command that builds the site, e.g. `npm ci && npm run build`; it runs at deploy before the upload"),
        workingDirectory: projectPath.describe("Where the command runs and whose content decides when to rebuild (the output folder, node_modules and .git are left out of the hash)"),
      })
      .strict()
      .optional()
      .describe("Build at deploy. @default - the directory is built already; its content decides when to upload"),
    immutable: z
      .array(syncPattern)
      .min(1, "list at least one pattern, or leave the field out for the default")
      .default(["assets/*", "static/*"])
      .describe("Files with a content hash in their names: cached a year as immutable. Everything else (index.html too) is sent with no-cache. @default [assets/*, static/*] (Vite, Create React App)"),
  })
  .strict();

export const RouteSchema = z
  .object({
    paths: z.array(cdnPathPattern).min(1, "list at least one path pattern").max(5).describe("Path patterns sent to the service, e.g. [/api/*]"),
    service: dnsLabel("service name", 20).describe("The ECS web service on the load balancer that answers them"),
    cache: z
      .boolean()
      .default(false)
      .describe("Cache responses at the edge (CachingOptimized): for hashed static files such as /_next/static/*. Otherwise nothing is cached and every header, cookie and query string reaches the service. @default false"),
  })
  .strict();

export const FrontendSchema = z
  .object({
    type: z
      .enum(["static", "service", "none"])
      .default("static")
      .describe("static: S3 + CloudFront single-page app; service: a web service behind CloudFront (Next.js); none: no distribution. @default static"),
    service: dnsLabel("service name", 20).optional().describe("type: service only: the ECS web service that answers every path no route claims"),
    hosts: z
      .array(hostName)
      .min(1)
      .max(10)
      .optional()
      .describe("Public host names of the distribution, inside the domain: an ACM certificate in us-east-1 and A/AAAA alias records. @default - [<domain>] with a domain, else the distribution's own name"),
    indexDocument: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("index.html").describe("SPA entry document (type: static). @default index.html"),
    assets: AssetsSchema.optional().describe("Publish the built site at deploy (type: static). @default - none: upload yourself"),
    routes: z
      .array(RouteSchema)
      .default([])
      .refine((routes) => routes.reduce((n, r) => n + r.paths.length, 0) <= 24, "at most 24 path patterns in all: CloudFront's default quota is 25 cache behaviours per distribution, one of them the default")
      .describe("Paths CloudFront sends to web services on the load balancer, in order (first match wins); the load balancer becomes internal and is reached through a CloudFront VPC origin. @default []"),
    priceClass: z
      .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
      .optional()
      .describe("Edge locations used. @default - PriceClass_All in prod, else PriceClass_100"),
    geoRestriction: z
      .object({
        type: z.enum(["allow", "deny"]).describe("allow: only these countries; deny: all but these"),
        countries: z.array(z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code such as DE")).min(1).describe("ISO 3166-1 alpha-2 codes"),
      })
      .strict()
      .optional()
      .describe("Serve only some countries, or all but some. @default - everywhere"),
    hsts: z
      .object({
        maxAgeSeconds: z.number().int().min(0).max(63072000).default(63072000).describe("@default 63072000 (two years)"),
        includeSubdomains: z.boolean().default(false).describe("Every subdomain of the host must serve HTTPS too. @default false"),
        preload: z.boolean().default(false).describe("Ask browsers to hard-code HTTPS for the apex domain (needs includeSubdomains and a max age of at least a year). @default false"),
      })
      .strict()
      .default({ maxAgeSeconds: 63072000, includeSubdomains: false, preload: false })
      .describe("Strict-Transport-Security. includeSubdomains and preload commit the whole domain: only when you ask"),
    originReadTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(180)
      .default(60)
      .describe("Seconds CloudFront waits for the first byte and between bytes of a load balancer response (streams); above 60 needs an AWS quota increase. @default 60"),
    accessLogs: z.boolean().default(true).describe("CloudFront access logs (standard logging v2) to the log archive. @default true"),
  })
  .strict();

export const WafSchema = z
  .object({
    enabled: z.boolean().optional().describe("AWS WAF on the distribution (us-east-1), or on a public load balancer no CDN fronts. @default - true in prod, else false"),
    rateLimit: z
      .number()
      .int()
      .min(10)
      .max(2000000000)
      .default(2000)
      .describe("Requests per client IP in any 5 minutes before WAF blocks it. @default 2000"),
    countOnly: z
      .partialRecord(
        z.enum(["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]),
        z.array(z.string().regex(/^[A-Za-z0-9_-]+$/, "must be a rule name of that managed rule group, such as SizeRestrictions_BODY")).min(1),
      )
      .default({ AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"] })
      .describe("Rules of each managed group that only count instead of blocking, by group. @default { AWSManagedRulesCommonRuleSet: [SizeRestrictions_BODY] }: API bodies above 8 KB (uploads, chat histories) are normal"),
  })
  .strict();
