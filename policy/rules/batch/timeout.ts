import type { ResourceRule } from "../../types";
import { block, num, UNKNOWN } from "../../values";

const MIN_SECONDS = 60;

export const batchTimeout: ResourceRule = {
  id: "BATCH-02",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Batch jobs must set an attempt timeout of at least 60 seconds",
  rationale: "Without a timeout a hung attempt runs, and is billed, until someone cancels it, and holds its vCPUs so the queue behind it waits. Batch terminates an attempt at its timeout, which is at least 60 seconds.",
  fix: "Set timeout { attempt_duration_seconds } to the longest a healthy attempt takes, with a margin (services.<name>.timeoutSeconds).",
  resourceTypes: ["aws_batch_job_definition"],
  check(job) {
    const t = block(job.values.timeout);
    if (!t) return { detail: "no timeout: an attempt may run forever" };
    const v = num(t.attempt_duration_seconds);
    if (v === UNKNOWN) return { detail: "timeout.attempt_duration_seconds is only known after apply", unknown: true };
    if (v === undefined) return { detail: "timeout has no attempt_duration_seconds: an attempt may run forever" };
    return v >= MIN_SECONDS ? undefined : { detail: `timeout.attempt_duration_seconds is ${v}; at least ${MIN_SECONDS} required` };
  },
};
