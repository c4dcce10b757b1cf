import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '../../../..');

/**
 * Runs `body` against the ESM-only `trading-signals` package in a child Node process (Jest here
 * runs CommonJS and cannot load it). `body` sees `ts` (the package) and `input` (JSON-decoded) and
 * must assign `output`; numbers come back through JSON, so NaN/undefined come back as null.
 */
export function withTradingSignals<T>(body: string, input: unknown): T {
  const script = [
    "import * as ts from 'trading-signals';",
    "import { readFileSync } from 'node:fs';",
    "const input = JSON.parse(readFileSync(0, 'utf8'));",
    'let output;',
    body,
    'process.stdout.write(JSON.stringify(output));',
  ].join('\n');
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    input: JSON.stringify(input),
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  return JSON.parse(stdout) as T;
}
