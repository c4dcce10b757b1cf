import { isDomainError } from '@dalal/domain';
import { isMarketError, type Clock } from '@dalal/market';

/** What a command hands back; main.ts writes it out, tests read it. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandContext {
  readonly clock: Clock;
}

export type Command = (args: readonly string[], context: CommandContext) => CommandResult;

/** A command that talks to the running system (Postgres, Redis). */
export type AsyncCommand = (args: readonly string[], context: CommandContext) => Promise<CommandResult>;

/** Bad arguments: exit code 2, like other Unix tools. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Output both ways: `text` for people, `json` for --json. */
export interface Output {
  readonly text: string;
  readonly json: unknown;
}

// Duck-typed: node's own TypeError is not `instanceof Error` inside another realm (e.g. a Jest sandbox).
function isParseArgsError(error: unknown): error is { message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    'message' in error &&
    typeof error.message === 'string' &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  );
}

/**
 * Runs a command body and turns its errors into exit codes: bad arguments and inputs the market rules
 * or domain rules reject (unknown underlying, a date that is not an expiry, a year without calendar
 * data, a day without charge rates) exit 2.
 */
export function runCommand(usage: string, body: () => { output: Output; json: boolean }): CommandResult {
  try {
    const { output, json } = body();
    return { exitCode: EXIT_OK, stdout: `${json ? JSON.stringify(output.json) : output.text}\n`, stderr: '' };
  } catch (error) {
    if (
      error instanceof UsageError ||
      isParseArgsError(error) ||
      isMarketError(error) ||
      isDomainError(error)
    ) {
      return { exitCode: EXIT_USAGE, stdout: '', stderr: `error: ${error.message}\nusage: ${usage}\n` };
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { exitCode: EXIT_FAILURE, stdout: '', stderr: `error: ${message}\n` };
  }
}
