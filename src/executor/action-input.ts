import { checkDebugger } from '../playbook/debugger-keyword.js';
import { Templar } from '../template/index.js';
import { renderedConnectionVars } from './connection-vars.js';
import type { Task } from '../playbook/types.js';
import type { HostState, PlayState } from './state.js';
import type { Scope } from './scope.js';
import { renderedKeyword } from './scope.js';
import { forgetInventoryViews } from './vars.js';
import { taskTarget, targetPerItem } from './task-target.js';
import { applyInventoryChange } from './dynamic-inventory.js';
import { nodeTemplar, type ActionInput } from './action.js';
import { moduleDefaultsLevels } from './module-defaults.js';
import { asyncOptions } from './async-options.js';
import { loopKeyword } from './loops.js';
import { shownResult } from './results.js';
import { envOf, renderName, timeoutMsOf } from './task-options.js';
import { checkAndDiff, checkTaskBooleans } from './bool-keywords.js';
import { MASK } from '../output/masking.js';
import { safe } from '../util/safe.js';

/** A -vvv line of a no_log task keeps its head (`<host> EXEC`); the command and its data are hidden. */
function noLogLine(msg: string): string {
  const head = /^<[^>]*> \S+/.exec(msg)?.[0] ?? '';
  return `${head} ${MASK} (no_log)`.trim();
}

/** What the action of one host's task is given: its target, modes, keywords and the callbacks of its events. */
export async function actionInput(
  ps: PlayState,
  host: string,
  hs: HostState,
  task: Task,
  scope: Scope,
  vars: Record<string, unknown>,
  templar: Templar,
  noLog: boolean,
): Promise<{ action: ActionInput; delegated?: string }> {
  const run = ps.run;
  // a looped task's delegate_to, become, connection keywords, environment and timeout may need
  // the item: then they are rendered per item (runLoopOrSingle), as in Ansible; until then the
  // host's own connection stands in
  const perItem = targetPerItem(scope, task);
  const render = (v: unknown): unknown => templar.template(v, task.pos);
  // a looped task's are checked per item (runLoopOrSingle), with the item
  if (!loopKeyword(task)) checkTaskBooleans(scope, task, render);
  const { delegated, conn, become, sshLink } = perItem
    ? {
        delegated: undefined,
        conn: run.conns.lazy(host, renderedConnectionVars(vars, render)),
        become: undefined,
        sshLink: undefined,
      }
    : taskTarget(ps, host, task, scope, vars, templar);
  checkDebugger(renderedKeyword(scope, task, 'debugger', (v) => templar.template(v)));
  // a looped task's may need the item: the loop renders them per item, these are its defaults
  const modes = loopKeyword(task)
    ? (safe(() => checkAndDiff(run.req, scope, task, render)) ?? run.req)
    : checkAndDiff(run.req, scope, task, render);
  return {
    delegated,
    action: {
      task,
      host,
      conn,
      delegated,
      sshLink,
      vars,
      facts: hs.facts ?? {},
      check: modes.check,
      diff: modes.diff,
      become,
      env: perItem ? undefined : envOf(scope, task, templar),
      timeoutMs: perItem ? undefined : timeoutMsOf(scope, task, templar),
      async: asyncOptions(task, templar),
      moduleDefaults: moduleDefaultsLevels(scope, task),
      role: scope.role,
      playbookDir: ps.play.playbookDir,
      register: task.kw.register as string | undefined,
      noLog,
      factsModules: run.req.factsModules,
      log: (msg, level = 3) => run.out.emit({ event: 'log', host, msg: noLog ? noLogLine(msg) : msg, level }),
      asyncStatus: (s) => run.out.emit({ event: 'async_status', host, ...s }),
      retrying: (res, left, tried) =>
        run.out.emit({
          event: 'retry',
          host,
          ...(tried.delegated ? { delegated_to: tried.delegated } : {}),
          // Ansible's worker names the task as rendered with this try's variables (the item too)
          task: renderName(task, nodeTemplar(tried.vars, task, scope, ps.play.playbookDir)) ?? task.action,
          retries_left: left,
          result: shownResult(ps, res, noLog),
        }),
      secret: (v) => run.masker.add(v),
      inventoryChange: (res) => {
        const out = applyInventoryChange(run.req.inventory, host, res);
        if (out !== res) {
          run.inventoryChanges.push({ host, res });
          forgetInventoryViews(ps);
        }
        return out;
      },
    },
  };
}
