/**
 * Which part of the environment file a resource comes from. Stacks mark the
 * constructs they build from a config section (`services.0`, `buckets.artifacts`,
 * `database`); at synthesis every resource and data source below the mark gets
 * the dotted path in its `//` comment block (Terraform ignores it), and a policy
 * finding on it names the environment file, line and key, not only the address.
 */
import { Aspects, TerraformDataSource, TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { CONFIG_SOURCE_KEY } from "./model";

class ConfigSource implements IAspect {
  constructor(private readonly path: string) {}

  visit(node: IConstruct): void {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) node.addOverride(`//.${CONFIG_SOURCE_KEY}`, this.path);
  }
}

/** Mark every resource under `scope` (including ones added later) as built from the config at `path`. */
export function fromConfig<T extends IConstruct>(scope: T, path: string): T {
  Aspects.of(scope).add(new ConfigSource(path));
  return scope;
}
