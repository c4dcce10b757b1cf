import { checkTelegramHtml, telegramVisibleText } from './telegram-html';

describe("the fake's Telegram HTML check", () => {
  it('shows a formatted trade alert as the phone does: tags dropped, entities decoded', () => {
    expect(telegramVisibleText('<b>NIFTY 25000 CE</b> BUY &amp; hold &lt;3 &#8377;1,20,000.00')).toBe(
      'NIFTY 25000 CE BUY & hold <3 ₹1,20,000.00',
    );
  });

  it('refuses a bare "<" or "&" the way Telegram answers "can\'t parse entities"', () => {
    expect(checkTelegramHtml('P&L < 0')).toEqual({ ok: false, error: 'unsupported entity at byte offset 1' });
    expect(checkTelegramHtml('loss < 0')).toMatchObject({ ok: false });
  });

  it('refuses tags Telegram does not know, unclosed tags and mismatched ends', () => {
    expect(checkTelegramHtml('<div>x</div>')).toMatchObject({
      ok: false,
      error: expect.stringContaining('div'),
    });
    expect(checkTelegramHtml('<b>x')).toMatchObject({ ok: false });
    expect(checkTelegramHtml('<b><i>x</b></i>')).toMatchObject({ ok: false });
    expect(checkTelegramHtml('<a>link</a>')).toMatchObject({ ok: false });
  });

  it('accepts links and code blocks', () => {
    expect(
      telegramVisibleText('<a href="https://kite.zerodha.com/connect/login?v=3&amp;api_key=k">Log in</a>'),
    ).toBe('Log in');
    expect(telegramVisibleText('<pre><code>a</code></pre>')).toBe('a');
  });
});
