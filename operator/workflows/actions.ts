/**
 * The third-party actions the generated workflows use, pinned to a full commit
 * (a tag can be moved; a commit cannot), with the release it is, written beside
 * each `uses:` so Dependabot and reviewers can read it.
 */
export interface PinnedAction {
  readonly uses: string;
  readonly release: string;
}

const pin = (name: string, commit: string, release: string): PinnedAction => ({ uses: `${name}@${commit}`, release });

export const ACTIONS = {
  checkout: pin("actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
  setupNode: pin("actions/setup-node", "39370e3970a6d050c480ffad4ff0ed4d3fdee5af", "v4.1.0"),
  setupTerraform: pin("hashicorp/setup-terraform", "b9cd54a3c349d3f38e8881555d616ced269862dd", "v3.1.2"),
  awsCredentials: pin("aws-actions/configure-aws-credentials", "e3dd6a429d7300a6a4c196c26e071d42e0343502", "v4.0.2"),
  uploadArtifact: pin("actions/upload-artifact", "4cec3d8aa04e39d1a68397de0c4cd6fb9dce8ec1", "v4.6.1"),
  githubScript: pin("actions/github-script", "60a0d83039c74a4aee543508d2ffcb1c3799cdea", "v7.0.1"),
} as const;

/** The Terraform release the workflows install: the one the tests run (README, "Toolchain"). */
export const TERRAFORM_VERSION = "1.11.4";
export const NODE_VERSION = "20";
