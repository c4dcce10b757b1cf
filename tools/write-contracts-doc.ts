import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { contractsMarkdown } from '@dalal/contracts';

writeFileSync(join(__dirname, '..', 'docs', 'contracts.md'), contractsMarkdown());
