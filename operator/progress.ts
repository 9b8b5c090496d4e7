/**
 * Progress of a command: one task per phase in a listr2 task list, with a
 * spinner and a title that follows the phase (resources done / total, elapsed)
 * on a terminal, and plain lines when the output is not a terminal (CI logs).
 * With --json nothing is drawn: the command prints one JSON document at the end.
 */
import { Listr, type ListrTask } from "listr2";

export interface PhaseTask {
  readonly title: string;
  /**
   * Runs the phase; `update` sets the task's title as it progresses (on a terminal
   * only: in a log every update would be a line). Returns the title it ends with.
   */
  readonly run: (update: (title: string) => void) => Promise<string>;
}

export interface ProgressOptions {
  readonly json: boolean;
  /** @default process.stdout.isTTY */
  readonly tty?: boolean;
}

/** Run the tasks in order; the first failure stops the list and is rethrown. */
export async function runTasks(tasks: readonly PhaseTask[], o: ProgressOptions): Promise<void> {
  const tty = o.tty ?? Boolean(process.stdout.isTTY);
  const renderer = o.json ? "silent" : tty ? "default" : "simple";
  const list = new Listr(
    tasks.map(
      (t): ListrTask => ({
        title: t.title,
        task: async (_ctx, task) => {
          task.title = await t.run((title) => {
            if (tty) task.title = title;
          });
        },
      }),
    ),
    // Ctrl-C is Terraform's to handle (operator/terraform.ts): listr2 would exit mid-apply.
    { concurrent: false, exitOnError: true, renderer, rendererOptions: { collapseErrors: false }, registerSignalListeners: false },
  );
  await list.run();
}

/** Seconds since `start`, for titles: 42s, 3m05s. */
export function elapsed(start: number): string {
  const s = Math.round((Date.now() - start) / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
