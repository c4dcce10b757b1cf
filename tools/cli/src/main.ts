import { systemClock } from '@dalal/market';

import { runCli } from './cli';

// The process edge: the only place that reads the wall clock and touches stdio.
const result = runCli(process.argv.slice(2), { clock: systemClock });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
