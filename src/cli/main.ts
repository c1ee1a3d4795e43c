import { Command } from 'commander';
import { registerAdminCommands } from './commands/admin';
import { registerConfigCommands } from './commands/config';
import { registerDemoCommand } from './commands/demo';
import { registerKeyCommands } from './commands/keys';
import { registerOperatorCommands } from './commands/operators';
import { registerServeCommand } from './commands/serve';
import { registerSirCommands } from './commands/sir';
import { registerWssecCommands } from './commands/wssec';

/** `pasarela` — the one command line for running and operating pasarela. */
const program = new Command('pasarela')
  .description('Interoperability middleware: municipal systems to SIR, Notific@ and Carpeta Ciudadana')
  .showHelpAfterError();

registerServeCommand(program);
registerConfigCommands(program);
registerKeyCommands(program);
registerOperatorCommands(program);
registerAdminCommands(program);
registerDemoCommand(program);
registerWssecCommands(program);
registerSirCommands(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`pasarela: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
