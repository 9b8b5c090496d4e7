/**
 * `platform redeploy <service>`: a new deployment of a running service without
 * a config change (the seeds' `aws ecs update-service --force-new-deployment`;
 * App Runner's start-deployment), waiting until it is stable.
 */
import { UsageError } from "../../config/errors";
import { aws, ok } from "../aws";
import type { Workspace } from "../workspace";

export async function redeploy(ws: Workspace, service: string): Promise<{ service: string; compute: string }> {
  const c = ws.config;
  const s = c.services.find((x) => x.name === service);
  const running = c.services.filter((x) => x.compute === "apprunner" || (x.kind !== "task" && x.kind !== "job")).map((x) => x.name);
  if (!s || !running.includes(service)) throw new UsageError(`"${service}" is not a running service of ${c.environment}; services: ${running.join(", ")}`);
  const state = await ws.state("services");
  if (!state.deployed) throw new UsageError(`the services phase of ${c.environment} is not deployed; deploy it first (platform deploy ${c.environment})`);
  const region = ["--region", c.region];
  if (s.compute === "apprunner") {
    const arn = (state.outputs.apprunner_service_arns as Record<string, string>)[service];
    ok(await aws(["apprunner", "start-deployment", ...region, "--service-arn", arn, "--query", "OperationId", "--output", "text"], ws.env), `redeploying ${service}`);
    return { service, compute: "apprunner" };
  }
  const cluster = state.outputs.ecs_cluster_name as string;
  ok(await aws(["ecs", "update-service", ...region, "--cluster", cluster, "--service", service, "--force-new-deployment", "--query", "service.serviceName", "--output", "text"], ws.env), `redeploying ${service}`);
  ok(await aws(["ecs", "wait", "services-stable", ...region, "--cluster", cluster, "--services", service], ws.env), `waiting for ${service} to be stable`);
  return { service, compute: "ecs" };
}
