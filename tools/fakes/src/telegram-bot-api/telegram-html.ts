/** The tags Telegram's HTML parse mode accepts (Bot API "Formatting options"). */
const TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type TelegramHtmlCheck = { ok: true; visibleText: string } | { ok: false; error: string };

/**
 * Parses text the way Telegram's HTML parse mode does and refuses what it refuses: a tag outside the
 * supported set, an unclosed or mismatched tag, a bare `<` or `&` that is not part of a tag or an entity,
 * a named entity other than &lt; &gt; &amp; &quot;. On success returns the text a phone shows (tags
 * dropped, entities decoded), so tests can read a message as the trader does.
 */
export function checkTelegramHtml(html: string): TelegramHtmlCheck {
  const open: string[] = [];
  let visible = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { ok: false, error: `unclosed start tag at byte offset ${i}` };
      const inner = html.slice(i + 1, end);
      const closing = inner.startsWith('/');
      const name = /^\/?([a-z-]+)/.exec(inner)?.[1];
      if (!name) return { ok: false, error: `unexpected "<" at byte offset ${i}` };
      if (!TAGS.has(name)) return { ok: false, error: `unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        const last = open.pop();
        if (last !== name)
          return { ok: false, error: `unmatched end tag at byte offset ${i}, expected "</${last ?? ''}>"` };
      } else {
        if (name === 'a' && !/\shref="[^"]*"/.test(inner))
          return { ok: false, error: `a tag without href at byte offset ${i}` };
        open.push(name);
      }
      i = end + 1;
      continue;
    }
    if (ch === '&') {
      const semi = html.indexOf(';', i);
      const entity = semi < 0 ? '' : html.slice(i + 1, semi);
      const decoded = decodeEntity(entity);
      if (decoded === undefined) return { ok: false, error: `unsupported entity at byte offset ${i}` };
      visible += decoded;
      i = semi + 1;
      continue;
    }
    visible += ch;
    i += 1;
  }
  if (open.length > 0) return { ok: false, error: `can't find end tag corresponding to "<${open.at(-1)}>"` };
  return { ok: true, visibleText: visible };
}

function decodeEntity(entity: string): string | undefined {
  if (entity in NAMED_ENTITIES) return NAMED_ENTITIES[entity];
  const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity)?.[1];
  if (numeric === undefined) return undefined;
  const code = numeric.startsWith('x') ? parseInt(numeric.slice(1), 16) : parseInt(numeric, 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** What a phone shows for an HTML message; throws with Telegram's reason when Telegram would refuse it. */
export function telegramVisibleText(html: string): string {
  const checked = checkTelegramHtml(html);
  if (!checked.ok) throw new Error(`Telegram would refuse this HTML: ${checked.error}`);
  return checked.visibleText;
}
