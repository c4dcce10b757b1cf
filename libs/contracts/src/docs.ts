import { z } from 'zod';

import { messageCatalog, type MessageType } from './catalog';

/** The message reference in docs/contracts.md, generated from the same schemas that validate the wire. */
export function contractsMarkdown(): string {
  const lines = [
    '# Bus messages',
    '',
    'Generated from `libs/contracts` by `npm run docs:contracts`; do not edit by hand.',
    '',
    'Every message is an envelope `{ id (ULID), type, v, ts (UTC ISO), correlationId, source, payload }`,',
    'stored as JSON in the field `m` of a Redis Stream entry. Money and prices are decimal strings.',
    'A message that fails validation is moved to `dlq.<stream>` with the reason.',
    '',
  ];
  for (const type of Object.keys(messageCatalog) as MessageType[]) {
    const entry = messageCatalog[type];
    lines.push(`## \`${type}\` (v${entry.v}) on \`${entry.family}\``, '');
    lines.push('```json', JSON.stringify(z.toJSONSchema(entry.payload, { io: 'input' }), null, 2), '```', '');
  }
  return lines.join('\n');
}
