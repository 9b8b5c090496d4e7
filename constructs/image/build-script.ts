/**
 * The shell script the images phase runs (Terraform local-exec) to log in to
 * ECR, build for the configured platform and push. Values arrive as environment
 * variables, never spliced into the script. Build arguments live in the
 * environment under a reserved prefix (`BUILD_ARG_<NAME>`, see
 * buildArgEnvironment) and are passed as `--build-arg "NAME=$BUILD_ARG_NAME"`,
 * so an argument named PATH, CONTEXT, IMAGE_URI, HOME or DOCKER_HOST reaches the
 * build as an argument and cannot change the environment the script and docker
 * run in. Uses `docker buildx` when it is installed, else `docker build` +
 * `docker push`.
 */
import type { ResolvedBuild } from "../../config/defaults";

/** Environment prefix of build argument values; none of the script's own variables starts with it. */
export const BUILD_ARG_PREFIX = "BUILD_ARG_";

/** The only names spliced into the script text: the config schema allows nothing else, checked again here. */
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STAGE_NAME = /^[A-Za-z0-9_.-]+$/;

function checkedArgNames(build: ResolvedBuild): string[] {
  const names = Object.keys(build.args).sort();
  const bad = names.filter((n) => !ENV_VAR_NAME.test(n));
  if (bad.length > 0) throw new Error(`build argument names must be environment variable names: ${bad.map((n) => JSON.stringify(n)).join(", ")}`);
  return names;
}

/**
 * The build argument values, each under `BUILD_ARG_<NAME>`, for the local-exec
 * environment. (The config layer has already escaped them for Terraform's
 * templates, see config/literal.ts: docker gets the text the user wrote.)
 */
export function buildArgEnvironment(build: ResolvedBuild): Record<string, string> {
  return Object.fromEntries(checkedArgNames(build).map((name) => [`${BUILD_ARG_PREFIX}${name}`, build.args[name]]));
}

export function buildScript(build: ResolvedBuild): string {
  if (build.target !== undefined && !STAGE_NAME.test(build.target)) throw new Error(`build target must be a stage name: ${JSON.stringify(build.target)}`);
  const flags = [
    ...(build.target ? [`--target ${build.target}`] : []),
    ...checkedArgNames(build).map((name) => `--build-arg "${name}=$${BUILD_ARG_PREFIX}${name}"`),
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
