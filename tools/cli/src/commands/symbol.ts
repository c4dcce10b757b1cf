import { isOptionType, optionSymbol, parseTradingSymbol, underlyingSpec } from '@dalal/market';
import { parseArgs } from 'node:util';

import {
  readDate,
  readPositiveNumber,
  readUnderlying,
  rejectExtraPositionals,
  requirePositional,
} from '../arguments';
import { runCommand, UsageError, type Command } from '../command';

export const SYMBOL_USAGE = 'dalal symbol <UNDERLYING> <EXPIRY YYYY-MM-DD> <STRIKE> <CE|PE> [--json]';

/** The NFO/BFO tradingsymbol of an index option; the expiry must be a real expiry of that index. */
export const symbolCommand: Command = (args) =>
  runCommand(SYMBOL_USAGE, () => {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' } },
    });
    const underlying = readUnderlying(requirePositional(positionals, 0, 'UNDERLYING'));
    const expiry = readDate(requirePositional(positionals, 1, 'EXPIRY'), 'EXPIRY');
    const strike = readPositiveNumber(requirePositional(positionals, 2, 'STRIKE'), 'STRIKE');
    const type = requirePositional(positionals, 3, 'CE|PE').toUpperCase();
    rejectExtraPositionals(positionals, 4);
    if (!isOptionType(type)) throw new UsageError(`option type must be CE or PE, got "${type}"`);

    const symbol = optionSymbol(underlying, expiry, strike, type);
    const { form } = parseTradingSymbol(symbol);
    return {
      json: values.json ?? false,
      output: {
        text: symbol,
        json: {
          symbol,
          exchange: underlyingSpec(underlying).derivativesExchange,
          underlying,
          expiry,
          strike,
          type,
          form,
        },
      },
    };
  });
