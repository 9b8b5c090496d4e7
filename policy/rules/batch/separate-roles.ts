import type { ResourceRule, Violation } from "../../types";
import { checkContainer } from "./container-properties";

const isSet = (v: unknown) => v !== undefined && v !== null && v !== "";

export const batchSeparateRoles: ResourceRule = {
  id: "BATCH-06",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Batch jobs must set a job role and an execution role, and they must differ",
  rationale: "The execution role pulls the image, writes the logs and reads every injected secret; the job's code must not inherit it. A job role of its own gives the code exactly the access it needs, and Fargate jobs need the execution role to start at all.",
  fix: "Set jobRoleArn and executionRoleArn in container_properties to two different roles (BatchJob refuses the same role; the foundation creates both per job).",
  resourceTypes: ["aws_batch_job_definition"],
  check: (job) =>
    checkContainer(job, (c) => {
      const { jobRoleArn: role, executionRoleArn: exec } = c;
      const out: Violation[] = [];
      if (!isSet(role)) out.push({ detail: "no jobRoleArn" });
      if (!isSet(exec)) out.push({ detail: "no executionRoleArn" });
      if (out.length === 0 && role === exec) out.push({ detail: `jobRoleArn and executionRoleArn are both ${String(role)}` });
      return out;
    }),
};
