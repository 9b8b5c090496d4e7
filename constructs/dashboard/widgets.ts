/**
 * CloudWatch dashboard widgets (the dashboard body's JSON): a section title, and
 * a graph of metrics with the alarm thresholds that apply drawn as lines.
 * Widgets carry no position: CloudWatch places them in order, left to right,
 * three graphs to a row, each section starting on a new row.
 */

export interface Metric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Sum`, `Maximum`, `Minimum`, or a percentile such as `p90`. */
  readonly stat: string;
  readonly label?: string;
  /** A metric of another region than the graph's (the alert topic's us-east-1 copy). */
  readonly region?: string;
  /** `right` for a metric of another scale than the graph's others. */
  readonly axis?: "right";
}

export interface GraphProps {
  readonly title: string;
  readonly region: string;
  readonly metrics: readonly Metric[];
  /** Seconds per point. @default 300 */
  readonly periodSeconds?: number;
  /** Lines at alarm thresholds (the environment's, from the alarm catalogue). */
  readonly thresholds?: ReadonlyArray<{ readonly label: string; readonly value: number; readonly axis?: "right" }>;
}

export type Widget = Readonly<Record<string, unknown>>;

/** A full-width title that starts a section. */
export function heading(markdown: string): Widget {
  return { type: "text", width: 24, height: 1, properties: { markdown: `## ${markdown}` } };
}

/** A time series of metrics, a third of the dashboard's width. */
export function graph(props: GraphProps): Widget {
  return {
    type: "metric",
    width: 8,
    height: 6,
    properties: {
      title: props.title,
      region: props.region,
      view: "timeSeries",
      stacked: false,
      period: props.periodSeconds ?? 300,
      metrics: props.metrics.map((m) => [m.namespace, m.name, ...Object.entries(m.dimensions).flat(), { stat: m.stat, ...(m.label ? { label: m.label } : {}), ...(m.region ? { region: m.region } : {}), ...(m.axis ? { yAxis: m.axis } : {}) }]),
      yAxis: { left: { min: 0 }, ...(props.metrics.some((m) => m.axis === "right") ? { right: { min: 0 } } : {}) },
      ...(props.thresholds && props.thresholds.length > 0
        ? { annotations: { horizontal: props.thresholds.map((t) => ({ label: t.label, value: t.value, ...(t.axis ? { yAxis: t.axis } : {}) })) } }
        : {}),
    },
  };
}

/** `namespace` metrics that share dimensions: `metrics(ns, dims)("CPUUtilization", "Average", "CPU")`. */
export function metricsOf(namespace: string, dimensions: Readonly<Record<string, string>>) {
  return (name: string, stat: string, label?: string): Metric => ({ namespace, name, dimensions, stat, label });
}
