/**
 * Cross-field rules: what a single field's schema cannot see. Each rule reads a
 * possibly partial configuration (sections that failed their own schema are
 * absent), so schema errors and rule errors are reported together.
 */
import { FARGATE_SIZES, type ProjectConfig } from "./schema";
import { networkIssues } from "./network";
import { SECRET_NAME } from "./secret-names";
import { secretIn } from "./secret-values";
import { completeServices, SERVICE_RULES } from "./service-rules";
import { frontendIssues } from "./frontend";
import { alarmIssues } from "./alarms";
import { encryptionIssues } from "./encryption";
import { PROD_MIN_LOG_RETENTION_DAYS } from "../policy/rules/misc/log-retention-prod";
import { NAME_KIND_LABELS, NAME_LIMITS, Names, RESERVED_BUCKET_KEYS, RESERVED_SERVICE_NAMES, type DerivedName } from "./names";

export interface RuleIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
  /** Reported, but synthesis goes on (e.g. App Runner's end of sale). */
  readonly warning?: boolean;
}

type Partial2<T> = { [K in keyof T]?: T[K] };
export type PartialConfig = Partial2<ProjectConfig> & {
  /** Sections present in the file that failed their own schema: rules must not judge references into them. */
  readonly invalidSections?: readonly string[];
};

export type Rule = (cfg: PartialConfig, environment: string) => RuleIssue[];

/** Production needs at least two AZs so every tier can survive the loss of one. */
const prodNeedsTwoAzs: Rule = (cfg) =>
  cfg.stage === "prod" && cfg.availabilityZones && cfg.availabilityZones.length < 2
    ? [{ path: ["availabilityZones"], message: `prod needs at least 2 availability zones for high availability; got ${cfg.availabilityZones.length}` }]
    : [];

/**
 * Prod serves everything under its own domain, with an ACM certificate: CloudFront's default certificate
 * accepts TLSv1 (policy CF-02; frontend.hosts default to the domain), and prod's load balancer has HTTPS
 * listeners only (policy ALB-11, ELB.18), which web services on ECS need a certificate for.
 */
const prodServesItsOwnCertificate: Rule = (cfg) => {
  if (cfg.stage !== "prod" || cfg.domain || cfg.invalidSections?.includes("domain")) return [];
  const cdn = cfg.frontend !== undefined && cfg.frontend.type !== "none";
  const ecsWeb = (cfg.services ?? []).filter((s) => s?.kind === "web" && s.compute === "ecs").map((s) => s.name);
  if (!cdn && ecsWeb.length === 0) return [];
  const list = ecsWeb.join(", ");
  const why = [
    ...(cdn ? ["CloudFront's default certificate accepts TLSv1, so prod serves the CDN under its own name with an ACM certificate (TLSv1.2_2021 at least)"] : []),
    ...(ecsWeb.length > 0 ? [`prod's load balancer serves HTTPS only, with the domain's certificate, and ${list} on ECS ${ecsWeb.length > 1 ? "are" : "is"} served by it`] : []),
  ];
  // Only when nothing else needs the domain is there another way out; App Runner takes no new customers.
  const instead = cdn && ecsWeb.length === 0 ? "; or set frontend.type: none" : "";
  return [{ path: ["domain"], message: `prod needs a domain (name and zoneId of a Route 53 hosted zone): ${why.join("; and ")}${instead}` }];
};

/** Prod keeps its logs a year at least (policy LOG-02). */
const prodKeepsLogsAYear: Rule = (cfg) =>
  cfg.stage === "prod" && cfg.logRetentionDays !== undefined && cfg.logRetentionDays < PROD_MIN_LOG_RETENTION_DAYS
    ? [{ path: ["logRetentionDays"], message: `prod keeps logs at least ${PROD_MIN_LOG_RETENTION_DAYS} days (incident reviews and audits look back a year); got ${cfg.logRetentionDays}` }]
    : [];

const azsBelongToRegion: Rule = (cfg) => {
  const { region, availabilityZones: azs } = cfg;
  if (!region || !azs) return [];
  const issues: RuleIssue[] = [];
  azs.forEach((az, i) => {
    if (!new RegExp(`^${region}[a-z]$`).test(az)) {
      issues.push({ path: ["availabilityZones", i], message: `"${az}" is not an availability zone of region ${region}; expected ${region}a, ${region}b, …` });
    }
    if (azs.indexOf(az) !== i) issues.push({ path: ["availabilityZones", i], message: `"${az}" is listed twice` });
  });
  return issues;
};

