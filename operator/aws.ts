/**
 * The AWS CLI as the operator's run and redeploy commands use it (the seeds'
 * own commands: aws ecs run-task, aws logs tail, aws ecs update-service
 * --force-new-deployment). Its errors are passed on as they are.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface AwsResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function aws(args: readonly string[], env: NodeJS.ProcessEnv): Promise<AwsResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("aws", [...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err) => reject(new Error(`could not run aws, the AWS CLI (${err.message}); install it and put it on PATH`)));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

/** A long-running aws command whose output lines go to `onLine` until it is stopped. */
export function awsStream(args: readonly string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void): ChildProcess {
  const child = spawn("aws", [...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let pending = "";
  child.stdout?.on("data", (d: Buffer) => {
    const lines = (pending + d.toString()).split("\n");
    pending = lines.pop() ?? "";
    lines.forEach(onLine);
  });
  child.on("error", () => undefined);
  return child;
}

/** Throws with the CLI's own message when it failed. */
export function ok(r: AwsResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed: ${r.stderr || r.stdout || `aws exited with ${r.code}`}`);
  return r.stdout;
}
