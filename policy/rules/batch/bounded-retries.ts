import type { ResourceRule } from "../../types";
import { block, num, UNKNOWN } from "../../values";

const MIN_ATTEMPTS = 1;
const MAX_ATTEMPTS = 10;

export const batchBoundedRetries: ResourceRule = {
  id: "BATCH-03",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Batch jobs must set a retry strategy with 1 to 10 attempts",
  rationale: "Fargate capacity and Spot reclaims fail attempts that would succeed on the next try; without a retry strategy such a failure fails the job at once. The attempts are bounded so a job that always fails stops, and evaluate_on_exit keeps application errors from being retried.",
  fix: "Set retry_strategy { attempts (1–10), evaluate_on_exit [...] } (services.<name>.retry).",
  resourceTypes: ["aws_batch_job_definition"],
  check(job) {
    const r = block(job.values.retry_strategy);
    if (!r) return { detail: "no retry_strategy: a transient failure fails the job at once" };
    const v = num(r.attempts);
    if (v === UNKNOWN) return { detail: "retry_strategy.attempts is only known after apply", unknown: true };
    if (v === undefined) return { detail: "retry_strategy has no attempts: a transient failure fails the job at once" };
    return Number.isInteger(v) && v >= MIN_ATTEMPTS && v <= MAX_ATTEMPTS ? undefined : { detail: `retry_strategy.attempts is ${v}; allowed: ${MIN_ATTEMPTS} to ${MAX_ATTEMPTS}` };
  },
};
