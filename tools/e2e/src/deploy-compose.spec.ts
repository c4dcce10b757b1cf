import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';
import { type z } from 'zod';

import { secretFields } from '@dalal/config';
import { gatewayConfigSchema } from '@dalal/gateway';
import { marketDataConfigSchema } from '@dalal/market-data';
import { orderExecutionConfigSchema } from '@dalal/order-execution';
import { telegramConfigSchema } from '@dalal/telegram';

const root = join(__dirname, '..', '..', '..');
const SERVICES = {
  gateway: 3000,
  'market-data': 3001,
  'strategy-engine': 3002,
  'risk-manager': 3003,
  'order-execution': 3004,
} as const;

interface ComposeService {
  image?: string;
  command?: string[];
  restart?: string;
  environment?: Record<string, string | number | null>;
  volumes?: Array<string | { source?: string; target: string; read_only?: boolean }>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

interface Compose {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const requiredEnv = { POSTGRES_PASSWORD: 'compose-spec-pg', GRAFANA_ADMIN_PASSWORD: 'compose-spec-grafana' };

let dockerCompose: boolean | undefined;
function hasDockerCompose(): boolean {
  dockerCompose ??= spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
  return dockerCompose;
}

/**
 * The file as Compose resolves it. `docker-compose config` (Debian's docker-compose, installed by .ci/run)
 * validates it against the Compose schema and resolves anchors and variables; without it the YAML is only
 * parsed here with merge keys, so the structural checks below still run but the schema is not checked.
 */
function resolvedCompose(): Compose {
  const env = { PATH: process.env['PATH'] ?? '', ...requiredEnv };
  if (hasDockerCompose()) {
    const text = execFileSync('docker-compose', ['config'], { cwd: root, env, encoding: 'utf8' });
    return parse(text) as Compose;
  }
  return parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
}

const volumeTargets = (service: ComposeService) =>
  (service.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));
const volumeSources = (service: ComposeService) =>
  (service.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source));

describe('docker-compose.yml', () => {
  const compose = resolvedCompose();

  it('is valid for docker-compose and refuses to start without the database password', () => {
    expect(hasDockerCompose()).toBe(true); // .ci/run installs Debian's docker-compose
    const missing = spawnSync('docker-compose', ['config', '-q'], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', GRAFANA_ADMIN_PASSWORD: 'x' },
      encoding: 'utf8',
    });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('set POSTGRES_PASSWORD in .env');
  }, 120_000); // docker-compose is a Python program: slow to start on a busy machine

  it('keeps Redis streams in an append-only file and Postgres on a volume', () => {
    const { redis, postgres } = compose.services;
    expect(redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(volumeTargets(redis!)).toContain('/data');
    expect(volumeTargets(postgres!)).toContain('/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['redis-data', 'postgres-data']));
  });

  it('migrates once, after Postgres is healthy, before any service starts', () => {
    const migrate = compose.services['migrate']!;
    expect(migrate.command).toEqual(['migrate']);
    expect(migrate.restart).toBe('no');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it.each(Object.entries(SERVICES))(
    'runs %s from the one image with its readiness probe, a restart policy and start-up order',
    (name, port) => {
      const service = compose.services[name]!;
      expect(service.image).toBe('dalal:local');
      expect(service.command).toEqual([name]);
      expect(service.restart).toBe('unless-stopped');
      expect(String(service.environment!['PORT'])).toBe(String(port));
      expect(service.environment!['REDIS_URL']).toBe('redis://redis:6379');
      expect(service.environment!['DATABASE_URL']).toBe(
        `postgres://dalal:${requiredEnv.POSTGRES_PASSWORD}@postgres:5432/dalal`,
      );
      expect(service.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
      expect(service.depends_on).toEqual({
        redis: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    },
  );

  it('passes each service every secret its config schema marks, from .env', () => {
    const schemas: Record<string, z.ZodType[]> = {
      gateway: [gatewayConfigSchema, telegramConfigSchema],
      'market-data': [marketDataConfigSchema],
      'order-execution': [orderExecutionConfigSchema],
    };
    for (const [name, list] of Object.entries(schemas)) {
      const marked = list.flatMap((schema) => Object.keys(secretFields(schema)));
      const passed = Object.keys(compose.services[name]!.environment ?? {});
      expect({ name, missing: marked.filter((secret) => !passed.includes(secret)) }).toEqual({
        name,
        missing: [],
      });
    }
  });

  it('provisions Prometheus and Grafana from the files in the repository', () => {
    const { prometheus, grafana } = compose.services;
    const sources = [...volumeSources(prometheus!), ...volumeSources(grafana!)].map((s) =>
      (s ?? '').replace(root, '.'),
    );
    expect(sources).toEqual(
      expect.arrayContaining([
        './infrastructure/prometheus',
        './grafana/provisioning',
        './grafana/dashboards',
      ]),
    );
    const prometheusConfig = readFileSync(join(root, 'infrastructure/prometheus/prometheus.yml'), 'utf8');
    for (const [name, port] of Object.entries(SERVICES))
      expect(prometheusConfig).toContain(`'${name}:${port}'`);
    expect(grafana!.environment!['PROMETHEUS_URL']).toBe('http://prometheus:9090');
  });
});

describe('the Docker image', () => {
  const dockerfile = readFileSync(join(root, 'infrastructure/Dockerfile'), 'utf8');

  it('is built in stages and runs as an unprivileged user with production dependencies only', () => {
    const stages = dockerfile.split('\n').filter((line) => /^FROM /.test(line));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(runtime).toContain('ENTRYPOINT ["/app/infrastructure/docker-entrypoint.sh"]');
  });

  it('starts every app by name and refuses an unknown one, naming the choices', () => {
    const entrypoint = readFileSync(join(root, 'infrastructure/docker-entrypoint.sh'), 'utf8');
    for (const app of readdirSync(join(root, 'apps'))) expect(entrypoint).toMatch(new RegExp(`\\b${app}\\b`));
    const unknown = spawnSync('sh', [join(root, 'infrastructure/docker-entrypoint.sh'), 'trader'], {
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain("unknown service 'trader': one of gateway, market-data");
  });

  it('leaves local data, dependencies and secrets out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.env', 'data', '.git']));
  });
});
