import { backtestCommand, BACKTEST_USAGE } from './commands/backtest';
import { chargesCommand, CHARGES_USAGE } from './commands/charges';
import { expiryCommand, EXPIRY_USAGE } from './commands/expiry';
import { KILL_SWITCH_USAGE, killSwitchCommand, REARM_USAGE, rearmCommand } from './commands/kill-switch';
import { symbolCommand, SYMBOL_USAGE } from './commands/symbol';
import {
  EXIT_OK,
  EXIT_USAGE,
  type AsyncCommand,
  type Command,
  type CommandContext,
  type CommandResult,
} from './command';

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  expiry: { run: expiryCommand, usage: EXPIRY_USAGE },
  symbol: { run: symbolCommand, usage: SYMBOL_USAGE },
  charges: { run: chargesCommand, usage: CHARGES_USAGE },
  backtest: { run: backtestCommand, usage: BACKTEST_USAGE },
};

/** Commands that reach the running system; they read its addresses (DATABASE_URL, REDIS_URL) from env. */
const SYSTEM_COMMANDS: Readonly<
  Record<string, { run: (env: NodeJS.ProcessEnv) => AsyncCommand; usage: string }>
> = {
  'kill-switch': { run: killSwitchCommand, usage: KILL_SWITCH_USAGE },
  rearm: { run: rearmCommand, usage: REARM_USAGE },
};

export function helpText(): string {
  const lines = [...Object.values(COMMANDS), ...Object.values(SYSTEM_COMMANDS)].map(
    ({ usage }) => `  ${usage}`,
  );
  return `usage: npm run dalal -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Dispatches `argv` (without node and script) to a command. */
export function runCli(argv: readonly string[], context: CommandContext): CommandResult {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return {
      exitCode: name === undefined ? EXIT_USAGE : EXIT_OK,
      stdout: name ? helpText() : '',
      stderr: name ? '' : helpText(),
    };
  }
  const command = COMMANDS[name];
  if (!command)
    return { exitCode: EXIT_USAGE, stdout: '', stderr: `error: unknown command "${name}"\n${helpText()}` };
  return command.run(rest, context);
}

/** `runCli`, plus the commands that reach the running system (asynchronous, with the process env). */
export async function runCliAsync(
  argv: readonly string[],
  context: CommandContext,
  env: NodeJS.ProcessEnv,
): Promise<CommandResult> {
  const [name, ...rest] = argv;
  const system = name === undefined ? undefined : SYSTEM_COMMANDS[name];
  return system ? system.run(env)(rest, context) : runCli(argv, context);
}
