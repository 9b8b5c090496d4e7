/** Rules added for the standards coverage (data); registered in index.ts. */
import type { Rule } from "../types";

export const DATA_RULES: readonly Rule[] = [];
