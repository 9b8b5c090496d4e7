/**
 * The shell script the images phase runs (Terraform local-exec) to log in to
 * ECR, build for the configured platform and push. Values arrive as environment
 * variables, never spliced into the script; build arguments are passed by name
 * (`--build-arg NAME` reads NAME from the environment). Uses `docker buildx` when
 * it is installed, else `docker build` + `docker push`.
 */
import type { ResolvedBuild } from "../../config/defaults";

export function buildScript(build: ResolvedBuild): string {
  const flags = [
    ...(build.target ? [`--target ${build.target}`] : []),
    ...Object.keys(build.args)
      .sort()
      .map((name) => `--build-arg ${name}`),
  ].join(" ");
  const opts = `--platform "$PLATFORM" --file "$CONTEXT/$DOCKERFILE"${flags ? ` ${flags}` : ""} --tag "$IMAGE_URI"`;
  return [
    "set -eu",
    'for tool in docker aws; do command -v "$tool" >/dev/null 2>&1 || { echo "images phase: $tool is not on PATH; install it, or deploy a prebuilt tag (image.tag / image.tagEnvVar)" >&2; exit 127; }; done',
    'aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "$REGISTRY"',
    "if docker buildx version >/dev/null 2>&1; then",
    `  docker buildx build ${opts} --push "$CONTEXT"`,
    "else",
    `  docker build ${opts} "$CONTEXT"`,
    '  docker push "$IMAGE_URI"',
    "fi",
  ].join("\n");
}
