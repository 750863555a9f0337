import { runCommand } from './commands';
import { UsageError } from './errors';
import { runStackCommand, STACK_COMMANDS } from './stack-commands';

/**
 * `npx osms-ops <command>` (or `npm run --silent ops -- <command>`): JSON on stdout, errors on stderr; exit 0 on
 * success, 2 on bad usage, 1 on a fault of our own.
 */
async function main(argv: readonly string[]): Promise<number> {
  // Nothing but the command's JSON and its errors: not the AWS SDK's notice that its 2027 releases need Node ≥ 22
  // (shown on Node 20). LOG_LEVEL set (to see logs) keeps it.
  if (!process.env.LOG_LEVEL && !process.env.POWERTOOLS_LOG_LEVEL)
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const [command, ...rest] = argv;
    const output = (STACK_COMMANDS as readonly string[]).includes(command ?? '')
      ? await runStackCommand(command as (typeof STACK_COMMANDS)[number], rest)
      : runCommand(argv);
    if ('help' in output) {
      process.stdout.write(`${output.help}\n`);
      return 0;
    }
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`ops: ${error.message}\n(see npx osms-ops --help)\n`);
      return 2;
    }
    process.stderr.write(`ops: internal error: ${(error as Error).name}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
