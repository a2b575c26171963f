import { strict as assert } from 'node:assert';
import { discoverPython } from '../../../src/modules/own/python-discovery.js';
import { fakeContext } from '../commands/helpers.js';

// Each case's answer and warnings are what ansible-core 2.14's discover_interpreter returned here
// for the same host answers (called from Python with an action whose commands answer these).
const DOC = 'See https://docs.ansible.com/ansible-core/2.14/reference_appendices/interpreter_discovery.html';

async function discover(found: string[], osRelease: string, mode = 'auto') {
  const ctx = fakeContext({
    answers: [
      {
        match: 'echo PLATFORM',
        stdout: `PLATFORM\nLinux\nFOUND\n${found.map((f) => `${f}\n`).join('')}ENDFOUND\n`,
      },
      { match: 'os-release', stdout: osRelease },
    ],
  });
  return discoverPython(ctx, mode);
}

describe("modules/own: Python interpreter discovery, as Ansible's", () => {
  it("takes the platform table's interpreter for the distribution's version", async () => {
    assert.deepEqual(
      await discover(['/usr/bin/python3.11', '/usr/bin/python3'], 'ID=debian\nVERSION_ID="12"\n'),
      {
        interpreter: '/usr/bin/python3',
        warnings: [],
      },
    );
    assert.deepEqual(
      await discover(['/usr/bin/python3.9', '/usr/bin/python3'], 'ID="rocky"\nVERSION_ID="9.4"\n'),
      {
        interpreter: '/usr/bin/python3',
        warnings: [],
      },
    );
  });

  it('falls back to the first found, with the warnings Ansible gives', async () => {
    assert.deepEqual(await discover(['/usr/bin/python3.11'], 'ID=alpine\nVERSION_ID=3.19.1\n'), {
      interpreter: '/usr/bin/python3.11',
      warnings: [
        'Platform linux on host fakehost is using the discovered Python interpreter at /usr/bin/python3.11, but future ' +
          `installation of another Python interpreter could change the meaning of that path. ${DOC} for more information.`,
      ],
    });
    assert.deepEqual(
      await discover(['/usr/bin/python3.6', '/usr/bin/python3'], 'ID="rhel"\nVERSION_ID="8.6"\n'),
      {
        interpreter: '/usr/bin/python3.6',
        warnings: [
          'Distribution rhel 8.6 on host fakehost should use /usr/libexec/platform-python, but is using /usr/bin/python3.6, ' +
            `since the discovered platform python interpreter was not present. ${DOC} for more information.`,
        ],
      },
    );
    assert.deepEqual(await discover([], 'ID=debian\nVERSION_ID="12"\n'), {
      interpreter: '/usr/bin/python',
      warnings: [
        "No python interpreters found for host fakehost (tried ['python3.11', 'python3.10', 'python3.9', 'python3.8', " +
          "'python3.7', 'python3.6', 'python3.5', '/usr/bin/python3', '/usr/libexec/platform-python', 'python2.7', " +
          "'/usr/bin/python', 'python'])",
      ],
    });
  });

  it('auto_legacy keeps /usr/bin/python; _silent says nothing', async () => {
    assert.deepEqual(
      await discover(
        ['/usr/bin/python3', '/usr/bin/python'],
        'ID=ubuntu\nVERSION_ID="22.04"\n',
        'auto_legacy',
      ),
      {
        interpreter: '/usr/bin/python',
        warnings: [
          'Distribution ubuntu 22.04 on host fakehost should use /usr/bin/python3, but is using /usr/bin/python for ' +
            `backward compatibility with prior Ansible releases. ${DOC} for more information`,
        ],
      },
    );
    assert.deepEqual(
      await discover(['/usr/bin/python3.11'], 'ID=alpine\nVERSION_ID=3.19.1\n', 'auto_silent'),
      {
        interpreter: '/usr/bin/python3.11',
        warnings: [],
      },
    );
  });
});
