import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

interface Probe {
  file: string;
  code: string;
}

/**
 * Writes probe files into real projects, lints them with the real ESLint CLI (so the project graph, tags
 * and type information apply), and removes them again.
 */
function lint(probes: Record<string, Probe>): Record<string, string> {
  const paths = Object.values(probes).map((p) => join(root, p.file));
  try {
    for (const [i, probe] of Object.values(probes).entries()) writeFileSync(paths[i]!, probe.code);
    const run = spawnSync(join(root, 'node_modules/.bin/eslint'), ['--format', 'json', ...paths], {
      cwd: root,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; message: string }>;
    }>;
    return Object.fromEntries(
      Object.keys(probes).map((name, i) => [
        name,
        results
          .find((r) => r.filePath === paths[i])!
          .messages.map((m) => `${m.ruleId}: ${m.message}`)
          .join('\n'),
      ]),
    );
  } finally {
    for (const path of paths) rmSync(path, { force: true });
  }
}

describe('module boundaries and lint rules', () => {
  let messages: Record<string, string> = {};
  beforeAll(() => {
    messages = lint({
      pureImportsRedis: {
        file: 'libs/domain/src/probe-redis.ts',
        code: "import Redis from 'ioredis';\nexport const r = Redis;\n",
      },
      pureImportsNest: {
        file: 'libs/market/src/probe-nest.ts',
        code: "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n",
      },
      pureImportsBus: {
        // strategies, not domain: the contracts import domain, so a domain → bus probe is reported as a cycle first
        file: 'libs/strategies/src/probe-bus.ts',
        code: "import { StreamPublisher } from '@dalal/bus';\nexport const p = StreamPublisher;\n",
      },
      appImportsApp: {
        file: 'apps/gateway/src/probe-app.ts',
        code: "import { RiskManagerModule } from '@dalal/risk-manager';\nexport const m = RiskManagerModule;\n",
      },
      appImportsLibs: {
        file: 'apps/gateway/src/probe-libs.ts',
        code: "import { StreamPublisher } from '@dalal/bus';\nimport { formatInr } from '@dalal/domain';\nexport const both = [StreamPublisher, formatInr];\n",
      },
      brokersImportBacktest: {
        file: 'libs/brokers/src/probe-backtest.ts',
        code: "import { runBacktest } from '@dalal/backtest';\nexport const r = runBacktest;\n",
      },
      brokersAndBacktestImportSimulator: {
        file: 'libs/brokers/src/probe-simulator.ts',
        code: "import { SimulatedExchange } from '@dalal/simulator';\nexport const s = SimulatedExchange;\n",
      },
      droppedPromise: {
        file: 'libs/bus/src/probe-promise.ts',
        code: 'async function send(): Promise<void> {}\nexport function f(): void {\n  send();\n}\n',
      },
    });
  }, 60_000);

  it('forbid a pure lib to import Redis', () => {
    expect(messages['pureImportsRedis']).toMatch(/enforce-module-boundaries: .*"type:pure".*"ioredis"/);
  });

  it('forbid a pure lib to import Nest', () => {
    expect(messages['pureImportsNest']).toMatch(/enforce-module-boundaries: .*"@nestjs\/common"/);
  });

  it('forbid a pure lib to import infrastructure libs', () => {
    expect(messages['pureImportsBus']).toMatch(/enforce-module-boundaries: .*type:pure/);
  });

  it('forbid an app to import another app', () => {
    expect(messages['appImportsApp']).toMatch(/enforce-module-boundaries/);
  });

  it('let an app use pure and infrastructure libs', () => {
    expect(messages['appImportsLibs']).toBe('');
  });

  it('forbid the brokers to import the backtester; the simulated exchange is theirs through @dalal/simulator', () => {
    expect(messages['brokersImportBacktest']).toMatch(/enforce-module-boundaries: .*"role:backtester"/);
    expect(messages['brokersAndBacktestImportSimulator']).toBe('');
  });

  it('flag a dropped promise, which could be a lost order', () => {
    expect(messages['droppedPromise']).toMatch(/no-floating-promises/);
  });
});
