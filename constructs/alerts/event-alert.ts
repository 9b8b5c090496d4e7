/**
 * Failure events to the alert topic: an EventBridge rule (or an existing one)
 * with a target that publishes a readable sentence instead of the raw event,
 * through an input transformer (`<name>` placeholders filled from JSON paths).
 */
import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";

export interface AlertMessage {
  /** Placeholder name → JSON path in the event, e.g. `{ job: "$.detail.jobName" }`. */
  readonly paths: Readonly<Record<string, string>>;
  /** The sentence, with `<name>` placeholders, e.g. `Batch job <job> failed: <reason>`. */
  readonly template: string;
}

/** A target on `rule` that sends `message` to the topic. */
export function alertTarget(scope: Construct, id: string, rule: CloudwatchEventRule, topicArn: string, message: AlertMessage): CloudwatchEventTarget {
  const unknown = [...message.template.matchAll(/<([A-Za-z0-9_]+)>/g)].map((m) => m[1]).filter((n) => !(n in message.paths));
  if (unknown.length > 0) throw new Error(`${scope.node.path}/${id}: the alert template uses <${unknown.join(">, <")}> without a path`);
  return new CloudwatchEventTarget(scope, id, {
    rule: rule.name,
    arn: topicArn,
    inputTransformer: {
      inputPaths: { ...message.paths },
      // A JSON string: SNS delivers it as the message text.
      inputTemplate: JSON.stringify(message.template),
    },
  });
}

export interface EventAlertProps {
  /** Rule name (at most 64 characters). */
  readonly name: string;
  readonly description: string;
  /** The event pattern, as EventBridge documents it. */
  readonly eventPattern: Record<string, unknown>;
  readonly topicArn: string;
  readonly message: AlertMessage;
}

export class EventAlert extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: EventAlertProps) {
    super(scope, id);
    this.rule = new CloudwatchEventRule(this, "Resource", { name: props.name, description: props.description, eventPattern: JSON.stringify(props.eventPattern) });
    alertTarget(this, "target", this.rule, props.topicArn, props.message);
  }
}
