/**
 * The hand-off file after a deploy: the seed scripts' `deployment-config.env`,
 * complete — what now exists, read from the phases' state outputs: the public
 * URL, the dashboard, each web service's URL, each image's URI and tag, the load
 * balancer, the command that starts each on-demand task. No secrets.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { envName } from "../stacks/deployment-config";
import { DASHBOARD_OUTPUT } from "../stacks/frontend-stack";
import type { PhaseState, Workspace } from "./workspace";

export const HANDOFF_FILE = "deployment-config.env";

const shellValue = (v: string) => (/^[\w@%+=:,./-]*$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export function renderHandoff(environment: string, region: string, states: Partial<Record<"images" | "services" | "frontend", PhaseState>>, at: Date): string {
  const lines = [`# What is deployed in environment ${environment}, written by platform deploy at ${at.toISOString()}. No secrets.`, `ENVIRONMENT=${environment}`, `AWS_REGION=${region}`];
  const add = (key: string, value: unknown) => {
    if (typeof value === "string" && value !== "") lines.push(`${key}=${shellValue(value)}`);
  };
  const map = (value: unknown) => Object.entries((value ?? {}) as Record<string, unknown>);
  const f = states.frontend?.outputs ?? {};
  add("PUBLIC_URL", f.public_url);
  add("DASHBOARD_URL", f[DASHBOARD_OUTPUT]);
  const s = states.services?.outputs ?? {};
  for (const [name, url] of map(s.service_urls)) add(`${envName(name)}_URL`, url);
  add("LOAD_BALANCER_DNS_NAME", s.load_balancer_dns_name);
  add("ECS_CLUSTER", s.ecs_cluster_name);
  const i = states.images?.outputs ?? {};
  for (const [name, uri] of map(i.image_uris)) add(`${envName(name)}_IMAGE_URI`, uri);
  for (const [name, tag] of map(i.image_tags)) add(`${envName(name)}_IMAGE_TAG`, tag);
  for (const [name, command] of map(s.run_task_commands)) add(`${envName(name)}_RUN_TASK`, command);
  return `${lines.join("\n")}\n`;
}

/** Write the hand-off file from the deployed phases' state; returns its path. */
export async function writeHandoff(ws: Workspace, at = new Date()): Promise<string> {
  const states: Partial<Record<"images" | "services" | "frontend", PhaseState>> = {};
  for (const phase of ["images", "services", "frontend"] as const) {
    const state = await ws.state(phase);
    if (state.deployed) states[phase] = state;
  }
  const file = path.join(ws.root, HANDOFF_FILE);
  fs.mkdirSync(ws.root, { recursive: true });
  fs.writeFileSync(file, renderHandoff(ws.config.environment, ws.config.region, states, at));
  return file;
}
