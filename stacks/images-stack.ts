/**
 * Phase 2: the image each service deploys (seed script 2, "build and push").
 * Build-mode images are built from source and pushed to the repository the
 * foundation created, tagged with a content hash of their context; prebuilt ones
 * use a tag from config or the environment (e.g. a git SHA set by CI). The
 * services phase consumes only this stack's `image_uris`.
 */
import type { Construct } from "constructs";
import { ContainerImage } from "../constructs/container-image";
import { fromConfig } from "../policy/provenance";
import { FoundationContract, ImagesContract } from "./contracts";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

export class ImagesStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "images", props);
    const c = this.config;
    const foundation = this.upstream(FoundationContract);
    const images = c.services.map((s, i) => ({
      name: s.name,
      tag: s.imageTag,
      image: fromConfig(new ContainerImage(this, { service: s, repositoryUrl: foundation.lookup("ecr_repository_urls", s.name), region: c.region, accountId: c.accountId }), `services.${i}.image`),
    }));
    this.publish(ImagesContract, {
      image_uris: Object.fromEntries(images.map((i) => [i.name, i.image.uri])),
      image_tags: Object.fromEntries(images.map((i) => [i.name, i.tag])),
    });
  }
}
