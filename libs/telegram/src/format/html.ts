/** Escapes text for Telegram's HTML parse mode: only <, > and & are special outside attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (a link's href) for Telegram's HTML parse mode. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

export const bold = (text: string): string => `<b>${escapeHtml(text)}</b>`;
export const code = (text: string): string => `<code>${escapeHtml(text)}</code>`;
export const link = (href: string, text: string): string =>
  `<a href="${escapeAttribute(href)}">${escapeHtml(text)}</a>`;
