// sysvinit on a lab host beside ansible-playbook 2.14 on the same playbook: an init script of the
// test's own (a sleep as its daemon, a pid file, LSB words for status), enabled with update-rc.d
// (defaults, then disable for two runlevels), started, restarted with arguments, reloaded, stopped
// as `ps` finds it (pattern), and a service that does not exist. Each result is printed by debug,
// so the outputs compared hold them; check mode must write nothing.
import assert from 'node:assert/strict';
import { useLab } from '../../helpers/lab.js';
import { sideBySide } from '../lab-playbook.js';

const show = `
      register: r
      ignore_errors: true
    - debug: var=r`;

const PLAYBOOK = `- hosts: h1
  gather_facts: false
  tasks:
    - name: enabled and started
      sysvinit: {name: fabdemo, state: started, enabled: true}${show}
    - name: again, nothing to do
      sysvinit: {name: fabdemo, state: started, enabled: true}${show}
    - name: restarted with arguments, no sleep
      sysvinit: {name: fabdemo, state: restarted, arguments: now, sleep: 0}${show}
    - name: disabled in runlevels 2 and 3
      sysvinit: {name: fabdemo, enabled: false, runlevels: ["2", "3"]}${show}
    - name: reloaded
      sysvinit: {name: fabdemo, state: reloaded}${show}
    - name: stopped, found by ps
      sysvinit: {name: fabdemo, state: stopped, pattern: "sleep 100000"}${show}
    - name: a service that does not exist
      sysvinit: {name: nosuch, state: stopped}${show}
`;

const INIT_SCRIPT = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          fabdemo
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: fabplay demo
### END INIT INFO
P=/run/fabdemo.pid
case "$1" in
  start) [ -s $P ] && kill -0 $(cat $P) 2>/dev/null && exit 0
    setsid sleep 100000 </dev/null >/dev/null 2>&1 & echo $! > $P; echo "Starting fabdemo $2";;
  stop) [ -s $P ] && kill $(cat $P) 2>/dev/null; rm -f $P; echo "Stopping fabdemo";;
  status) if [ -s $P ] && kill -0 $(cat $P) 2>/dev/null; then echo "fabdemo is running"; exit 0
    else echo "fabdemo is not running"; exit 3; fi;;
  reload) echo reloaded;;
  *) echo usage; exit 2;;
esac
`;

// fresh state: the script installed, stopped, no rc?.d links
const SEED = [
  `cat > /etc/init.d/fabdemo <<'EOF'\n${INIT_SCRIPT}EOF`,
  'chmod 755 /etc/init.d/fabdemo',
  '/etc/init.d/fabdemo stop >/dev/null; update-rc.d -f fabdemo remove >/dev/null 2>&1; true',
].join('\n');

const STATE = 'cd /etc && ls -d rc?.d/*fabdemo 2>/dev/null; /etc/init.d/fabdemo status; true';

describe('modules/services: sysvinit on a lab host beside ansible-playbook 2.14 @lab', function () {
  this.timeout(600_000);
  const lab = useLab({ hosts: 1 });
  sideBySide(
    lab,
    'fabplay-sysvinit-',
    PLAYBOOK,
    { seed: SEED, state: STATE },
    'fabplay runs it: the same links, results and output, the second time too',
    (fab) => {
      assert.match(fab.state, /^rc2\.d\/K01fabdemo\nrc3\.d\/K01fabdemo\nrc4\.d\/S01fabdemo\n/m);
      assert.match(fab.state, /fabdemo is not running/);
      assert.match(fab.run, /"stdout": "Starting fabdemo now\\n"/);
      assert.match(fab.run, /Could not find the requested service nosuch: /);
    },
  );
});
