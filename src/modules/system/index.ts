import { authorizedKey } from './authorized-key.js';
import { cron } from './cron.js';
import { firewalld } from './firewalld.js';
import { group } from './group.js';
import { hostname } from './hostname.js';
import { knownHosts } from './known-hosts.js';
import { modprobe } from './modprobe.js';
import { mount } from './mount.js';
import { reboot } from './reboot.js';
import { sefcontext, seboolean } from './selinux.js';
import { sysctl } from './sysctl.js';
import { user } from './user.js';
import { waitFor } from './wait-for.js';
import { yumRepository } from './yum-repository.js';
import { getent } from './getent.js';
import { iptables } from './iptables.js';
import { debconf } from './debconf.js';
import { dpkgSelections } from './dpkg-selections.js';
import { waitForConnection } from './wait-for-connection.js';
import type { ModuleDef } from '../types.js';

/** The system modules. Each lives in its own file here. */
export const modules: ModuleDef<any>[] = [
  mount,
  modprobe,
  sysctl,
  user,
  group,
  hostname,
  reboot,
  waitFor,
  waitForConnection,
  firewalld,
  seboolean,
  sefcontext,
  knownHosts,
  authorizedKey,
  cron,
  yumRepository,
  getent,
  debconf,
  dpkgSelections,
  iptables,
];
