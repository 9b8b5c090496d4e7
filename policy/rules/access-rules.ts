/** Rules added for the standards coverage (access); registered in index.ts. */
import type { Rule } from "../types";

export const ACCESS_RULES: readonly Rule[] = [];
