import type { ResourceRule } from "../../types";
import { bool, UNKNOWN } from "../../values";
import { checkContainer } from "./container-properties";

export const batchNoPrivileged: ResourceRule = {
  id: "BATCH-07",
  checkov: ["CKV_AWS_210"],
  fsbp: [],
  level: "error",
  message: "Batch job containers must not run privileged",
  rationale: "A privileged container has root on its host: every device, every kernel capability, and the other jobs placed there.",
  fix: "Remove privileged: true from container_properties (BatchJob writes privileged: false).",
  resourceTypes: ["aws_batch_job_definition"],
  check: (job) =>
    checkContainer(job, (c) => {
      const v = bool(c.privileged);
      if (v === UNKNOWN) return { detail: "privileged is only known after apply", unknown: true };
      return v === true ? { detail: "the container is privileged" } : undefined;
    }),
};
