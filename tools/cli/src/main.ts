import { systemClock } from '@dalal/market';

import { runCliAsync } from './cli';

// The process edge: the only place that reads the wall clock, the environment and touches stdio.
void runCliAsync(process.argv.slice(2), { clock: systemClock }, process.env).then((result) => {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
});
