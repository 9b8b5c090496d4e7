/**
 * How a service reaches the data stores it is a client of, as container
 * settings: connection variables in plain environment and EFS access points as
 * volumes. No database password is injected: RDS rotates the managed master
 * password (every 7 days by default) and a task would keep the old one until it
 * restarts. Instead the application authenticates per connection:
 *
 * - `DB_AUTH=iam` (database.iamAuthentication): an IAM token generated for each
 *   new connection with the task role (`rds-db:connect`), valid 15 minutes, never
 *   stored; through the RDS Proxy in prod.
 * - `DB_AUTH=secret`: the password read from `DB_SECRET_ARN` (the RDS-managed
 *   secret, which the task role may read) when a connection is opened, cached,
 *   and read again after an authentication failure.
 */
import type { ResolvedConfig } from "../config/defaults";
import type { FoundationContract } from "./contracts";
import type { Upstream } from "./upstream";

export interface DataConnections {
  readonly environment: Record<string, string>;
  readonly efsVolumes: Array<{ name: string; fileSystemId: string; accessPointId: string; containerPath: string }>;
}

export function dataConnections(c: ResolvedConfig, service: string, foundation: Upstream<typeof FoundationContract>): DataConnections {
  const out: DataConnections = { environment: {}, efsVolumes: [] };
  if (c.database?.clients.includes(service)) {
    Object.assign(out.environment, {
      DB_HOST: foundation.get("database_endpoint"),
      DB_PORT: foundation.get("database_port"),
      DB_NAME: foundation.get("database_name"),
      DB_USERNAME: foundation.get("database_username"),
      DB_SSLMODE: "require",
      ...(c.database.iamAuthentication ? { DB_AUTH: "iam" } : { DB_AUTH: "secret", DB_SECRET_ARN: foundation.get("database_secret_arn") }),
    });
  }
  if (c.cache?.clients.includes(service)) {
    Object.assign(out.environment, {
      REDIS_HOST: foundation.get("cache_endpoint"),
      REDIS_PORT: foundation.get("cache_port"),
      REDIS_USERNAME: foundation.get("cache_username"),
      REDIS_TLS: "true",
      REDIS_AUTH: "iam",
    });
  }
  for (const ap of c.fileSystem?.clients[service] ?? []) {
    out.efsVolumes.push({
      name: `efs-${ap}`,
      fileSystemId: foundation.get("file_system_id"),
      accessPointId: foundation.lookup("file_system_access_point_ids", ap),
      containerPath: c.fileSystem!.accessPoints[ap].mountPath ?? `/data/${ap}`,
    });
  }
  return out;
}
