import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";
import { checkContainer } from "./container-properties";

/** root by name or uid, alone or with any group. */
const ROOT = /^(?:root|0)(?::.*)?$/;

export const batchNonRootUser: ResourceRule = {
  id: "BATCH-05",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Batch job containers must run as a non-root user",
  rationale: "Without user the container runs as the image's user, root in most images: code execution in the job is root inside the container, which makes every container escape and every writable mount worse.",
  fix: "Set user in container_properties to a non-root name, uid or uid:gid (services.<name>.container.user).",
  resourceTypes: ["aws_batch_job_definition"],
  check: (job) =>
    checkContainer(job, (c) => {
      const v = str(c.user);
      if (v === UNKNOWN) return { detail: "user is only known after apply", unknown: true };
      if (v === undefined || v.trim() === "") return { detail: "no user: the container runs as the image's user (root in most images)" };
      return ROOT.test(v.trim()) ? { detail: `user is "${v}" (root)` } : undefined;
    }),
};
