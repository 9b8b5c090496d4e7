/**
 * Which stacks a command runs, in phase order: the phases named on the command
 * line (all four when none is named), the bootstrap stack only when named.
 */
import { BOOTSTRAP, PHASES, UPSTREAMS, type Phase, type StackName } from "../stacks/phases";
import { UsageError } from "../config/errors";

export const STACK_ORDER: readonly StackName[] = [BOOTSTRAP, ...PHASES];

export function selectStacks(named: readonly string[]): StackName[] {
  const unknown = named.filter((n) => !(STACK_ORDER as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`unknown phase ${unknown.map((u) => `"${u}"`).join(", ")}; phases: ${STACK_ORDER.join(", ")}`);
  if (named.length === 0) return [...PHASES];
  return STACK_ORDER.filter((s) => named.includes(s));
}

/** The phases a stack reads through remote state (none for the bootstrap stack). */
export const upstreamsOf = (stack: StackName): readonly Phase[] => (stack === BOOTSTRAP ? [] : UPSTREAMS[stack]);
