/**
 * What an RDS for PostgreSQL instance class allows, for the alarms that compare
 * a metric with it. RDS sets `max_connections` to
 * `LEAST(DBInstanceClassMemory / 9531392, 5000)`, where DBInstanceClassMemory is
 * the class's memory less what the OS and RDS keep: about a tenth, and at least
 * about a quarter of a GiB on the smallest classes. The estimate takes off the
 * larger of 10 % and 256 MiB (db.t4g.micro ≈ 84, as RDS reports 81–87), so an
 * alarm on a share of it fires early rather than late.
 */

const GIB = 1024 ** 3;

/** Burstable classes by size; general purpose has 4 GiB and memory optimized 8 GiB per vCPU. */
const BURSTABLE_GIB: Readonly<Record<string, number>> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };
const GIB_PER_VCPU: Readonly<Record<"m" | "r", number>> = { m: 4, r: 8 };

/** The class families the platform knows the memory of, for messages. */
export const KNOWN_CLASS_FAMILIES = "db.t3, db.t4g, db.m5…db.m8g, db.r5…db.r8g";

/** Nominal memory of an instance class in GiB; undefined for a class the platform does not know. */
export function instanceMemoryGib(instanceClass: string): number | undefined {
  const m = /^db\.(t3|t4g|([mr])[5-8][a-z]*)\.(micro|small|medium|large|xlarge|(\d+)xlarge)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, kind, size, multiple] = m;
  if (family === "t3" || family === "t4g") return BURSTABLE_GIB[size];
  if (size === "large") return 2 * GIB_PER_VCPU[kind as "m" | "r"];
  if (size === "xlarge" || multiple !== undefined) return 4 * Number(multiple ?? 1) * GIB_PER_VCPU[kind as "m" | "r"];
  return undefined;
}

/** Estimated `max_connections` of RDS for PostgreSQL on this class; undefined when unknown. */
export function postgresMaxConnections(instanceClass: string): number | undefined {
  const gib = instanceMemoryGib(instanceClass);
  if (gib === undefined) return undefined;
  const usable = gib * GIB - Math.max(0.1 * gib * GIB, 256 * 1024 ** 2);
  return Math.min(Math.floor(usable / 9531392), 5000);
}
