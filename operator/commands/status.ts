/**
 * `platform status`: which phases are deployed, with which contract version and
 * state serial, when their state was last written, the image tags the images
 * phase deployed, and the URLs that exist.
 */
import { STACK_ORDER } from "../phases";
import type { StackName } from "../../stacks/phases";
import type { Workspace } from "../workspace";

export interface PhaseStatus {
  readonly phase: StackName;
  readonly deployed: boolean;
  readonly contractVersion?: number;
  readonly serial?: number;
  /** When the phase's state was last written (ISO 8601, UTC); absent when the AWS CLI cannot tell. */
  readonly lastWritten?: string;
}

export interface EnvironmentStatus {
  readonly environment: string;
  readonly phases: readonly PhaseStatus[];
  readonly imageTags: Readonly<Record<string, string>>;
  readonly publicUrl?: string;
  readonly serviceUrls: Readonly<Record<string, string>>;
}

export async function status(ws: Workspace): Promise<EnvironmentStatus> {
  const phases: PhaseStatus[] = [];
  let imageTags: Record<string, string> = {};
  let serviceUrls: Record<string, string> = {};
  let publicUrl: string | undefined;
  for (const phase of STACK_ORDER) {
    const s = await ws.state(phase);
    if (!s.deployed) {
      phases.push({ phase, deployed: false });
      continue;
    }
    const lastWritten = await ws.lastWritten(phase);
    phases.push({ phase, deployed: true, contractVersion: s.contractVersion, serial: s.serial, ...(lastWritten ? { lastWritten } : {}) });
    if (phase === "images") imageTags = (s.outputs.image_tags ?? {}) as Record<string, string>;
    if (phase === "services") serviceUrls = (s.outputs.service_urls ?? {}) as Record<string, string>;
    if (phase === "frontend") publicUrl = s.outputs.public_url as string | undefined;
  }
  return { environment: ws.config.environment, phases, imageTags, serviceUrls, ...(publicUrl ? { publicUrl } : {}) };
}

export function renderStatus(s: EnvironmentStatus): string {
  const lines = [
    `Status of ${s.environment}:`,
    "",
    "| phase | deployed | contract | state serial | last written (UTC) |",
    "| --- | --- | --- | ---: | --- |",
    ...s.phases.map((p) => `| ${p.phase} | ${p.deployed ? "yes" : "no"} | ${p.contractVersion !== undefined ? `v${p.contractVersion}` : "-"} | ${p.serial ?? "-"} | ${p.lastWritten ? p.lastWritten.replace("T", " ").replace(/\.\d+Z$/, "") : "-"} |`),
  ];
  const tags = Object.entries(s.imageTags);
  if (tags.length > 0) lines.push("", `images: ${tags.map(([k, v]) => `${k}:${v}`).join(", ")}`);
  const urls = Object.entries(s.serviceUrls);
  if (urls.length > 0) lines.push(`services: ${urls.map(([k, v]) => `${k} ${v}`).join(", ")}`);
  if (s.publicUrl) lines.push(`public URL: ${s.publicUrl}`);
  return lines.join("\n");
}
