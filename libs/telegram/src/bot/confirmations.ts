import { randomBytes } from 'node:crypto';

export type ConfirmedAction = 'kill' | 'resume';

export type ConfirmationResult =
  { ok: true; action: ConfirmedAction } | { ok: false; why: 'unknown' | 'expired' | 'not_yours' };

interface Pending {
  action: ConfirmedAction;
  userId: number;
  expiresAt: number;
}

/**
 * Questions the bot asked with a button ("Engage the kill switch?") and has not had answered. Each
 * answer is good once, for the user who was asked, within `ttlMs`: an old message scrolled up in the chat
 * cannot kill trading tomorrow, and a second tap does not kill twice.
 */
export class Confirmations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly ttlMs = 60_000) {}

  ask(action: ConfirmedAction, userId: number, nowMs: number): string {
    for (const [nonce, p] of this.pending) if (p.expiresAt <= nowMs) this.pending.delete(nonce);
    const nonce = randomBytes(8).toString('hex');
    this.pending.set(nonce, { action, userId, expiresAt: nowMs + this.ttlMs });
    return nonce;
  }

  /** Consumes the question `nonce` when `userId` may answer it now. */
  answer(nonce: string, userId: number, nowMs: number): ConfirmationResult {
    const p = this.pending.get(nonce);
    if (!p) return { ok: false, why: 'unknown' };
    if (p.userId !== userId) return { ok: false, why: 'not_yours' };
    this.pending.delete(nonce);
    if (p.expiresAt <= nowMs) return { ok: false, why: 'expired' };
    return { ok: true, action: p.action };
  }

  /** Forgets a question the user declined. */
  cancel(nonce: string, userId: number): boolean {
    const p = this.pending.get(nonce);
    if (!p || p.userId !== userId) return false;
    return this.pending.delete(nonce);
  }
}
