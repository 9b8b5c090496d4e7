/**
 * Variable names that carry secrets. Shared by config validation (build args
 * must not be secrets) and policy rule ECS-04 (no secrets in plain environment).
 *
 * A name is a secret when it ENDS in one of these whole underscore-separated
 * words (case-insensitive), or is exactly one of them:
 * TOKEN (so also *_AUTH_TOKEN, *_SESSION_TOKEN, *_ACCESS_TOKEN), SECRET (so also
 * *_CLIENT_SECRET), PASSWORD, PASSWD, PASS, API_KEY, APIKEY, SECRET_KEY,
 * PRIVATE_KEY, ACCESS_KEY (so also *_SECRET_ACCESS_KEY), SIGNING_KEY,
 * ENCRYPTION_KEY, CREDENTIALS.
 *
 * Matching whole words at the end keeps ordinary settings out: MAX_TOKENS,
 * TOKENIZERS_PARALLELISM, TOKEN_LIMIT, CACHE_KEY, S3_KEY_PREFIX,
 * PASSWORD_MIN_LENGTH, SECRET_ARN, BYPASS are not secrets.
 */
export const SECRET_NAME =
  /(?:^|_)(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|(?:SECRET|PRIVATE|ACCESS|SIGNING|ENCRYPTION)_KEY|CREDENTIALS)$/i;
