import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { secretFields } from '@dalal/config';
import { gatewayConfigSchema } from '@dalal/gateway';
import { marketDataConfigSchema } from '@dalal/market-data';
import { orderExecutionConfigSchema } from '@dalal/order-execution';
import { telegramConfigSchema } from '@dalal/telegram';

const chart = join(__dirname, '..', '..', '..', 'infrastructure/helm/dalal');
const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const templateFiles = readdirSync(join(chart, 'templates')).filter((f) => f.endsWith('.yaml'));
const template = (file: string) => readFileSync(join(chart, 'templates', file), 'utf8');

/**
 * Helm is not installable here, so templates are not rendered. This stand-in drops the lines that are only
 * template actions (if/range/end/include … | nindent) and turns inline actions into a placeholder, which
 * leaves the YAML skeleton each template produces: enough to catch broken indentation and structure, not
 * a substitute for `helm template` (the chart's README says so).
 */
function skeleton(text: string): Array<Record<string, unknown>> {
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*\{\{[^}]*\}\}\s*$/.test(line))
    .map((line) => line.replace(/\{\{[^}]*\}\}/g, 'x'));
  return parseAllDocuments(lines.join('\n'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as Record<string, unknown> | null;
    })
    .filter((doc): doc is Record<string, unknown> => doc !== null);
}

function valueAt(path: string[]): unknown {
  let node: unknown = values;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

describe('the Helm chart infrastructure/helm/dalal', () => {
  it('has a v2 Chart.yaml and a values.yaml that parse', () => {
    const meta = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as Record<string, string>;
    expect(meta).toMatchObject({ apiVersion: 'v2', name: 'dalal', type: 'application' });
    expect(Object.keys(values.services as object).sort()).toEqual([
      'gateway',
      'market-data',
      'order-execution',
      'risk-manager',
      'strategy-engine',
    ]);
  });

  it.each(templateFiles)('%s reduces to Kubernetes objects with apiVersion and kind', (file) => {
    const docs = skeleton(template(file));
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(Object.keys(doc)).toEqual(expect.arrayContaining(['apiVersion', 'kind']));
  });

  it('uses only values that values.yaml defines', () => {
    const sources = [
      ...templateFiles.map(template),
      readFileSync(join(chart, 'templates/_helpers.tpl'), 'utf8'),
    ];
    const used = new Set(
      sources.flatMap((text) => [...text.matchAll(/\.Values((?:\.[A-Za-z_][\w]*)+)/g)].map((m) => m[1]!)),
    );
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((path) => valueAt(path.slice(1).split('.')) === undefined);
    expect(missing).toEqual([]);
  });

  it('gives every service a Deployment with liveness, readiness and startup probes, resources and a PDB', () => {
    const kinds = skeleton(template('deployments.yaml')).map((d) => d['kind']);
    expect(kinds).toEqual(['Deployment', 'Service', 'PodDisruptionBudget']);
    const text = template('deployments.yaml');
    expect(text).toContain('path: /health/live');
    expect(text).toContain('path: /health/ready');
    expect(text).toContain('startupProbe:');
    expect(text).toContain('toYaml $svc.resources');
    for (const svc of Object.values(values.services as Record<string, { resources: { limits: object } }>)) {
      expect(Object.keys(svc.resources.limits)).toEqual(['cpu', 'memory']);
    }
  });

  it('migrates in a hook Job before upgrades, and references secrets without ever holding one', () => {
    expect(template('migration-job.yaml')).toMatch(/helm\.sh\/hook: .*pre-upgrade/);
    for (const file of templateFiles) {
      const kinds = skeleton(template(file)).map((d) => d['kind']);
      expect({ file, secret: kinds.includes('Secret') }).toEqual({ file, secret: false });
    }
    expect(readFileSync(join(chart, 'templates/_helpers.tpl'), 'utf8')).toContain('secretKeyRef');
  });

  it('lists in secrets.keys every secret the services’ config schemas mark', () => {
    const keys = (values.secrets as { keys: string[] }).keys;
    const marked = [
      gatewayConfigSchema,
      marketDataConfigSchema,
      orderExecutionConfigSchema,
      telegramConfigSchema,
    ].flatMap((schema) => Object.keys(secretFields(schema)));
    // DATABASE_URL and REDIS_URL are built by the chart from POSTGRES_PASSWORD and the Redis settings.
    const needed = [...new Set(marked)].filter((name) => name !== 'DATABASE_URL' && name !== 'REDIS_URL');
    expect(needed).toEqual(
      expect.arrayContaining(['KITE_API_SECRET', 'TOKEN_ENCRYPTION_KEY', 'JWT_SECRET', 'TELEGRAM_BOT_TOKEN']),
    );
    expect(needed.filter((name) => !keys.includes(name))).toEqual([]);
  });

  it('offers bundled or external Redis and Postgres, and a ServiceMonitor', () => {
    expect(template('redis.yaml')).toMatch(/^\{\{- if \.Values\.redis\.bundled \}\}/);
    expect(template('postgres.yaml')).toMatch(/^\{\{- if \.Values\.postgres\.bundled \}\}/);
    expect(readFileSync(join(chart, 'templates/_helpers.tpl'), 'utf8')).toContain('redis.url is required');
    expect(skeleton(template('servicemonitor.yaml'))[0]).toMatchObject({ kind: 'ServiceMonitor' });
  });
});
