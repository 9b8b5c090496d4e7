/**
 * `platform run <task>`: starts a one-off task (kind: task, e.g. migrations:
 * seeds 002 and 004) with its service's network settings as the services phase
 * deployed them (private subnets, its security groups, no public IP), streams
 * its logs, and ends with the container's exit code.
 */
import { UsageError } from "../../config/errors";
import { aws, awsStream, ok } from "../aws";
import type { Workspace } from "../workspace";

export interface TaskRun {
  readonly task: string;
  readonly taskArn: string;
  readonly exitCode: number;
  readonly stoppedReason?: string;
}

export async function runTask(ws: Workspace, task: string, log: (line: string) => void, o: { logGraceSeconds?: number } = {}): Promise<TaskRun> {
  const c = ws.config;
  const tasks = c.services.filter((s) => s.kind === "task").map((s) => s.name);
  if (!tasks.includes(task)) throw new UsageError(`"${task}" is not a one-off task of ${c.environment}; tasks: ${tasks.join(", ") || "none"}`);
  const services = await ws.state("services");
  const foundation = await ws.state("foundation");
  if (!services.deployed || !foundation.deployed) throw new UsageError(`the services phase of ${c.environment} is not deployed; deploy it first (platform deploy ${c.environment})`);
  const cluster = services.outputs.ecs_cluster_name as string;
  const subnets = (services.outputs.task_subnet_ids as string[]).join(",");
  const groups = (services.outputs.task_security_group_ids as Record<string, string>)[task];
  const region = ["--region", c.region];
  const taskArn = ok(
    await aws(
      [
        "ecs", "run-task", ...region, "--cluster", cluster, "--task-definition", `${c.names.prefix}-${task}`,
        "--capacity-provider-strategy", "capacityProvider=FARGATE,weight=1",
        "--network-configuration", `awsvpcConfiguration={subnets=[${subnets}],securityGroups=[${groups}],assignPublicIp=DISABLED}`,
        "--started-by", "platform-run", "--query", "tasks[0].taskArn", "--output", "text",
      ],
      ws.env,
    ),
    `starting ${task}`,
  );
  // The container's log stream: <stream prefix = container name>/<container name>/<task id>.
  const taskId = taskArn.split("/").pop()!;
  const group = (foundation.outputs.log_group_names as Record<string, string>)[task];
  const tail = awsStream(["logs", "tail", group, ...region, "--follow", "--format", "short", "--log-stream-names", `${task}/${task}/${taskId}`], ws.env, log);
  try {
    ok(await aws(["ecs", "wait", "tasks-stopped", ...region, "--cluster", cluster, "--tasks", taskArn], ws.env), `waiting for ${task}`);
    // Let the last lines arrive before the tail stops.
    await new Promise((r) => setTimeout(r, (o.logGraceSeconds ?? 2) * 1000));
  } finally {
    tail.kill("SIGTERM");
  }
  const described = ok(
    await aws(["ecs", "describe-tasks", ...region, "--cluster", cluster, "--tasks", taskArn, "--query", "tasks[0].[containers[0].exitCode, stoppedReason]", "--output", "text"], ws.env),
    `reading how ${task} ended`,
  );
  const [code, ...reason] = described.split(/\t/);
  const exitCode = /^\d+$/.test(code) ? Number(code) : 1;
  return { task, taskArn, exitCode, ...(reason.join(" ").trim() && reason.join(" ").trim() !== "None" ? { stoppedReason: reason.join(" ").trim() } : {}) };
}
