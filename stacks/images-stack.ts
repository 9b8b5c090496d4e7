/**
 * Phase 2: the image each service deploys. Records, per service, the full image
 * URI in the repository the foundation created; the services phase consumes only
 * this stack's `image_uris`. (Building and pushing images is the next step of
 * this phase; with prebuilt images the tag comes from config or IMAGE_TAG.)
 */
import type { Construct } from "constructs";
import { DataResource } from "cdktf";
import { FoundationContract, ImagesContract } from "./contracts";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

export class ImagesStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "images", props);
    const foundation = this.upstream(FoundationContract);

    const images = this.config.services.map((s) => {
      const uri = `${foundation.lookup("ecr_repository_urls", s.name)}:${s.imageTag}`;
      // terraform_data keeps the deployed URI in state: a tag change is a visible diff.
      const record = new DataResource(this, `${s.name}_image`, { input: { uri, tag: s.imageTag, repository: s.repositoryName } });
      return { name: s.name, uri: record.getStringAttribute("output.uri"), tag: s.imageTag };
    });

    this.publish(ImagesContract, {
      image_uris: Object.fromEntries(images.map((i) => [i.name, i.uri])),
      image_tags: Object.fromEntries(images.map((i) => [i.name, i.tag])),
    });
  }
}
