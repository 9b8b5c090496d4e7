/** The deployment phases, in the order of the seed's phased scripts. */
export const PHASES = ["foundation", "images", "services", "frontend"] as const;
export type Phase = (typeof PHASES)[number];

/** Stack names: the bootstrap stack (phase 0) creates the state backend itself. */
export const BOOTSTRAP = "bootstrap";
export type StackName = Phase | typeof BOOTSTRAP;

/** Which phases each phase reads through remote state. */
export const UPSTREAMS: Readonly<Record<Phase, readonly Phase[]>> = {
  foundation: [],
  images: ["foundation"],
  services: ["foundation", "images"],
  frontend: ["foundation", "services"],
};
