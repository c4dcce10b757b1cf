import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function dalal(...args: string[]) {
  return spawnSync(process.execPath, ['-r', './tools/register.js', 'tools/cli/src/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('the dalal process', () => {
  it('prints the Holi-shifted NIFTY weekly as JSON', () => {
    const result = dalal('expiry', 'NIFTY', '--on', '2026-02-26', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      expiry: '2026-03-02',
      scheduled: '2026-03-03',
      shiftedFor: 'Holi',
    });
  });

  it('exits 2 with a message on stderr for a bad date', () => {
    const result = dalal('expiry', 'NIFTY', '--on', 'tomorrow');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--on must be a YYYY-MM-DD date/);
  });
});
