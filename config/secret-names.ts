/**
 * Variable names that carry secrets. Shared by config validation (build args
 * must not be secrets) and policy rule ECS-04 (no secrets in plain environment).
 *
 * A name is a secret when it ENDS in one of these whole underscore-separated
 * words (case-insensitive), or is exactly one of them: TOKEN (so also
 * *_AUTH_TOKEN, *_SESSION_TOKEN), SECRET (so also *_CLIENT_SECRET), PASSWORD,
 * PASSWD, PASS, PASSPHRASE, CREDENTIALS, KEY_BASE (Rails' SECRET_KEY_BASE) — or
 * when it ends in `_KEY` (API_KEY, SECRET_KEY, STRIPE_KEY, RAILS_MASTER_KEY,
 * SESSION_KEY, …) unless the word before names a kind of key that is no secret
 * (`NOT_SECRET_KEYS`: CACHE_KEY, SORT_KEY, PARTITION_KEY, PUBLIC_KEY, …).
 *
 * Matching whole words at the end keeps ordinary settings out: MAX_TOKENS,
 * TOKENIZERS_PARALLELISM, TOKEN_LIMIT, S3_KEY_PREFIX, PASSWORD_MIN_LENGTH,
 * SECRET_ARN, BYPASS are not secrets.
 */
const SECRET_WORD = /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|PASSPHRASE|CREDENTIALS|KEY_BASE|APIKEY)$|._KEY$/i;

/** `<word>_KEY` names that identify something rather than unlock it. */
const NOT_SECRET_KEYS = /(?:^|_)(?:CACHE|SORT|PARTITION|PRIMARY|FOREIGN|ROUTING|IDEMPOTENCY|DEDUPLICATION|DEDUP|HASH|RANGE|LOOKUP|MAP|LOCK|OBJECT|S3|BUCKET|PREFIX|TABLE|STATE|GROUP|TENANT|SHARD|MESSAGE|QUEUE|PUBLIC|KMS)_KEY$/i;

export const SECRET_NAME: { test(name: string): boolean } = {
  test: (name: string) => SECRET_WORD.test(name) && !NOT_SECRET_KEYS.test(name),
};
