/**
 * Phase 1: what must exist before images and services — an ECR repository per
 * service image and the application buckets. Later issues add network, data,
 * secrets and identity here.
 */
import type { Construct } from "constructs";
import { SecureBucket } from "../constructs/secure-bucket";
import { ServiceRepository } from "../constructs/service-repository";
import { FoundationContract } from "./contracts";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

export class FoundationStack extends PhaseStack {
  readonly repositories: ReadonlyMap<string, ServiceRepository>;
  readonly buckets: ReadonlyMap<string, SecureBucket>;

  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "foundation", props);
    const c = this.config;
    const p = c.protection;

    this.repositories = new Map(
      c.services.map((s) => [
        s.name,
        new ServiceRepository(this, `${s.name}_repository`, {
          repositoryName: s.repositoryName,
          imageTagMutability: p.imageTagMutability,
          keepLastImages: p.ecrKeepLastImages,
          untaggedExpiryDays: p.ecrUntaggedExpiryDays,
          forceDelete: p.forceDestroy,
        }),
      ]),
    );
    this.buckets = new Map(
      c.buckets.map((b) => [
        b.key,
        new SecureBucket(this, `${b.key}_bucket`, {
          bucketName: b.name,
          versioned: b.versioned,
          noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays,
          forceDestroy: p.forceDestroy,
        }),
      ]),
    );

    const repos = [...this.repositories];
    const buckets = [...this.buckets];
    this.publish(FoundationContract, {
      ecr_repository_urls: Object.fromEntries(repos.map(([name, r]) => [name, r.repository.repositoryUrl])),
      ecr_repository_arns: Object.fromEntries(repos.map(([name, r]) => [name, r.repository.arn])),
      bucket_names: Object.fromEntries(buckets.map(([key, b]) => [key, b.name])),
      bucket_arns: Object.fromEntries(buckets.map(([key, b]) => [key, b.arn])),
    });
  }
}
