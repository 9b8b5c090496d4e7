/**
 * Publishes a built single-page app to its bucket at deploy: a `terraform_data`
 * resource replaced whenever the content hash changes (and so only then) runs
 * the publish script with the AWS CLI:
 *
 * 1. the build, when there is one, in its working directory;
 * 2. hashed files (the `immutable` patterns) first, cached a year as immutable,
 *    so the new index never points at a file not yet uploaded;
 * 3. every other file, index document included, with `no-cache` (browsers and
 *    the CDN revalidate by ETag), always copied;
 * 4. files the new build no longer has are deleted;
 * 5. the distribution is invalidated.
 *
 * Any failing step fails the phase with the tool's own message; the record is
 * then tainted, so the next deploy publishes again. Values reach the script as
 * environment variables; only the validated file patterns are part of its text.
 */
import { Construct } from "constructs";
import type { ResolvedAssets } from "../../config/frontend";
import { shellStep, TerraformData } from "../terraform-data";
import { fromStackFolder } from "../stack-folder";

const PATTERN = /^[A-Za-z0-9_.*?/@-]+$/;

export interface SiteAssetsProps {
  readonly assets: ResolvedAssets;
  readonly bucketName: string;
  readonly distributionId: string;
  readonly indexDocument: string;
  readonly region: string;
}

/** The publish script (POSIX sh); inputs arrive as environment variables. */
export function publishScript(immutable: readonly string[]): string {
  const bad = immutable.filter((p) => !PATTERN.test(p));
  if (bad.length > 0 || immutable.length === 0) throw new Error(`immutable file patterns must match ${PATTERN}: ${JSON.stringify(bad)}`);
  const include = immutable.map((p) => `--include '${p}'`).join(" ");
  const exclude = immutable.map((p) => `--exclude '${p}'`).join(" ");
  return [
    "set -eu",
    'command -v aws >/dev/null 2>&1 || { echo "frontend phase: aws (the AWS CLI) is not on PATH; install it to publish the site" >&2; exit 127; }',
    'if [ -n "$BUILD_COMMAND" ]; then',
    '  echo "frontend phase: building the site in $BUILD_DIR" >&2',
    '  (cd "$BUILD_DIR" && sh -c "$BUILD_COMMAND")',
    "fi",
    '[ -f "$SITE_DIR/$INDEX_DOCUMENT" ] || { echo "frontend phase: $SITE_DIR has no $INDEX_DOCUMENT; is frontend.assets.directory the build output?" >&2; exit 1; }',
    'target="s3://$BUCKET"',
    `aws s3 sync "$SITE_DIR" "$target" --region "$AWS_REGION" --only-show-errors --exclude '*' ${include} --cache-control 'public, max-age=31536000, immutable'`,
    `aws s3 cp "$SITE_DIR" "$target" --recursive --region "$AWS_REGION" --only-show-errors ${exclude} --cache-control 'no-cache'`,
    // --size-only: this pass only deletes; it never re-uploads a file (without its cache headers) for a newer local clock.
    'aws s3 sync "$SITE_DIR" "$target" --region "$AWS_REGION" --only-show-errors --size-only --delete',
    'aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths "/*" --query Invalidation.Id --output text',
  ].join("\n");
}

export class SiteAssets extends Construct {
  readonly record: TerraformData;

  constructor(scope: Construct, id: string, props: SiteAssetsProps) {
    super(scope, id);
    const a = props.assets;
    this.record = new TerraformData(this, "Resource", {
      input: { hash: a.hash, bucket: props.bucketName },
      // New content, another bucket or another distribution: publish again.
      triggersReplace: { hash: a.hash, bucket: props.bucketName, distribution: props.distributionId },
      provisioners: [
        shellStep(publishScript(a.immutable), {
          SITE_DIR: fromStackFolder(this, a.directory),
          BUILD_DIR: a.build ? fromStackFolder(this, a.build.workingDirectory) : "",
          BUILD_COMMAND: a.build?.command ?? "",
          BUCKET: props.bucketName,
          DISTRIBUTION_ID: props.distributionId,
          INDEX_DOCUMENT: props.indexDocument,
          AWS_REGION: props.region,
        }),
      ],
    });
  }
}
