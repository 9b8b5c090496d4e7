import type { ResourceRule } from "../../types";
import { strings } from "../../values";

export const alarmActions: ResourceRule = {
  id: "CW-01",
  checkov: ["CKV_AWS_319"],
  fsbp: ["CloudWatch.15", "CloudWatch.17"],
  level: "error",
  message: "CloudWatch alarms must notify someone: actions enabled and an alarm action",
  rationale: "An alarm without an action (or with actions disabled) changes state where nobody looks; the problem is found by users first.",
  fix: "Set alarm_actions (and ok_actions) to the alert topic and leave actions_enabled true (MetricAlarm does).",
  resourceTypes: ["aws_cloudwatch_metric_alarm"],
  check(alarm) {
    const problems: string[] = [];
    if (alarm.values.actions_enabled === false || alarm.values.actions_enabled === "false") problems.push("actions_enabled is false");
    const actions = strings(alarm.values.alarm_actions);
    if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) problems.push("no alarm_actions");
    return problems.length > 0 ? { detail: problems.join("; ") } : undefined;
  },
};
