/** Running the real Terraform CLI from tests. */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The terraform binary, resolved once from this process's PATH (tests may run it with another PATH). */
export const TERRAFORM_BIN =
  (process.env.PATH ?? "")
    .split(path.delimiter)
    .map((dir) => path.join(dir, "terraform"))
    .find((candidate) => fs.existsSync(candidate)) ?? "terraform";

export interface TfResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Run terraform in `dir`. The environment never lets the AWS SDK reach a real
 * endpoint: every service defaults to a closed loopback port, one attempt only.
 */
export function terraform(dir: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<TfResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM_BIN, [...args], {
      cwd: dir,
      env: { ...process.env, ...SAFE_AWS_ENV, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** Fake credentials and a dead default endpoint: any AWS call not pointed at an emulator fails at once, locally. */
export const SAFE_AWS_ENV: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: "AKIAFAKEFAKEFAKEFAKE",
  AWS_SECRET_ACCESS_KEY: "fake-secret-key-for-offline-tests",
  AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  AWS_MAX_ATTEMPTS: "1",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_PROFILE: "",
  AWS_CONFIG_FILE: "/dev/null",
  AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
};

export function expectOk(r: TfResult, what: string): TfResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  return r;
}

export interface RunningTerraform {
  /** Resolves when the output so far matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Write to the process's standard input (e.g. an answer to a prompt). */
  answer(text: string): void;
  readonly done: Promise<TfResult>;
}

/** Start terraform and keep its standard input open, for interactive runs that hold the state lock. */
export function startTerraform(dir: string, args: readonly string[], env: NodeJS.ProcessEnv): RunningTerraform {
  const child = spawn(TERRAFORM_BIN, [...args], { cwd: dir, env: { ...process.env, ...SAFE_AWS_ENV, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const onData = () => listeners.forEach((l) => l());
  child.stdout.on("data", (d) => ((stdout += d), onData()));
  child.stderr.on("data", (d) => ((stderr += d), onData()));
  const done = new Promise<TfResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (onData(), resolve({ code: code ?? -1, stdout, stderr })));
  });
  return {
    done,
    answer: (text) => child.stdin.write(text),
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => (listeners.delete(check), reject(new Error(`timed out waiting for ${pattern}:\n${stdout}\n${stderr}`))), timeoutMs);
        const check = () => {
          if (pattern.test(stdout + stderr)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (child.exitCode !== null) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`terraform exited before ${pattern}:\n${stdout}\n${stderr}`));
          }
        };
        listeners.add(check);
        check();
      }),
  };
}
