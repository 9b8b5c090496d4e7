/** npm run init -- <blueprint> <env> --account <id> --region <region>: a new environment from a blueprint (config/init.ts). */
import { ConfigError } from "../config/errors";
import { initEnvironment, parseInitArgs } from "../config/init";
import { configDirFrom } from "../config/load";
import { policyErrors } from "../stacks/synthesize";

try {
  // Like every command, init writes into APP_CONFIG_DIR when it is set.
  const options = { ...parseInitArgs(process.argv.slice(2)), configDir: configDirFrom(process.env) };
  const file = initEnvironment(options, policyErrors);
  const env = options.environment;
  process.stdout.write(
    [
      `wrote ${file}`,
      `next: APP_ENV=${env} npm run synth                     review the stacks (cdktf.out: architecture.md, cost.md)`,
      `      npm run platform -- deploy ${env} bootstrap    the state bucket and lock table, then: npm run platform -- deploy ${env}`,
      "      npm run platform -- workflows              GitHub Actions for the environments with github settings",
      "",
    ].join("\n"),
  );
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
