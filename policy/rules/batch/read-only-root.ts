import type { ResourceRule } from "../../types";
import { bool, UNKNOWN } from "../../values";
import { checkContainer } from "./container-properties";

export const batchReadOnlyRoot: ResourceRule = {
  id: "BATCH-04",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Batch job containers must mount their root file system read-only",
  rationale: "A writable root lets an attacker who gets code execution replace binaries and persist for the rest of the attempt; writes belong in declared scratch volumes.",
  fix: "Set readonlyRootFilesystem: true in container_properties and mount the paths the job writes as volumes (BatchJob does both; services.<name>.container.writablePaths lists the paths).",
  resourceTypes: ["aws_batch_job_definition"],
  check: (job) =>
    checkContainer(job, (c) => {
      const v = bool(c.readonlyRootFilesystem);
      if (v === UNKNOWN) return { detail: "readonlyRootFilesystem is only known after apply", unknown: true };
      return v === true ? undefined : { detail: v === undefined ? "no readonlyRootFilesystem (AWS default: false)" : "readonlyRootFilesystem is false" };
    }),
};
