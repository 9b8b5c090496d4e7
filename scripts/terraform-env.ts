/**
 * How this project runs Terraform itself (tests, benchmarks, helper scripts).
 *
 * Provider installation: when a filesystem mirror holding hashicorp/aws is found,
 * a CLI config is written that installs hashicorp/* from it (fully offline) with a
 * shared plugin cache, so each `terraform init` only links the 700 MB provider.
 * Found by TF_PROVIDER_MIRROR, else by searching the usual mirror folders. With no
 * mirror, Terraform installs providers normally from the registry.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const MIRROR_VAR = "TF_PROVIDER_MIRROR";
export const AWS_PROVIDER_VERSION = "5.100.0";

/** Folders Terraform itself searches for unpacked provider mirrors, plus common image locations. */
export function mirrorCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = os.homedir();
  return [
    env[MIRROR_VAR],
    env.TF_PLUGIN_MIRROR_DIR,
    path.join(home, ".terraform.d", "plugins"),
    env.XDG_DATA_HOME ? path.join(env.XDG_DATA_HOME, "terraform", "plugins") : path.join(home, ".local", "share", "terraform", "plugins"),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
    "/opt/tf-plugins",
    "/opt/terraform/plugins",
  ].filter((d): d is string => Boolean(d));
}

/** The first folder that holds hashicorp/aws at the pinned version, if any. */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return mirrorCandidates(env).find((dir) =>
    fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws", AWS_PROVIDER_VERSION)),
  );
}

/** The Go garbage collector's target for Terraform and its providers (Go's default is 100). */
export const GOGC = "400";

/**
 * Write a Terraform CLI config into `workDir` and return the environment that
 * uses it. Without a mirror the config only sets the plugin cache.
 */
export function terraformEnv(workDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const mirror = findProviderMirror(env);
  const cacheDir = path.join(workDir, "plugin-cache");
  fs.mkdirSync(cacheDir, { recursive: true });
  const lines = [
    `plugin_cache_dir = ${JSON.stringify(cacheDir)}`,
    "plugin_cache_may_break_dependency_lock_file = true",
  ];
  if (mirror) {
    lines.push(
      "provider_installation {",
      `  filesystem_mirror {\n    path    = ${JSON.stringify(mirror)}\n    include = ["registry.terraform.io/hashicorp/*"]\n  }`,
      `  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }`,
      "}",
    );
  }
  const cliConfig = path.join(workDir, "terraform.rc");
  fs.writeFileSync(cliConfig, `${lines.join("\n")}\n`);
  // Terraform and the AWS provider are Go programs that allocate heavily while loading the
  // provider's schema (every process does): a less eager collector saves about a quarter of
  // their CPU for about a quarter more memory (~380 MB instead of ~310 MB per process).
  return { TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", GOGC: env.GOGC ?? GOGC };
}
