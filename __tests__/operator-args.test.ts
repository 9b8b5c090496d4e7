/** The operator's command line (operator/cli.ts, operator/phases.ts): environments, phases, targets and usage errors. */
import { parseArgs, USAGE } from "../operator/cli";
import { selectStacks } from "../operator/phases";
import { destroyOrder } from "../operator/commands/destroy";

const messageOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
};

describe("platform command line", () => {
  it("the environment is the first argument that is not a phase, else APP_ENV, else dev", () => {
    expect(parseArgs(["plan", "prod", "services"], {})).toMatchObject({ command: "plan", environment: "prod", phases: ["services"] });
    expect(parseArgs(["plan", "services"], { APP_ENV: "staging" })).toMatchObject({ environment: "staging", phases: ["services"] });
    expect(parseArgs(["status"], {})).toMatchObject({ command: "status", environment: "dev", phases: [] });
    expect(parseArgs(["run", "migrate"], { APP_ENV: "prod" })).toMatchObject({ command: "run", environment: "prod", target: "migrate" });
    expect(parseArgs(["redeploy", "dev", "api", "--json"], {})).toMatchObject({ command: "redeploy", environment: "dev", target: "api", json: true });
  });

  it("phases run in phase order whatever order they are named in; all four when none is; bootstrap only when named; destroy reverses", () => {
    expect(selectStacks([])).toEqual(["foundation", "images", "services", "frontend"]);
    expect(selectStacks(["frontend", "bootstrap", "images"])).toEqual(["bootstrap", "images", "frontend"]);
    expect(destroyOrder(selectStacks(["bootstrap", "foundation", "frontend"]))).toEqual(["frontend", "foundation", "bootstrap"]);
  });

  it("usage errors say what is wrong and how to use the command", () => {
    expect(messageOf(() => parseArgs([], {}))).toBe(`give a command\n${USAGE}`);
    expect(messageOf(() => parseArgs(["apply"], {}))).toBe(`unknown command "apply"\n${USAGE}`);
    expect(messageOf(() => parseArgs(["plan", "--force"], {}))).toBe(`unknown or incomplete option --force\n${USAGE}`);
    expect(messageOf(() => parseArgs(["status", "dev", "images"], {}))).toBe(`status reports every phase; give no phases\n${USAGE}`);
    expect(messageOf(() => parseArgs(["deploy", "--out", "p"], {}))).toBe(`--out is for plan and workflows\n${USAGE}`);
    expect(messageOf(() => parseArgs(["deploy", "--summary", "s.md"], {}))).toBe(`--summary is for plan and drift\n${USAGE}`);
    expect(messageOf(() => parseArgs(["plan", "--check"], {}))).toBe(`--check is for workflows\n${USAGE}`);
    expect(messageOf(() => parseArgs(["workflows", "staging"], {}))).toBe(`workflows covers every environment of the config folder; give no environment or phase\n${USAGE}`);
    expect(messageOf(() => parseArgs(["plan", "--plan", "p"], {}))).toBe(`--plan is for deploy\n${USAGE}`);
    expect(messageOf(() => parseArgs(["deploy", "--confirm", "dev"], {}))).toBe(`--confirm is for destroy (deploy takes --yes)\n${USAGE}`);
    expect(messageOf(() => parseArgs(["plan", "--lock-timeout", "soon"], {}))).toBe(`--lock-timeout takes a duration such as 60s or 5m\n${USAGE}`);
    expect(messageOf(() => parseArgs(["run"], {}))).toBe(`run takes a task, after the environment if given\n${USAGE}`);
    expect(messageOf(() => selectStacks(["network"]))).toBe('unknown phase "network"; phases: bootstrap, foundation, images, services, frontend');
  });
});
