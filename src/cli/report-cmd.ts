import type { Command } from 'commander';

/** `fabplay report events.jsonl -o run.html`: the HTML run report of a saved `--json` stream. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('write the HTML run report of a saved `fabplay run --json` stream')
    .argument('<events>', 'the file `fabplay run ... --json > FILE` wrote')
    .requiredOption('-o, --output <file>', 'the HTML file to write')
    .action(async (events: string, flags: { output: string }) => {
      const { checkReportPath, readEventStream, writeReport } = await import('../output/report.js');
      const { cliSecrets } = await import('../output/masking.js');
      const file = checkReportPath(flags.output);
      // the stream was masked when it was written; the secrets this process knows are hidden too
      writeReport(file, cliSecrets.value(readEventStream(events)));
      process.stdout.write(`report written: ${file}\n`);
    });
}
