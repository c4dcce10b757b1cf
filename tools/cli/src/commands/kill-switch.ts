import { parseArgs } from 'node:util';

import { RedisStreamStore, StreamPublisher } from '@dalal/bus';
import { CONTROL_COMMAND, type ControlCommand, controlStream } from '@dalal/contracts';
import {
  AlertsAuditRepository,
  databaseConfigFromEnv,
  isPersistenceError,
  openDatabase,
  type PrismaService,
  type StoredTradingState,
  TradingStateRepository,
} from '@dalal/persistence';

import { rejectExtraPositionals } from '../arguments';
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type AsyncCommand,
  type CommandResult,
  UsageError,
} from '../command';

export const KILL_SWITCH_USAGE =
  'dalal kill-switch --reason TEXT [--scope ACCOUNT|<strategy id>] [--actor NAME] [--json] | dalal kill-switch --status [--json]';
export const REARM_USAGE =
  'dalal rearm --reason TEXT [--force] [--mode paper|live] [--scope ACCOUNT|<strategy id>] [--actor NAME] [--json]';

type Env = Readonly<Record<string, string | undefined>>;

/** The desk's two connections: Postgres (the state, the audit log) and Redis (the control stream). */
interface Desk {
  prisma: PrismaService;
  states: TradingStateRepository;
  audit: AlertsAuditRepository;
  /** Publishes on the control stream; returns the envelope id. */
  publish(command: ControlCommand): Promise<string>;
  close(): Promise<void>;
}

async function openDesk(env: Env, withBus: boolean): Promise<Desk> {
  const redisUrl = env['REDIS_URL']?.trim();
  if (withBus && !redisUrl)
    throw new UsageError('REDIS_URL must be set (the control stream the services read)');
  if (!env['DATABASE_URL']?.trim() && !env['DATA_DIR']?.trim())
    throw new UsageError('DATABASE_URL (or DATA_DIR for the embedded database) must be set');
  const prisma = await openDatabase(databaseConfigFromEnv({ ...env }));
  const store = withBus ? new RedisStreamStore(redisUrl!) : undefined;
  const publisher = store ? new StreamPublisher(store, { source: 'cli' }) : undefined;
  return {
    prisma,
    states: new TradingStateRepository(prisma),
    audit: new AlertsAuditRepository(prisma),
    publish: async (command) => (await publisher!.publish(controlStream(), CONTROL_COMMAND, command)).id,
    async close() {
      await store?.close();
      await prisma.close();
    },
  };
}

function actorOf(value: string | undefined, env: Env): string {
  return value ?? `cli:${env['USER'] ?? env['LOGNAME'] ?? 'unknown'}`;
}

function reasonOf(value: string | undefined): string {
  if (value === undefined || value.trim() === '')
    throw new UsageError('--reason is required (it goes in the audit log)');
  return value;
}

const line = (s: StoredTradingState) =>
  `${new Date(s.at).toISOString()}  ${s.scope}  ${s.state.padEnd(8)}  ${s.actor}: ${s.reason}`;

