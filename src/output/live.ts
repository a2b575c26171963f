import { Listr } from 'listr2';
import type { Masker } from './masking.js';
import type { HostResultEvent, Output, RunEvent } from './events.js';
import { banner, batchLine, hostLine, recapLines, rolloutLines } from './format.js';
import { renderDiff } from './diff.js';

interface LiveTask {
  title: string;
  hosts: Map<string, { state: string; started: number; ms?: number }>;
  details: string[];
  done: () => void;
  update?: () => void;
}

/**
 * The terminal view: one listr2 task per playbook task, showing each host's state and time
 * while it runs; results worth reading (debug, failures, diffs) stay under the task.
 */
export class LiveOutput implements Output {
  private current?: LiveTask;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private masker: Masker,
    private opts: { diff: boolean },
  ) {}

  private print(text: string): void {
    this.chain = this.chain.then(() => {
      process.stdout.write(this.masker.text(text) + '\n');
    });
  }

  private finish(): void {
    this.current?.done();
    this.current = undefined;
  }

  private start(title: string): void {
    this.finish();
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    title = this.masker.text(title);
    const t: LiveTask = { title, hosts: new Map(), details: [], done };
    this.current = t;
    const listr = new Listr(
      [
        {
          title,
          task: async (_ctx, task) => {
            t.update = () => {
              const lines = [...t.hosts].map(
                ([h, s]) =>
                  `${h.padEnd(20)} ${s.state.padEnd(11)} ${((s.ms ?? Date.now() - s.started) / 1000).toFixed(2)}s`,
              );
              task.output = this.masker.text([...lines, ...t.details].join('\n'));
            };
            t.update();
            await finished;
            t.update();
            const bad = [...t.hosts].filter(([, s]) => s.state === 'failed' || s.state === 'unreachable');
            // a failed host marks the task failed in the view (the run goes on)
            if (bad.length) throw new Error(`${bad.map(([h, s]) => `${h}: ${s.state}`).join(', ')}`);
          },
        },
      ],
      {
        renderer: 'default',
        rendererOptions: { persistentOutput: true, collapseSubtasks: false } as never,
        exitOnError: false,
      },
    );
    this.chain = this.chain.then(() =>
      listr.run().then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  emit(ev: RunEvent): void {
    switch (ev.event) {
      case 'play_start':
        this.finish();
        this.print(`\n${banner(`PLAY [${ev.name}]`)}`);
        return;
      case 'task_start':
        this.start(`${ev.handler ? 'RUNNING HANDLER' : 'TASK'} [${ev.task}]`);
        return;
      case 'host_start':
        this.current?.hosts.set(ev.host, { state: 'running', started: Date.now() });
        this.current?.update?.();
        return;
      case 'host_result':
        return this.result(ev);
      case 'log':
        if (ev.level === 0) this.current?.details.push(ev.msg);
        return;
      case 'batch_start':
        this.finish();
        this.print(`\n${batchLine(ev.play, ev.batch, ev.batches, ev.hosts)}`);
        return;
      case 'rollout_stopped':
        this.finish();
        this.print('');
        for (const l of rolloutLines(ev, true)) this.print(l);
        return;
      case 'recap':
        this.finish();
        this.print('');
        for (const l of recapLines(ev.stats, ev.duration_ms, true)) this.print(l);
        if (ev.rollout_stopped) {
          this.print('');
          for (const l of rolloutLines(ev.rollout_stopped, true)) this.print(l);
        }
        return;
      default:
        return;
    }
  }

  private result(ev: HostResultEvent): void {
    if (!this.current) this.start(`TASK [${ev.task}]`);
    const t = this.current!;
    const prev = t.hosts.get(ev.host);
    const isSummary = ev.item === undefined;
    if (isSummary)
      t.hosts.set(ev.host, {
        state: ev.ignored ? 'ignored' : ev.rescued ? 'rescued' : ev.status,
        started: prev?.started ?? Date.now(),
        ms: ev.duration_ms,
      });
    const worth =
      ev.status === 'failed' ||
      ev.status === 'unreachable' ||
      (ev.action === 'debug' && ev.status !== 'skipped');
    if (worth && !(isSummary && Array.isArray(ev.result.results) && ev.status !== 'failed'))
      t.details.push(hostLine(ev, 0, true));
    if (this.opts.diff && ev.result.diff) {
      const d = renderDiff(ev.result.diff, true);
      if (d) t.details.push(d);
    }
    t.update?.();
  }

  async close(): Promise<void> {
    this.finish();
    await this.chain;
  }
}