const uniqueServiceNames: Rule = (cfg) => {
  const seen = new Map<string, number>();
  const issues: RuleIssue[] = [];
  (cfg.services ?? []).forEach((s, i) => {
    const first = seen.get(s.name);
    if (first !== undefined) issues.push({ path: ["services", i, "name"], message: `service name "${s.name}" is already used by services.${first}; names must be unique` });
    else seen.set(s.name, i);
  });
  return issues;
};

/** Service names become construct ids and the first word of Terraform addresses; the platform's own words are taken. */
const reservedServiceNames: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) =>
    (RESERVED_SERVICE_NAMES as readonly string[]).includes(s?.name)
      ? [{ path: ["services", i, "name"], message: `service name "${s.name}" is reserved by the platform (it names the platform's own resources); reserved: ${RESERVED_SERVICE_NAMES.join(", ")}` }]
      : [],
  );

/** Settings that would be silently ignored are errors: the user meant something by them. */
const noIgnoredSettings: Rule = (cfg) => {
  const issues: RuleIssue[] = [];
  (cfg.services ?? []).forEach((s, i) => {
    if (!s) return;
    const at = (...p: Array<string | number>) => ["services", i, ...p];
    if (s.image.build) {
      for (const key of ["tag", "tagEnvVar"] as const) {
        if (s.image[key] !== undefined) issues.push({ path: at("image", key), message: `ignored in build mode, where the tag is a content hash of the build context; remove ${key}, or remove image.build to deploy a prebuilt image` });
      }
      if (s.image.platform !== undefined) issues.push({ path: at("image", "platform"), message: "in build mode the platform is image.build.platform; move it there" });
    }
    if (s.kind === "web" && s.compute === "apprunner" && s.exec) {
      issues.push({ path: at("exec"), message: `ECS Exec is not available on App Runner; remove exec or run "${s.name}" on compute: ecs` });
    }
    if (s.bedrock && s.bedrock.models.length === 0 && s.bedrock.inferenceProfiles.length === 0) {
      issues.push({ path: at("bedrock"), message: "grants nothing: list bedrock.models and/or bedrock.inferenceProfiles, or remove bedrock" });
    }
  });
  const appRunner = new Set((cfg.services ?? []).filter((s) => s?.kind === "web" && s.compute === "apprunner").map((s) => s.name));
  const jobs = new Set((cfg.services ?? []).filter((s) => s?.kind === "job").map((s) => s.name));
  for (const name of Object.keys(cfg.fileSystem?.clients ?? {})) {
    if (appRunner.has(name)) issues.push({ path: ["fileSystem", "clients", name], message: `App Runner service "${name}" cannot mount EFS; run it on compute: ecs or remove it here` });
    if (jobs.has(name)) issues.push({ path: ["fileSystem", "clients", name], message: `job "${name}" has no persistent storage (it writes to its scratch paths or a bucket); remove it here` });
  }
  const iface = cfg.network?.endpoints.interface ?? [];
  iface.forEach((e, k) => {
    if (iface.indexOf(e) !== k) issues.push({ path: ["network", "endpoints", "interface", k], message: `interface endpoint ${e} is listed twice` });
  });
  return issues;
};

/** Plain environment, commands and build arguments are stored in clear text: no credentials in them, whatever the name. */
const noSecretValues: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    if (!s) return [];
    const found = (path: Array<string | number>, value: string, where: string): RuleIssue[] => {
      const what = secretIn(value);
      return what ? [{ path: ["services", i, ...path], message: `${where} holds ${what}, which would be stored in plain text in the task definition and the Terraform state; put it in the service's secrets (secrets: [NAME]) and set the value in Secrets Manager` }] : [];
    };
    return [
      ...Object.entries(s.environment).flatMap(([k, v]) => (typeof v === "string" ? found(["environment", k], v, k) : [])),
      ...(s.command ?? []).flatMap((v, k) => found(["command", k], v, `command argument ${k}`)),
      ...Object.entries(s.image.build?.args ?? {}).flatMap(([k, v]) => found(["image", "build", "args", k], v, `build argument ${k} (kept in the image history)`)),
    ];
  });

const fargateMemoryFitsCpu: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    // App Runner's own sizes are checked in service-rules.ts.
    if (!s || (s.kind === "web" && s.compute === "apprunner")) return [];
    const allowed = FARGATE_SIZES[s.cpu];
    if (!allowed || allowed.includes(s.memory)) return [];
    return [{ path: ["services", i, "memory"], message: `${s.memory} MiB does not fit Fargate CPU ${s.cpu}; allowed: ${allowed[0]}–${allowed[allowed.length - 1]} MiB (${allowed.join(", ")})` }];
  });

