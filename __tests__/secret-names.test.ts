import { checkRules, type PartialConfig } from "../config/rules";
import { ServiceSchema } from "../config/schema";
import { SECRET_NAME } from "../config/secret-names";

/** Ordinary settings of real apps (LLM apps among them) that must not be taken for secrets. */
const LEGITIMATE = [
  "MAX_TOKENS",
  "MAX_NEW_TOKENS",
  "TOKENIZERS_PARALLELISM",
  "TOKEN_LIMIT",
  "TOKEN_BUDGET",
  "HF_TOKENIZER",
  "KEY_PREFIX",
  "S3_KEY_PREFIX",
  "CACHE_KEY",
  "SORT_KEY",
  "PARTITION_KEY",
  "PRIMARY_KEY_COLUMN",
  "API_KEY_HEADER",
  "PASSWORD_MIN_LENGTH",
  "SECRET_NAME",
  "SECRET_ARN",
  "DB_SECRET_ARN",
  "REDIS_AUTH",
  "BYPASS",
  "AWS_REGION",
  "LOG_LEVEL",
  "GRAPH_TYPE",
  "KEY",
  "PASSTHROUGH",
  "COMPASS",
  "TOKENS",
  "SECRETS_PREFIX",
  "max_tokens",
  "IDEMPOTENCY_KEY",
  "ROUTING_KEY",
  "SSH_PUBLIC_KEY",
  "KMS_KEY",
];

/** Names that hold secret material. */
const SECRETS = [
  "OPENAI_API_KEY",
  "LANGSMITH_API_KEY",
  "JWT_SECRET",
  "DB_PASSWORD",
  "DB_PASS",
  "DB_PASSWD",
  "GITHUB_TOKEN",
  "NPM_TOKEN",
  "HF_TOKEN",
  "SECRET_KEY",
  "DJANGO_SECRET_KEY",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "TWILIO_AUTH_TOKEN",
  "STRIPE_SECRET",
  "OAUTH_CLIENT_SECRET",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "PRIVATE_KEY",
  "JWT_SIGNING_KEY",
  "DATA_ENCRYPTION_KEY",
  "MAPS_APIKEY",
  "API_KEY",
  "RAILS_MASTER_KEY",
  "STRIPE_KEY",
  "SENDGRID_KEY",
  "JWT_KEY",
  "SESSION_KEY",
  "HMAC_KEY",
  "SECRET_KEY_BASE",
  "GPG_PASSPHRASE",
  "TOKEN",
  "SECRET",
  "password",
  "api_key",
  "Openai_Api_Key",
];

describe("SECRET_NAME", () => {
  it.each(LEGITIMATE)("%s is not a secret name", (name) => {
    expect(SECRET_NAME.test(name)).toBe(false);
  });

  it.each(SECRETS)("%s is a secret name", (name) => {
    expect(SECRET_NAME.test(name)).toBe(true);
  });
});

describe("build arguments in config validation", () => {
  /** A parsed on-demand task (every default applied, as the rules receive it) building with these arguments. */
  const withArgs = (args: Record<string, string>): PartialConfig => ({
    services: [ServiceSchema.parse({ kind: "task", name: "api", image: { build: { context: ".", args } } })],
  });
  const secretArgs = (args: Record<string, string>) => checkRules(withArgs(args), "dev").filter((i) => /looks like a secret/.test(i.message));

  it("LLM settings are ordinary build arguments", () => {
    expect(secretArgs({ MAX_TOKENS: "4096", TOKENIZERS_PARALLELISM: "false", HF_TOKENIZER: "gpt2" })).toEqual([]);
  });

  it("a secret-looking build argument is refused", () => {
    expect(secretArgs({ MAX_TOKENS: "4096", OPENAI_API_KEY: "x" }).map((i) => i.path.join("."))).toEqual(["services.0.image.build.args.OPENAI_API_KEY"]);
  });
});
