/**
 * Amazon Bedrock invoke permissions (seed 004). A cross-region inference profile
 * routes to the profile's model in several regions, so the grant covers the
 * profile and the underlying foundation model in every region.
 */
import { grant, type Grant, type IGrantable } from "./grant";

export interface BedrockAccess {
  readonly models: readonly string[];
  readonly inferenceProfiles: readonly string[];
}

/** Let a principal invoke the models and inference profiles of `access` (a Grant without statements when both lists are empty). */
export function grantBedrockInvoke(grantee: IGrantable, access: BedrockAccess, ctx: { partition: string; region: string; accountId: string }): Grant {
  const modelArn = (region: string, model: string) => `arn:${ctx.partition}:bedrock:${region}::foundation-model/${model}`;
  const resources = [
    ...access.models.map((m) => modelArn(ctx.region, m)),
    ...access.inferenceProfiles.flatMap((p) => [
      `arn:${ctx.partition}:bedrock:${ctx.region}:${ctx.accountId}:inference-profile/${p}`,
      modelArn("*", p.slice(p.indexOf(".") + 1)),
    ]),
  ];
  if (resources.length === 0) return grant(grantee);
  return grant(grantee, { sid: "InvokeBedrockModels", actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], resources });
}
