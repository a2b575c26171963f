// Preloaded into a measured Node process (node --import): at exit it writes that process's own
// CPU time (user+sys, its threads included, its children not) and peak RSS to the file named by
// FABPLAY_BENCH_USAGE, so the bench tells the tool's cost from that of the ProxyCommands it spawns.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.FABPLAY_BENCH_USAGE;
if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ userUs: u.userCPUTime, sysUs: u.systemCPUTime, maxRssKb: u.maxRSS }),
    );
  });
