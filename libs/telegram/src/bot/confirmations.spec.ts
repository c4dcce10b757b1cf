import { Confirmations } from './confirmations';

describe('confirmation buttons', () => {
  it('an answer counts once, only from the user asked, only within the time to live', () => {
    const book = new Confirmations(60_000);
    const nonce = book.ask('kill', 1, 0);
    expect(book.answer(nonce, 2, 1_000)).toEqual({ ok: false, why: 'not_yours' });
    expect(book.answer(nonce, 1, 1_000)).toEqual({ ok: true, action: 'kill' });
    expect(book.answer(nonce, 1, 2_000)).toEqual({ ok: false, why: 'unknown' });

    const late = book.ask('resume', 1, 0);
    expect(book.answer(late, 1, 60_000)).toEqual({ ok: false, why: 'expired' });
  });

  it('a declined question cannot be answered afterwards', () => {
    const book = new Confirmations();
    const nonce = book.ask('kill', 1, 0);
    expect(book.cancel(nonce, 2)).toBe(false);
    expect(book.cancel(nonce, 1)).toBe(true);
    expect(book.answer(nonce, 1, 1)).toEqual({ ok: false, why: 'unknown' });
  });
});
