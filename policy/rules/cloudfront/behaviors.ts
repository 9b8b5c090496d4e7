/** Every cache behavior of a distribution: the default one and the ordered ones. */
import type { Resource } from "../../model";
import { block, blocks } from "../../values";

export function behaviors(distribution: Resource): Array<{ name: string; values: Record<string, unknown> }> {
  const def = block(distribution.values.default_cache_behavior);
  return [
    ...(def ? [{ name: "default_cache_behavior", values: def }] : []),
    ...blocks(distribution.values.ordered_cache_behavior).map((b, i) => ({ name: `ordered_cache_behavior[${i}] (${String(b.path_pattern)})`, values: b })),
  ];
}