/** Errors to exit codes: bad arguments 2, a refusal or an unreachable system 1 with the reason. */
async function run(usage: string, body: () => Promise<{ text: string; json: unknown; asJson: boolean }>) {
  try {
    const { text, json, asJson } = await body();
    return { exitCode: EXIT_OK, stdout: `${asJson ? JSON.stringify(json) : text}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof UsageError || (isPersistenceError(error) && error.code === 'INVALID_INPUT'))
      return { exitCode: EXIT_USAGE, stdout: '', stderr: `error: ${error.message}\nusage: ${usage}\n` };
    if (isPersistenceError(error) && error.code === 'TRADING_STATE_REFUSED')
      return { exitCode: EXIT_FAILURE, stdout: '', stderr: `refused: ${error.message}\n` };
    const message = error instanceof Error ? error.message : String(error);
    return { exitCode: EXIT_FAILURE, stdout: '', stderr: `error: ${message}\n` };
  }
}

/**
 * Engages the kill switch the way the gateway does: HALTED is written first (who, when, why), then
 * KILL_SWITCH goes on the control stream — so even if the publish fails, or a service is down, every
 * service that starts or sends an order reads HALTED. `--status` prints the state and recent changes.
 */
export function killSwitchCommand(env: Env): AsyncCommand {
  return (args, { clock }): Promise<CommandResult> =>
    run(KILL_SWITCH_USAGE, async () => {
      const { values, positionals } = parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          reason: { type: 'string' },
          scope: { type: 'string' },
          actor: { type: 'string' },
          status: { type: 'boolean' },
          json: { type: 'boolean' },
        },
      });
      rejectExtraPositionals(positionals, 0);
      const asJson = values.json ?? false;
      if (values.status) {
        const desk = await openDesk(env, false);
        try {
          const current = await desk.states.current(values.scope);
          const history = await desk.states.history({ scope: values.scope, limit: 10 });
          return {
            asJson,
            json: { current, history },
            text: [`state in force: ${line(current)}`, 'recent changes:', ...history.map(line)].join('\n'),
          };
        } finally {
          await desk.close();
        }
      }
      const reason = reasonOf(values.reason);
      const actor = actorOf(values.actor, env);
      const scope = values.scope ?? 'ACCOUNT';
      const at = clock.now();
      const desk = await openDesk(env, scope === 'ACCOUNT');
      try {
        const { previous, current } = await desk.states.change({ scope, state: 'HALTED', actor, reason, at });
        await desk.audit.recordOperatorAction({
          actor,
          action: 'kill_switch.engage',
          target: scope,
          details: { reason, previous: previous.state },
          at,
        });
        // The account-wide switch also tells the services at once (cancel-all + flatten); a strategy's halt
        // is read by order-execution before each of that strategy's orders.
        const messageId =
          scope === 'ACCOUNT'
            ? await desk.publish({ command: 'KILL_SWITCH', issuedBy: actor, reason })
            : null;
        return {
          asJson,
          json: { previous, current, messageId },
          text:
            `HALTED ${scope} (was ${previous.state}) by ${actor}: ${reason}` +
            (messageId
              ? `\nKILL_SWITCH published (${messageId}): open orders cancelled, positions flattened`
              : ''),
        };
      } finally {
        await desk.close();
      }
    });
}

/**
 * The explicit re-arm: refused while positions from before the kill are still open unless --force
 * (which the audit log and the stored reason record); on success REARM goes on the control stream.
 */
export function rearmCommand(env: Env): AsyncCommand {
  return (args, { clock }): Promise<CommandResult> =>
    run(REARM_USAGE, async () => {
      const { values, positionals } = parseArgs({
        args: [...args],
        allowPositionals: true,
        strict: true,
        options: {
          reason: { type: 'string' },
          force: { type: 'boolean' },
          mode: { type: 'string' },
          scope: { type: 'string' },
          actor: { type: 'string' },
          json: { type: 'boolean' },
        },
      });
      rejectExtraPositionals(positionals, 0);
      const reason = reasonOf(values.reason);
      if (values.mode !== undefined && values.mode !== 'paper' && values.mode !== 'live')
        throw new UsageError(`--mode must be paper or live, got "${values.mode}"`);
      const mode = values.mode as 'paper' | 'live' | undefined;
      const actor = actorOf(values.actor, env);
      const scope = values.scope ?? 'ACCOUNT';
      const force = values.force ?? false;
      const at = clock.now();
      const desk = await openDesk(env, scope === 'ACCOUNT');
      try {
        const { previous, current, openPositions } = await desk.states.rearm({
          scope,
          actor,
          reason,
          at,
          force,
          mode,
        });
        await desk.audit.recordOperatorAction({
          actor,
          action: 'kill_switch.rearm',
          target: scope,
          details: { reason, previous: previous.state, force, openPositions: openPositions.length },
          at,
        });
        const messageId =
          scope === 'ACCOUNT' ? await desk.publish({ command: 'REARM', issuedBy: actor }) : null;
        return {
          asJson: values.json ?? false,
          json: {
            previous,
            current,
            openPositions: openPositions.map((p) => ({ ...p, netQuantity: p.netQuantity.toString() })),
            messageId,
          },
          text: `${current.state} ${scope} (was ${previous.state}) by ${actor}: ${current.reason}`,
        };
      } finally {
        await desk.close();
      }
    });
}
