/** The Terraform environment every test uses (CLI config written by the global setup). */
import * as path from "node:path";
import { terraformEnv } from "../../scripts/terraform-env";
import { CACHE_DIR } from "./synth";

export const tfEnv: NodeJS.ProcessEnv = terraformEnv(path.join(CACHE_DIR, "terraform"));
