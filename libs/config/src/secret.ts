import { z } from 'zod';

/** How a marked field's value is kept out of logs: the whole value, or the password inside a URL. */
export type SecretKind = 'value' | 'url-password';

const marked = z.registry<{ kind: SecretKind }>();

/**
 * Marks a config field as a secret, once, in the schema that declares it: `loadConfig` hands its value to
 * the log and error-body scrubber, so no second hand-kept list of secret names can drift from the schema.
 */
export function secret<T extends z.ZodType>(schema: T): T {
  marked.add(schema, { kind: 'value' });
  return schema;
}

/** A connection URL whose password (if any) is secret, while host and database stay readable in logs. */
export function credentialUrl<T extends z.ZodType>(schema: T): T {
  marked.add(schema, { kind: 'url-password' });
  return schema;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a wrapper (optional, default, pipe, preprocess, transform) is built from. */
function inner(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  return [def.innerType, def.in, def.out].filter((s): s is z.ZodType => s !== undefined);
}

function kindOf(schema: z.ZodType, seen = new Set<z.ZodType>()): SecretKind | undefined {
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  const own = marked.get(schema)?.kind;
  if (own) return own;
  for (const part of inner(schema)) {
    const kind = kindOf(part, seen);
    if (kind) return kind;
  }
  return undefined;
}

function objectShape(schema: z.ZodType, seen = new Set<z.ZodType>()): Record<string, z.ZodType> | undefined {
  if (seen.has(schema)) return undefined;
  seen.add(schema);
  const def = defOf(schema);
  if (def.type === 'object' && def.shape) return def.shape;
  for (const part of inner(schema)) {
    const shape = objectShape(part, seen);
    if (shape) return shape;
  }
  return undefined;
}

/** The variables a config schema marks secret, with how each is kept out of logs. */
export function secretFields(schema: z.ZodType): Record<string, SecretKind> {
  const shape = objectShape(schema) ?? {};
  const fields: Record<string, SecretKind> = {};
  for (const [name, field] of Object.entries(shape)) {
    const kind = kindOf(field);
    if (kind) fields[name] = kind;
  }
  return fields;
}

/** The secret strings of a loaded configuration (or raw environment) under a schema's marks. */
export function secretValues(schema: z.ZodType, values: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, kind] of Object.entries(secretFields(schema))) {
    const value = values[name];
    if (typeof value !== 'string' || value === '') continue;
    if (kind === 'value') out.push(value);
    else out.push(...urlPassword(value));
  }
  return out;
}

function urlPassword(value: string): string[] {
  try {
    const { password } = new URL(value);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [value]; // not a URL: treat it all as secret rather than guess
  }
}
