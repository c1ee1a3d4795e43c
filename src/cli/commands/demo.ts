import type { Command } from 'commander';
import { runDemo } from '../demo/run';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Start the simulators and pasarela on the embedded defaults, post three entries and follow them to SIR')
    .option('--count <n>', 'entries to post', '3')
    .option('--timeout <seconds>', 'give up after this long', '90')
    .action(async (opts: { count: string; timeout: string }) => {
      const code = await runDemo({ count: Math.max(1, Number(opts.count) || 3), timeoutMs: (Number(opts.timeout) || 90) * 1000 });
      process.exit(code);
    });
}
