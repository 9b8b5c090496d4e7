/**
 * The environment's CloudWatch dashboard: sections of graphs, one per thing
 * the environment runs, and the console URL that opens it.
 */
import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { Widget } from "./widgets";

export interface DashboardProps {
  /** Dashboard name (letters, digits, `-` and `_`). */
  readonly name: string;
  readonly region: string;
  readonly partition: string;
  /** Sections in order; each a heading and its graphs. */
  readonly sections: ReadonlyArray<readonly Widget[]>;
}

/** The AWS console's host in each partition. */
const CONSOLE_HOSTS: Readonly<Record<string, string>> = { aws: "console.aws.amazon.com", "aws-us-gov": "console.amazonaws-us-gov.com", "aws-cn": "console.amazonaws.cn" };

export class Dashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;
  /** Opens the dashboard in the AWS console. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    this.dashboard = new CloudwatchDashboard(this, "Resource", {
      dashboardName: props.name,
      dashboardBody: JSON.stringify({ widgets: props.sections.flat() }),
    });
    const host = CONSOLE_HOSTS[props.partition] ?? CONSOLE_HOSTS.aws;
    this.url = `https://${props.region}.${host}/cloudwatch/home?region=${props.region}#dashboards/dashboard/${props.name}`;
  }
}
