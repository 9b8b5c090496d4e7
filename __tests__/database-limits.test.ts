/**
 * What an RDS for PostgreSQL instance class allows (config/database-limits.ts):
 * the nominal memory of the classes the platform knows, and the estimate of
 * max_connections the connection alarm divides by,
 * LEAST((memory − MAX(10 % of memory, 256 MiB)) / 9531392, 5000), rounded down.
 */
import { instanceMemoryGib, KNOWN_CLASS_FAMILIES, postgresMaxConnections } from "../config/database-limits";

describe("instanceMemoryGib", () => {
  it.each([
    ["db.t3.micro", 1],
    ["db.t4g.micro", 1],
    ["db.t4g.small", 2],
    ["db.t3.medium", 4],
    ["db.t4g.large", 8],
    ["db.t3.xlarge", 16],
    ["db.t4g.2xlarge", 32],
  ] as const)("burstable %s: %i GiB", (instanceClass, gib) => {
    expect(instanceMemoryGib(instanceClass)).toBe(gib);
  });

  it.each([
    ["db.m5.large", 8],
    ["db.m7g.large", 8],
    ["db.m6i.xlarge", 16],
    ["db.m8g.4xlarge", 64],
    ["db.r5.large", 16],
    ["db.r6g.xlarge", 32],
    ["db.r6g.2xlarge", 64],
    ["db.r7g.16xlarge", 512],
  ] as const)("general purpose 4 GiB, memory optimized 8 GiB per vCPU: %s has %i GiB", (instanceClass, gib) => {
    expect(instanceMemoryGib(instanceClass)).toBe(gib);
  });
});

describe("postgresMaxConnections", () => {
  it.each([
    // (1 GiB − 256 MiB) / 9531392 = 84.5: 256 MiB is more than 10 % of 1 GiB (RDS reports 81–87)
    ["db.t4g.micro", 84],
    ["db.t3.micro", 84],
    // (2 GiB − 256 MiB) / 9531392 = 197.1: 256 MiB is still more than 10 % of 2 GiB
    ["db.t4g.small", 197],
    ["db.t3.small", 197],
    // 0.9 × 4 GiB / 9531392 = 405.6: from 4 GiB on 10 % is the larger; rounded down
    ["db.t3.medium", 405],
    ["db.t4g.medium", 405],
    ["db.m7g.large", 811],
    ["db.m5.xlarge", 1622],
    ["db.r6g.xlarge", 3244],
    // 0.9 × 64 GiB / 9531392 = 6489: RDS caps it at 5000
    ["db.r6g.2xlarge", 5000],
    ["db.r7g.16xlarge", 5000],
  ] as const)("%s: %i", (instanceClass, connections) => {
    expect(postgresMaxConnections(instanceClass)).toBe(connections);
  });

  it("the cap is reached between 32 and 64 GiB: db.m5.2xlarge 3244, db.m5.4xlarge 5000", () => {
    expect([postgresMaxConnections("db.m5.2xlarge"), postgresMaxConnections("db.m5.4xlarge")]).toEqual([3244, 5000]);
  });

  it.each([
    // families the platform has no memory table for
    "db.x2g.large",
    "db.t2.micro",
    "db.z1d.large",
    // sizes a family does not have
    "db.m7g.medium",
    "db.r6g.micro",
    "db.t3.8xlarge",
    // not an instance class at all
    "m7g.large",
    "db.m7g",
    "",
  ])("%j is unknown: no memory, no estimate", (instanceClass) => {
    expect([instanceMemoryGib(instanceClass), postgresMaxConnections(instanceClass)]).toEqual([undefined, undefined]);
  });

  it("the known families, as the config error names them", () => {
    expect(KNOWN_CLASS_FAMILIES).toBe("db.t3, db.t4g, db.m5…db.m8g, db.r5…db.r8g");
  });
});
