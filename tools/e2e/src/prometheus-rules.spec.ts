import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parse } from 'yaml';

import { metricsRegistry } from '@dalal/observability';

const root = join(__dirname, '..', '..', '..');
const prometheusDir = join(root, 'infrastructure/prometheus');
const grafanaDir = join(root, 'grafana');

interface PrometheusRule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: 'critical' | 'warning' };
}

interface AlertTest {
  alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }>;
}

/** promtool from Debian's `prometheus` package; .ci/run installs it. */
function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: prometheusDir, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const { code, stdout, stderr } = err as { code?: string; stdout?: string; stderr?: string };
    if (code === 'ENOENT')
      throw new Error('promtool not found: apt-get install prometheus (as .ci/run does)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

const alertRules = (): PrometheusRule[] =>
  (
    parse(readFileSync(join(prometheusDir, 'alerts.yml'), 'utf8')) as {
      groups: Array<{ rules: PrometheusRule[] }>;
    }
  ).groups.flatMap((group) => group.rules);

interface GrafanaRule {
  title: string;
  for: string;
  data: Array<{ refId: string; model: { expr?: string } }>;
}

const grafanaRules = (): GrafanaRule[] =>
  (
    parse(readFileSync(join(grafanaDir, 'provisioning/alerting/rules.yaml'), 'utf8')) as {
      groups: Array<{ rules: GrafanaRule[] }>;
    }
  ).groups.flatMap((group) => group.rules);

interface Dashboard {
  uid: string;
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

const dashboards = (): Dashboard[] =>
  readdirSync(join(grafanaDir, 'dashboards'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(join(grafanaDir, 'dashboards', file), 'utf8')) as Dashboard);

/** Every PromQL query the dashboards and the Grafana alert rules run. */
const grafanaQueries = (): string[] => [
  ...dashboards().flatMap((d) => d.panels.flatMap((p) => p.targets.map((t) => t.expr))),
  ...grafanaRules().flatMap((r) => r.data.flatMap((d) => (d.model.expr ? [d.model.expr] : []))),
];

const PROMQL_WORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges, grouping
 * clauses, function calls, keywords and numbers are taken away.
 */
function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const next = bare.slice(match.index + word.length).trimStart();
    if (next.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

/** Names the services export: the registry's, the series a histogram or summary adds, and Prometheus' `up`. */
function exportedNames(): Set<string> {
  const names = new Set(['up']);
  for (const metric of metricsRegistry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

describe('Prometheus configuration and alert rules', () => {
  it('pass promtool check config and check rules', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
    expect(promtool('check', 'rules', 'alerts.yml')).toContain('SUCCESS');
  });

  it('pass their unit tests (promtool test rules)', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it('cover every alert of the issue, each tested both firing and quiet', () => {
    const alerts = alertRules().map((r) => r.alert);
    expect(alerts).toEqual([
      'DalalServiceDown',
      'DalalFeedStale',
      'DalalConsumerLagGrowing',
      'DalalDeadLetters',
      'DalalOrderLatencyHigh',
      'DalalDailyLossNearLimit',
      'DalalDailyLossLimitReached',
      'DalalBrokerSessionInvalid',
      'DalalReconciliationMismatch',
      'DalalKillSwitchEngaged',
    ]);
    const cases = (
      parse(readFileSync(join(prometheusDir, 'alerts.test.yml'), 'utf8')) as { tests: AlertTest[] }
    ).tests.flatMap((t) => t.alert_rule_test);
    for (const alert of alerts) {
      const own = cases.filter((c) => c.alertname === alert);
      expect({ alert, fires: own.some((c) => c.exp_alerts.length > 0) }).toEqual({ alert, fires: true });
      expect({ alert, quiet: own.some((c) => c.exp_alerts.length === 0) }).toEqual({ alert, quiet: true });
    }
  });

  it('read only metrics that libs/observability defines', () => {
    const known = exportedNames();
    const used = alertRules().flatMap((r) => metricNamesIn(r.expr));
    expect(used).toContain('broker_session_valid');
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('Grafana provisioning', () => {
  it('has the Trading, Latency and System dashboards, reading only metrics that libs/observability defines', () => {
    expect(
      dashboards()
        .map((d) => d.uid)
        .sort(),
    ).toEqual(['dalal-latency', 'dalal-system', 'dalal-trading']);
    const known = exportedNames();
    const used = new Set(grafanaQueries().flatMap(metricNamesIn));
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((name) => !known.has(name))).toEqual([]);
  });

  it('runs queries that parse as PromQL (checked by promtool as recording rules)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dalal-grafana-'));
    try {
      const rules = grafanaQueries().map(
        (expr, i) => `      - record: grafana:query:${i}\n        expr: ${JSON.stringify(expr)}`,
      );
      writeFileSync(
        join(dir, 'queries.yml'),
        `groups:\n  - name: grafana\n    rules:\n${rules.join('\n')}\n`,
      );
      expect(promtool('check', 'rules', join(dir, 'queries.yml'))).toContain(
        `SUCCESS: ${rules.length} rules found`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pages on the same critical alerts as Prometheus, with the same expressions and delays', () => {
    const critical = alertRules().filter((r) => r.labels.severity === 'critical');
    const grafana = grafanaRules();
    expect(grafana.map((r) => r.title)).toEqual(critical.map((r) => r.alert));
    for (const rule of critical) {
      const mirror = grafana.find((r) => r.title === rule.alert)!;
      expect(mirror.data[0]!.model.expr).toBe(`(${rule.expr.trim()}) * 0 + 1`);
      expect(mirror.for).toBe(rule.for ?? '0s');
    }
  });

  it('sends Grafana’s alerts to Telegram with the token from the environment, never a value', () => {
    const contact = readFileSync(join(grafanaDir, 'provisioning/alerting/contact-points.yaml'), 'utf8');
    const parsed = parse(contact) as {
      contactPoints: Array<{ receivers: Array<{ type: string; settings: Record<string, string> }> }>;
      policies: Array<{ receiver: string }>;
    };
    const receiver = parsed.contactPoints[0]!.receivers[0]!;
    expect(receiver.type).toBe('telegram');
    expect(receiver.settings['bottoken']).toBe('${TELEGRAM_BOT_TOKEN}');
    expect(parsed.policies[0]!.receiver).toBe('telegram');
  });
});

describe('metric names in a PromQL expression', () => {
  it('are told apart from functions, labels, grouping, ranges and keywords', () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.99, sum by (le, stage) (rate(order_latency_seconds_bucket{stage="x y"}[5m]))) > 1 and on () hour() >= 3 unless up offset 10m',
      ).sort(),
    ).toEqual(['order_latency_seconds_bucket', 'up']);
  });
});
