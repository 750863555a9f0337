import { runCommand } from './commands';
import { UsageError } from './errors';

/**
 * `npm run ops -- <command>`: JSON on stdout, errors on stderr; exit 0 on success, 2 on bad usage, 1 on a fault of
 * our own.
 */
function main(argv: readonly string[]): number {
  try {
    const output = runCommand(argv);
    if ('help' in output) {
      process.stdout.write(`${output.help}\n`);
      return 0;
    }
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`ops: ${error.message}\n(see npm run ops -- --help)\n`);
      return 2;
    }
    process.stderr.write(`ops: internal error: ${(error as Error).name}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
