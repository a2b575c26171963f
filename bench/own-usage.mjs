// Preloaded into a measured Node process (NODE_OPTIONS=--import=...): at exit it writes that
// process's own CPU time (user+sys, its threads included, its children not) and peak RSS to the
// file named by FABPLAY_BENCH_USAGE, so the bench tells the tool's cost from that of the
// ProxyCommands it spawns.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const file = process.env.FABPLAY_BENCH_USAGE;
// the process's own figures only: a Node process it starts (a warm server) neither loads this
// nor writes over them
delete process.env.FABPLAY_BENCH_USAGE;
process.env.NODE_OPTIONS = (process.env.NODE_OPTIONS ?? '')
  .replace(/\s*--import=\S*own-usage\.mjs/, '')
  .trim();
if (!process.env.NODE_OPTIONS) delete process.env.NODE_OPTIONS;
if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({ userUs: u.userCPUTime, sysUs: u.systemCPUTime, maxRssKb: u.maxRSS }),
    );
  });
