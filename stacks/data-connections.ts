/**
 * How a service reaches the data stores it is a client of, as container
 * settings: connection variables in plain environment, credentials as secrets
 * read from the RDS-managed secret, EFS access points as volumes.
 */
import type { ResolvedConfig } from "../config/defaults";
import type { ContainerSecret } from "../constructs/fargate-task";
import type { FoundationContract } from "./contracts";
import type { Upstream } from "./upstream";

export interface DataConnections {
  readonly environment: Record<string, string>;
  readonly secrets: ContainerSecret[];
  readonly efsVolumes: Array<{ name: string; fileSystemId: string; accessPointId: string; containerPath: string }>;
}

export function dataConnections(c: ResolvedConfig, service: string, foundation: Upstream<typeof FoundationContract>): DataConnections {
  const out: DataConnections = { environment: {}, secrets: [], efsVolumes: [] };
  if (c.database?.clients.includes(service)) {
    Object.assign(out.environment, {
      DB_HOST: foundation.get("database_endpoint"),
      DB_PORT: foundation.get("database_port"),
      DB_NAME: foundation.get("database_name"),
      DB_SSLMODE: "require",
    });
    const secret = foundation.get("database_secret_arn");
    out.secrets.push({ name: "DB_USERNAME", valueFrom: `${secret}:username::` }, { name: "DB_PASSWORD", valueFrom: `${secret}:password::` });
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
