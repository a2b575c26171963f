import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlaybook } from '../../src/playbook/index.js';
import { preflight } from '../../src/preflight/index.js';

/** The preflight's error and warning messages for one playbook's text (written, then removed). */
export async function playbookProblems(yaml: string): Promise<{ errors: string[]; warnings: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'fabplay-pre-'));
  writeFileSync(join(dir, 'play.yml'), yaml);
  try {
    const p = await preflight([loadPlaybook(join(dir, 'play.yml'), { rolesPath: [] })]);
    return { errors: p.errors.map((e) => e.message), warnings: p.warnings.map((w) => w.message) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
