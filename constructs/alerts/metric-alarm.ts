/**
 * A CloudWatch alarm from the platform's catalogue (config/alarms.ts) that tells
 * the alert topic when it fires and when it recovers. A metric is one statistic
 * of one metric, or a small expression over metrics (`expression`).
 */
import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AlarmSpec } from "../../config/alarms";

export interface AlarmMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Sum`, `Maximum`, or a percentile such as `p90`. */
  readonly statistic: string;
}

export interface MetricAlarmProps {
  /** Alarm name (at most 255 characters). */
  readonly name: string;
  readonly spec: AlarmSpec;
  /** One metric, or named metrics with an expression over them (e.g. `desired - running`). */
  readonly metric: AlarmMetric | { readonly expression: string; readonly label: string; readonly metrics: Readonly<Record<string, AlarmMetric>> };
  readonly topicArn: string;
  /** The alarm's region when it is not the stack's (the topic must be in the same region). */
  readonly provider?: TerraformProvider;
}

export class MetricAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: MetricAlarmProps) {
    super(scope, id);
    const s = props.spec;
    const common = {
      alarmName: props.name,
      alarmDescription: `${s.summary}: ${s.comparison === "LessThanThreshold" ? "below" : "above"} ${s.threshold} ${s.unit} for ${s.evaluationPeriods} × ${s.periodSeconds / 60} min`,
      comparisonOperator: s.comparison,
      threshold: s.threshold,
      evaluationPeriods: s.evaluationPeriods,
      datapointsToAlarm: s.evaluationPeriods,
      treatMissingData: s.treatMissingData,
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
      actionsEnabled: true,
      provider: props.provider,
    };
    const m = props.metric;
    if ("expression" in m) {
      this.alarm = new CloudwatchMetricAlarm(this, "Resource", {
        ...common,
        metricQuery: [
          { id: "result", expression: m.expression, label: m.label, returnData: true },
          ...Object.entries(m.metrics).map(([id, x]) => ({
            id,
            returnData: false,
            metric: { namespace: x.namespace, metricName: x.metricName, dimensions: { ...x.dimensions }, period: s.periodSeconds, stat: x.statistic },
          })),
        ],
      });
      return;
    }
    const percentile = /^p\d+(\.\d+)?$/.test(m.statistic);
    this.alarm = new CloudwatchMetricAlarm(this, "Resource", {
      ...common,
      namespace: m.namespace,
      metricName: m.metricName,
      dimensions: { ...m.dimensions },
      period: s.periodSeconds,
      ...(percentile ? { extendedStatistic: m.statistic } : { statistic: m.statistic }),
    });
  }
}
