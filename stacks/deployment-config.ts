/**
 * The seed scripts' hand-off file: `deployment-config.env` with the image URI and
 * tag of every service, for scripts that deploy or test outside Terraform. Written
 * next to the stacks in the synthesized output (cdktf.out/deployment-config.env).
 * No secrets. With digest pinning the deployed URI is `repository@sha256:…`, known
 * after the images phase: `terraform output -json image_uris` in its stack folder.
 */
import type { ResolvedConfig } from "../config/defaults";

export const DEPLOYMENT_CONFIG_FILE = "deployment-config.env";

/** A name as a shell variable name's part: api-v2 → API_V2. */
export const envName = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export function renderDeploymentConfig(c: ResolvedConfig): string {
  const registry = `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com`;
  const lines = [
    `# Image hand-off for environment ${c.environment}, written at synthesis. No secrets.`,
    `ENVIRONMENT=${c.environment}`,
    `AWS_REGION=${c.region}`,
    `ECR_REGISTRY=${registry}`,
  ];
  for (const s of c.services) {
    const name = envName(s.name);
    lines.push(`${name}_IMAGE_URI=${registry}/${s.repositoryName}:${s.imageTag}`, `${name}_IMAGE_TAG=${s.imageTag}`);
    if (s.image.pinDigest) lines.push(`# ${name}: deployed by digest; see terraform output image_uris of the images stack`);
  }
  return `${lines.join("\n")}\n`;
}
