/**
 * The catalogue's alarms (config/alarms.ts) of one resource: the kinds the
 * environment keeps on, each with the resource's metric, addressed
 * `<idPrefix><kind>[_<suffix>]_alarm` and named `<namePrefix>-<kind>[-<suffix>]`.
 */
import type { Construct, IConstruct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { alarmId, alarmName, alarmSpec, CORE_ALARM_KINDS, type AlarmFacts, type AlarmKind, type AlarmsConfig } from "../../config/alarms";
import type { Stage } from "../../config/schema";
import { suppressRule } from "../../policy/suppress";
import { MetricAlarm, type AlarmMetric, type MetricAlarmProps } from "./metric-alarm";

export type KindMetrics = ReadonlyArray<readonly [AlarmKind, MetricAlarmProps["metric"]]>;

export interface CatalogueAlarmsProps {
  /** Start of each construct id, e.g. `api_` (empty where the kind names the resource: `database_cpu`). */
  readonly idPrefix: string;
  /** Start of each alarm name, e.g. `shop-prod-api`. */
  readonly namePrefix: string;
  /** End of each id and name, e.g. a cache node's `001`. */
  readonly suffix?: string;
  readonly topicArn: string;
  /** The environment's changes to the catalogue (`alarms`), over its stage's values. */
  readonly overrides: AlarmsConfig;
  readonly stage: Stage;
  /** What the environment runs that changes a default (storage autoscaling). */
  readonly facts?: AlarmFacts;
  readonly metrics: KindMetrics;
  /** The resource the alarms watch: a core alarm switched off suppresses policy rule CW-02 on it, with the config's reason. */
  readonly watched: IConstruct;
  /** For alarms on metrics of another region (CloudFront's live in us-east-1). */
  readonly provider?: TerraformProvider;
}

export function catalogueAlarms(scope: Construct, props: CatalogueAlarmsProps): MetricAlarm[] {
  return props.metrics.flatMap(([kind, metric]) => {
    const spec = alarmSpec(kind, props.overrides, props.stage, props.facts);
    if (!spec) {
      if (CORE_ALARM_KINDS.has(kind)) suppressRule(props.watched, "CW-02", `alarms.${kind} is off: ${props.overrides[kind]?.reason}`);
      return [];
    }
    const id = `${props.idPrefix}${alarmId(kind)}`;
    const end = props.suffix === undefined ? "" : `_${props.suffix}`;
    return [new MetricAlarm(scope, `${id}${end}_alarm`, { name: `${props.namePrefix}-${alarmName(kind)}${end.replace("_", "-")}`, spec, metric, topicArn: props.topicArn, provider: props.provider })];
  });
}

/** `IF(requests >= minimum, 100 * part / requests, 0)`: a share that stays 0 while traffic is too thin to judge. */
export function shareOfRequests(part: AlarmMetric, requests: AlarmMetric, minimum: number, label: string): MetricAlarmProps["metric"] {
  return { expression: `IF(requests >= ${minimum}, 100 * part / requests, 0)`, label, metrics: { part, requests } };
}
