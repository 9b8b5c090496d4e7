import type { ResourceRule } from "../../types";
import { str } from "../../values";

export const snsEncryptedTopic: ResourceRule = {
  id: "SNS-01",
  checkov: ["CKV_AWS_26"],
  fsbp: ["SNS.1"],
  level: "error",
  message: "SNS topics must be encrypted with a customer managed KMS key",
  rationale: "Alerts carry resource names and error messages; and the AWS-managed aws/sns key does not let CloudWatch alarms or EventBridge publish to the topic, so alerts would be lost silently.",
  fix: "Set kms_master_key_id to a customer managed key whose policy allows cloudwatch.amazonaws.com and events.amazonaws.com (AlertTopic does).",
  resourceTypes: ["aws_sns_topic"],
  check(topic) {
    const key = str(topic.values.kms_master_key_id);
    if (key === undefined || key === "") return { detail: "kms_master_key_id is not set" };
    if (typeof key === "string" && /(^|:)alias\/aws\/sns$/.test(key)) return { detail: "kms_master_key_id is the AWS-managed alias/aws/sns key" };
    return undefined;
  },
};
