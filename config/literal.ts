/**
 * Configuration text reaches Terraform literally. In Terraform's JSON syntax every
 * string is a template, so a user value such as `${HOME}/data` or
 * `%{ if x }` would be evaluated as an expression. `terraformLiteral` escapes the
 * two template openers (`${` -> `$${`, `%{` -> `%%{`), which Terraform turns back
 * into the original text. `resolveConfig` applies it to every free-text field
 * (`FREE_TEXT_FIELDS`), so constructs never see raw template syntax.
 */

/** Escape a string so Terraform reads it as literal text. */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, "$1$1{");
}

/** Escape every value of a string map. */
export function terraformLiterals(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, terraformLiteral(v)]));
}

/**
 * Schema paths (with `*` for any key or index) of the free-text fields: the only
 * strings a user can write that are not constrained to characters without `$`,
 * `%` and `{`. The tests check this list (with FREE_TEXT_OUTSIDE_TERRAFORM)
 * against the JSON Schema, and synthesize `${…}` and `%{…}` in each listed field
 * to see it reach Terraform escaped, so a new free-text field cannot be missed.
 */
export const FREE_TEXT_FIELDS = [
  "tags.*",
  "services.*.environment.*",
  "services.*.command.*",
  "services.*.container.healthCheck.command.*",
  "services.*.image.build.args.*",
  "services.*.image.build.context",
  "services.*.image.build.dockerfile",
  "frontend.assets.build.command",
] as const;

/** Free text that never reaches Terraform (read by the policy engine, or the loader: extends). */
export const FREE_TEXT_OUTSIDE_TERRAFORM = ["policy.suppressions.*.reason", "alarms.*.reason", "extends"] as const;

/** cdktf encodes its own references as `${TfToken[…]}`; user text must never look like one. */
export const CDKTF_TOKEN_MARKER = /TfToken\[/;
