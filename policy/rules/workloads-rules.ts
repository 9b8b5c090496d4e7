/** Rules added for the standards coverage (workloads); registered in index.ts. */
import type { Rule } from "../types";

export const WORKLOADS_RULES: readonly Rule[] = [];