const buildArgsAreNotSecrets: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) =>
    Object.keys(s.image.build?.args ?? {})
      .filter((name) => SECRET_NAME.test(name))
      .map((name) => ({ path: ["services", i, "image", "build", "args", name], message: `${name} looks like a secret; build arguments stay in the image history — use the service's secrets instead` })),
  );

const secretKeysUnique: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    const issues: RuleIssue[] = s.secrets.flatMap((key, k) => (s.secrets.indexOf(key) !== k ? [{ path: ["services", i, "secrets", k], message: `secret key ${key} is listed twice` }] : []));
    for (const key of s.secrets) {
      if (key in s.environment) issues.push({ path: ["services", i, "environment", key], message: `${key} is also a secret key; a variable comes either from environment or from secrets` });
    }
    return issues;
  });

const bucketAccessReferencesBuckets: Rule = (cfg) => {
  if (!cfg.buckets) return [];
  const known = Object.keys(cfg.buckets);
  return (cfg.services ?? []).flatMap((s, i) =>
    Object.keys(s.bucketAccess).flatMap((key) =>
      known.includes(key)
        ? []
        : [{ path: ["services", i, "bucketAccess", key], message: `unknown bucket "${key}"; declared buckets: ${known.join(", ") || "(none)"}` }],
    ),
  );
};

const reservedBucketKeys: Rule = (cfg) =>
  Object.keys(cfg.buckets ?? {}).flatMap((key) =>
    (RESERVED_BUCKET_KEYS as readonly string[]).includes(key)
      ? [{ path: ["buckets", key], message: `"${key}" is reserved by the platform (${RESERVED_BUCKET_KEYS.join(", ")}); choose another bucket key` }]
      : [],
  );

const endpointOverridesOnly: Rule = (cfg) =>
  cfg.stateBackend?.skipCredentialsValidation && !cfg.stateBackend.endpoints
    ? [{ path: ["stateBackend", "skipCredentialsValidation"], message: "only allowed together with stateBackend.endpoints (S3-compatible or emulated backends); real AWS backends must validate credentials" }]
    : [];

const lockTableOnlyWhenUsed: Rule = (cfg) =>
  cfg.stateBackend?.locking === "lockfile" && cfg.stateBackend.endpoints?.dynamodb
    ? [{ path: ["stateBackend", "endpoints", "dynamodb"], message: "a DynamoDB endpoint is set but locking is \"lockfile\", which does not use DynamoDB; set locking to dynamodb or both, or remove the endpoint" }]
    : [];

/** Every derived AWS name fits its limit; the error points at the field to shorten. */
const derivedNamesFit: Rule = (cfg, environment) => {
  if (!cfg.project || !cfg.accountId) return [];
  const names = new Names(cfg.project, environment, cfg.accountId);
  const tooLong = (n: DerivedName) => n.value.length > NAME_LIMITS[n.kind];
  const describe = (n: DerivedName, shorten: string) =>
    `derived ${NAME_KIND_LABELS[n.kind]} "${n.value}" is ${n.value.length} characters; AWS allows at most ${NAME_LIMITS[n.kind]}. Shorten ${shorten}`;

  const issues: RuleIssue[] = names
    .environmentNames()
    .filter(tooLong)
    .map((n) => ({ path: ["project"], message: describe(n, `the project name or the environment name "${environment}"`) }));
  Object.keys(cfg.buckets ?? {}).forEach((key) => {
    const n: DerivedName = { kind: "s3Bucket", value: names.bucket(key) };
    if (tooLong(n)) issues.push({ path: ["buckets", key], message: describe(n, "this bucket key, the project or the environment name") });
  });
  (cfg.services ?? []).forEach((s, i) => {
    if (!s) return;
    const compute = s.kind === "web" ? s.compute : s.kind === "job" ? "batch" : "ecs";
    for (const n of names.serviceNames(s.name, { compute, webPort: s.kind === "web" ? s.port : undefined }).filter(tooLong)) {
      issues.push({ path: ["services", i, "name"], message: describe(n, "this service name, the project or the environment name") });
    }
  });
  return issues;
};

