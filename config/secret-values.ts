/**
 * Values that are secrets whatever their variable is called: credentials inside
 * URLs and well-known token formats. Shared by config validation (plain
 * environment, command and build arguments must not carry them) and policy rule
 * SEC-01 (nothing in the synthesized Terraform may).
 */

/** `scheme://user:password@host` (or `redis://:password@host`): a password in a connection string or URL. */
export const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:[^\s/@]+@[^\s/]/i;

/** Well-known credential formats, with what they are. */
export const SECRET_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ["an AWS access key id", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["a private key", /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/],
  ["a GitHub token", /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}\b/],
  ["a Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/],
  ["an OpenAI-style API key", /\bsk-[A-Za-z0-9_-]{32,}\b/],
  ["a Hugging Face token", /\bhf_[A-Za-z0-9]{30,}\b/],
];

/** What kind of secret a value holds, or undefined. */
export function secretIn(value: string): string | undefined {
  if (URL_CREDENTIALS.test(value)) return "a password inside a URL";
  return SECRET_PATTERNS.find(([, pattern]) => pattern.test(value))?.[0];
}
