/**
 * On-demand prices, in US dollars, for the resources the platform creates, as
 * data with where they come from and when they were read. Only the regions
 * listed are known; an estimate elsewhere says so rather than guessing.
 * Monthly figures use AWS's 730 hours a month.
 */

export const HOURS_PER_MONTH = 730;

export interface PriceBook {
  /** Where the figures were read, and when. */
  readonly source: string;
  readonly asOf: string;
  readonly regions: readonly string[];
  readonly fargate: {
    readonly X86_64: { readonly vcpuHour: number; readonly gbHour: number };
    readonly ARM64: { readonly vcpuHour: number; readonly gbHour: number };
    /** Fargate Spot, as a share of the on-demand price (it varies; AWS quotes up to 70 % off). */
    readonly spotShare: number;
  };
  readonly appRunner: { readonly provisionedGbHour: number; readonly activeVcpuHour: number };
  readonly loadBalancerHour: number;
  readonly natGatewayHour: number;
  readonly publicIpv4Hour: number;
  /** Per endpoint and Availability Zone. */
  readonly interfaceEndpointHour: number;
  /** PostgreSQL, single-AZ, per hour; Multi-AZ doubles it. */
  readonly rdsPostgresHour: Readonly<Record<string, number>>;
  /** gp3, per GB-month, single-AZ; Multi-AZ doubles it. */
  readonly rdsGp3GbMonth: number;
  /** Per vCPU-hour of the instance behind the proxy (at least 2 vCPUs billed). */
  readonly rdsProxyVcpuHour: number;
  readonly rdsVcpus: Readonly<Record<string, number>>;
  /** Per node-hour. */
  readonly elastiCacheHour: Readonly<Record<string, number>>;
  readonly kmsKeyMonth: number;
  readonly secretMonth: number;
  readonly alarmMonth: number;
  /** Beyond the first three of the account. */
  readonly dashboardMonth: number;
  readonly wafWebAclMonth: number;
  /** A Route 53 hosted zone (Cloud Map's private DNS namespace creates one). */
  readonly hostedZoneMonth: number;
  readonly wafRuleMonth: number;
}

export const PRICES: PriceBook = {
  source: "AWS pricing pages (aws.amazon.com/<service>/pricing), on-demand, US East (N. Virginia); US East (Ohio) and US West (Oregon) charge the same for these items",
  asOf: "2025-06",
  regions: ["us-east-1", "us-east-2", "us-west-2"],
  fargate: { X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 }, spotShare: 0.3 },
  appRunner: { provisionedGbHour: 0.007, activeVcpuHour: 0.064 },
  loadBalancerHour: 0.0225,
  natGatewayHour: 0.045,
  publicIpv4Hour: 0.005,
  interfaceEndpointHour: 0.01,
  rdsPostgresHour: {
    "db.t4g.micro": 0.016, "db.t4g.small": 0.032, "db.t4g.medium": 0.065, "db.t4g.large": 0.129,
    "db.t3.micro": 0.018, "db.t3.small": 0.036, "db.t3.medium": 0.072, "db.t3.large": 0.145,
    "db.m7g.large": 0.168, "db.m7g.xlarge": 0.337, "db.m6g.large": 0.159, "db.m6i.large": 0.178,
    "db.r7g.large": 0.239, "db.r6g.large": 0.225,
  },
  rdsGp3GbMonth: 0.115,
  rdsProxyVcpuHour: 0.015,
  rdsVcpus: {
    "db.t4g.micro": 2, "db.t4g.small": 2, "db.t4g.medium": 2, "db.t4g.large": 2, "db.t3.micro": 2, "db.t3.small": 2, "db.t3.medium": 2, "db.t3.large": 2,
    "db.m7g.large": 2, "db.m7g.xlarge": 4, "db.m6g.large": 2, "db.m6i.large": 2, "db.r7g.large": 2, "db.r6g.large": 2,
  },
  elastiCacheHour: {
    "cache.t4g.micro": 0.016, "cache.t4g.small": 0.032, "cache.t4g.medium": 0.065, "cache.t3.micro": 0.017, "cache.t3.small": 0.034, "cache.t3.medium": 0.068,
    "cache.m7g.large": 0.158, "cache.m6g.large": 0.149, "cache.r7g.large": 0.219,
  },
  kmsKeyMonth: 1,
  secretMonth: 0.4,
  alarmMonth: 0.1,
  dashboardMonth: 3,
  wafWebAclMonth: 5,
  hostedZoneMonth: 0.5,
  wafRuleMonth: 1,
};