/** Subnet CIDRs fit the VPC and each other; an existing VPC in prod spans two AZs. */
const networkFits: Rule = (cfg) => {
  if (!cfg.network) return [];
  const issues: RuleIssue[] = cfg.availabilityZones ? networkIssues(cfg.network, cfg.availabilityZones.length) : [];
  if (cfg.network.mode === "existing" && cfg.stage === "prod" && cfg.network.privateSubnetIds.length < 2) {
    issues.push({ path: ["network", "privateSubnetIds"], message: "prod needs private subnets in at least 2 availability zones" });
  }
  // Policies RDS-20 and NET-05 cannot see an existing network's routes and settings: in prod the tiers
  // that must stay private (tasks, endpoints, caches, file systems; the database) stay off its public subnets (RDS.46, EFS.6).
  const n = cfg.network;
  if (n.mode === "existing" && cfg.stage === "prod") {
    const isPublic = (id: string) => (n.publicSubnetIds ?? []).includes(id);
    const lists = [["privateSubnetIds", n.privateSubnetIds], ...(n.databaseSubnetIds ? [["databaseSubnetIds", n.databaseSubnetIds] as const] : [])] as const;
    for (const [field, ids] of lists) {
      const onPublic = ids.filter(isPublic);
      if (onPublic.length > 0) {
        issues.push({
          path: ["network", field],
          message: `prod keeps its private tiers off public subnets (routed to an internet gateway, mapping public IPs): ${onPublic.join(", ")} ${onPublic.length === 1 ? "is" : "are"} also in publicSubnetIds; list isolated subnets here`,
        });
      }
    }
  }
  return issues;
};

/** Data clients must be declared services; access points must exist; storage limits must be consistent. */
const dataReferences: Rule = (cfg) => {
  const services = completeServices(cfg);
  if (!services) return [];
  const names = new Set(services.map((s) => s.name));
  const issues: RuleIssue[] = [];
  const checkClients = (section: "database" | "cache", clients: readonly string[]) =>
    clients.forEach((c, i) => {
      if (!names.has(c)) issues.push({ path: [section, "clients", i], message: `unknown service "${c}"; services: ${[...names].join(", ")}` });
    });
  if (cfg.database) {
    checkClients("database", cfg.database.clients);
    if (cfg.database.maxAllocatedStorageGb < cfg.database.allocatedStorageGb) {
      issues.push({ path: ["database", "maxAllocatedStorageGb"], message: `must be at least allocatedStorageGb (${cfg.database.allocatedStorageGb})` });
    }
    if (cfg.stage !== "dev" && cfg.database.backupRetentionDays !== undefined && cfg.database.backupRetentionDays < 7) {
      issues.push({ path: ["database", "backupRetentionDays"], message: `outside dev keep backups at least 7 days; got ${cfg.database.backupRetentionDays}` });
    }
    if (cfg.stage === "prod" && cfg.database.multiAz === false) issues.push({ path: ["database", "multiAz"], message: "prod databases must be Multi-AZ" });
    if (cfg.stage === "prod" && cfg.database.deletionProtection === false) issues.push({ path: ["database", "deletionProtection"], message: "prod databases must keep deletion protection" });
  }
  if (cfg.cache) {
    checkClients("cache", cfg.cache.clients);
    if (cfg.stage === "prod" && cfg.cache.replicas === 0) issues.push({ path: ["cache", "replicas"], message: "prod caches need at least 1 replica for automatic failover" });
  }
  if (cfg.fileSystem) {
    const points = Object.keys(cfg.fileSystem.accessPoints);
    for (const [service, list] of Object.entries(cfg.fileSystem.clients)) {
      if (!names.has(service)) issues.push({ path: ["fileSystem", "clients", service], message: `unknown service "${service}"; services: ${[...names].join(", ")}` });
      list.forEach((ap, i) => {
        if (!points.includes(ap)) issues.push({ path: ["fileSystem", "clients", service, i], message: `unknown access point "${ap}"; declared: ${points.join(", ")}` });
      });
    }
  }
  return issues;
};

export const RULES: readonly Rule[] = [
  dataReferences,
  networkFits,
  prodNeedsTwoAzs,
  prodKeepsLogsAYear,
  prodServesItsOwnCertificate,
  azsBelongToRegion,
  uniqueServiceNames,
  reservedServiceNames,
  noIgnoredSettings,
  noSecretValues,
  ...SERVICE_RULES,
  fargateMemoryFitsCpu,
  bucketAccessReferencesBuckets,
  secretKeysUnique,
  buildArgsAreNotSecrets,
  reservedBucketKeys,
  endpointOverridesOnly,
  lockTableOnlyWhenUsed,
  derivedNamesFit,
  frontendIssues,
  alarmIssues,
  encryptionIssues,
];

export function checkRules(cfg: PartialConfig, environment: string): RuleIssue[] {
  return RULES.flatMap((rule) => rule(cfg, environment));
}
