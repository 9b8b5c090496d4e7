/**
 * An L1 binding of Terraform's built-in `terraform_data` resource.
 *
 * cdktf ships one (`DataResource`), but its constructor adds a construct
 * validation that spawns `terraform version` in a child process at synthesis,
 * once per resource (~35 ms each, so half the synthesis time with 50 services).
 * This class synthesizes the same JSON and HCL without that validation; the
 * minimum Terraform version (>= 1.4, where `terraform_data` appeared) is
 * enforced by `required_version` in each phase's terraform block instead,
 * which Terraform itself checks at init/plan/apply.
 */
import { Construct } from "constructs";
import { AnyMap, TerraformResource, hashMapper, hashMapperHcl, anyToTerraform, anyToHclTerraform, type TerraformMetaArguments, type LocalExecProvisioner } from "cdktf";

export interface TerraformDataConfig extends TerraformMetaArguments {
  /** Stored in the instance state and reflected in `output` after apply. */
  readonly input?: { [key: string]: unknown };
  /** Stored in the instance state; any change replaces the resource (and re-runs its provisioners). */
  readonly triggersReplace?: { [key: string]: unknown };
}

export class TerraformData extends TerraformResource {
  static readonly tfResourceType = "terraform_data";

  private readonly _input?: { [key: string]: unknown };
  private readonly _triggersReplace?: { [key: string]: unknown };
  private readonly _output = new AnyMap(this, "output");

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: TerraformData.tfResourceType,
      // As cdktf's DataResource: the built-in provider, which needs no provider block.
      terraformGeneratorMetadata: { providerName: "terraform" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    this._input = config.input;
    this._triggersReplace = config.triggersReplace;
  }

  /** The resource's id (a UUID Terraform assigns). */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** `input` as stored in state after apply: `output.lookup("uri")`, or `getStringAttribute("output.uri")` for a string. */
  get output(): AnyMap {
    return this._output;
  }

  get inputInput(): { [key: string]: unknown } | undefined {
    return this._input;
  }

  get triggersReplaceInput(): { [key: string]: unknown } | undefined {
    return this._triggersReplace;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this._input),
      triggers_replace: hashMapper(anyToTerraform)(this._triggersReplace),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapperHcl(anyToHclTerraform)(this._input),
      triggers_replace: hashMapperHcl(anyToHclTerraform)(this._triggersReplace),
    };
  }
}

/**
 * A local-exec provisioner that runs `script` with POSIX sh, its inputs as
 * environment variables (never spliced into the script text).
 */
export function shellStep(script: string, environment: Readonly<Record<string, string>>): LocalExecProvisioner {
  return { type: "local-exec", interpreter: ["/bin/sh", "-c"], command: script, environment: { ...environment } };
}
