import { defineModule } from '../lib/args.js';
import { readJob, removeJob } from './async-job.js';

/** ansible.builtin.async_status: the state of an async job, or its removal (mode=cleanup). */
export const asyncStatus = defineModule({
  name: 'async_status',
  args: {
    jid: { type: 'string' },
    mode: { type: 'string', enum: ['status', 'cleanup'], default: 'status' },
  },
  required: ['jid'],
  supportsCheck: true,
  supportsDiff: false,
  async run(ctx, args) {
    if (args.mode === 'cleanup') {
      const state = await readJob(ctx, args.jid);
      if (state.msg === 'could not find job') return state;
      const erased = await removeJob(ctx, args.jid);
      return {
        changed: false,
        ansible_job_id: args.jid,
        erased,
        started: 0,
        finished: 0,
        stdout: '',
        stderr: '',
        stdout_lines: [],
        stderr_lines: [],
      };
    }
    return readJob(ctx, args.jid);
  },
});
