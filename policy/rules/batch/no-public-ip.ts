import type { ResourceRule } from "../../types";
import { block, str, UNKNOWN } from "../../values";
import { checkContainer } from "./container-properties";

export const batchNoPublicIp: ResourceRule = {
  id: "BATCH-01",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Batch jobs must not assign public IPs to their containers",
  rationale: "Jobs run in private subnets and reach AWS through NAT or VPC endpoints; a public IP puts the job's task on the internet, outside the security groups' intent.",
  fix: "Set networkConfiguration.assignPublicIp to \"DISABLED\" in container_properties, or leave it out (Batch's default is DISABLED), and run the compute environment in private subnets.",
  resourceTypes: ["aws_batch_job_definition"],
  check: (job) =>
    checkContainer(job, (c) => {
      const v = str(block(c.networkConfiguration)?.assignPublicIp);
      if (v === UNKNOWN) return { detail: "networkConfiguration.assignPublicIp is only known after apply", unknown: true };
      return v === undefined || v === "DISABLED" ? undefined : { detail: `networkConfiguration.assignPublicIp is "${v}"; allowed: DISABLED` };
    }),
};
