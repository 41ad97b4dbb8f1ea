// The building blocks of the query-string schemas (issue 24): each parameter is one zod schema that
// both reads a raw value and describes it. Express 5's simple parser gives a string, an array of
// strings when a name is repeated, or (for `a[b]=c`) an object; the first step of each schema
// (z.preprocess) checks that raw value and gives the typed value, the second (the inner schema) is
// what the value is, and is what z.toJSONSchema writes into /api/openapi.json (io: 'output').
//
// A failed check is a zod issue carrying its reason (a `reason.*` key of server/i18n.ts and its
// variables); parseQuery turns the first one into the BadRequestError the routes have always
// thrown, naming the parameter, with the English message of the same key.

import { z } from 'zod';
import { BadRequestError, type Reason } from '../errors.ts';
import { t, type ReasonKey } from '../i18n.ts';

/** A query string as Express 5's simple parser gives it. */
export type RawQuery = Record<string, unknown>;

/** `strict` (the API): unknown parameter names are refused. `lenient` (pages): they are ignored. */
export type ParamMode = 'strict' | 'lenient';

/** A route's query: one schema per parameter, in the order they are checked and documented. */
export type QuerySchema = z.ZodObject<Record<string, z.ZodType>>;

export const MAX_FILTER_VALUES = 20;
export const MAX_VALUE_LENGTH = 200;

// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;

type Ctx = z.core.$RefinementCtx;

/** Records a reason as the issue of this parameter; the parameter's name is added by parseQuery. */
function fail(ctx: Ctx, key: ReasonKey, vars: Record<string, string | number> = {}): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: key, params: { key, vars } });
  return z.NEVER;
}

/** A query-string value as a list: a string, or an array when repeated; anything else is refused. */
function valuesOf(raw: unknown, ctx: Ctx): string[] | undefined {
  if (raw === undefined) return [];
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.some((value) => typeof value !== 'string')) {
    fail(ctx, 'reason.plainText');
    return undefined;
  }
  return list as string[];
}

/** A parameter given at most once; an empty value counts as absent (an empty form field). */
function readSingle(raw: unknown, ctx: Ctx): string | undefined | typeof z.NEVER {
  const values = valuesOf(raw, ctx);
  if (values === undefined) return z.NEVER;
  if (values.length > 1) return fail(ctx, 'reason.once');
  const value = values[0];
  if (value === undefined || value.trim() === '') return undefined;
  if (HAS_CONTROL_CHAR.test(value)) return fail(ctx, 'reason.control');
  if (value.length > MAX_VALUE_LENGTH) return fail(ctx, 'reason.tooLong', { max: MAX_VALUE_LENGTH });
  return value.trim();
}

/** The values of a repeatable parameter: empty ones dropped, duplicates removed, at most 20 of 200 characters. */
function readList(raw: unknown, ctx: Ctx): string[] | typeof z.NEVER {
  const values = valuesOf(raw, ctx);
  if (values === undefined) return z.NEVER;
  if (values.length > MAX_FILTER_VALUES) return fail(ctx, 'reason.tooMany', { max: MAX_FILTER_VALUES });
  const kept: string[] = [];
  for (const value of values) {
    if (HAS_CONTROL_CHAR.test(value)) return fail(ctx, 'reason.control');
    if (value.length > MAX_VALUE_LENGTH) return fail(ctx, 'reason.tooLong', { max: MAX_VALUE_LENGTH });
    const trimmed = value.trim();
    if (trimmed !== '' && !kept.includes(trimmed)) kept.push(trimmed);
  }
  return kept;
}

function readInteger(raw: unknown, ctx: Ctx, min: number, max: number): number | undefined | typeof z.NEVER {
  const value = readSingle(raw, ctx);
  if (typeof value !== 'string') return value;
  const n = Number(value);
  if (!/^\d{1,9}$/.test(value) || n < min || n > max) return fail(ctx, 'reason.integer', { min, max });
  return n;
}

function readOneOf(raw: unknown, ctx: Ctx, allowed: readonly string[]): string | undefined | typeof z.NEVER {
  const value = readSingle(raw, ctx);
  if (typeof value !== 'string') return value;
  if (!allowed.includes(value)) return fail(ctx, 'reason.oneOf', { allowed: allowed.join(', ') });
  return value;
}

/**
 * Free text: control characters (a pasted tab or line break) become spaces rather than an error,
 * since they carry no meaning in a search; trimmed, at most `max` characters, '' when absent.
 */
export function textParam(max: number) {
  return z.preprocess((raw, ctx) => {
    const values = valuesOf(raw, ctx);
    if (values === undefined) return z.NEVER;
    if (values.length > 1) return fail(ctx, 'reason.once');
    const text = (values[0] ?? '').replace(CONTROL_CHARS, ' ').trim();
    if (text.length > max) return fail(ctx, 'reason.tooLong', { max });
    return text;
  }, z.string().max(max));
}

/** An id or key given at most once (trimmed; a control character or more than 200 characters refused). */
export function idParam() {
  return z.preprocess((raw, ctx) => readSingle(raw, ctx), z.string().max(MAX_VALUE_LENGTH).optional());
}

/**
 * A repeatable filter (`speaker=a&speaker=b`), read as a list; written as a form-exploded array in
 * the document. A control character is refused (no id holds one).
 */
export function listParam() {
  return z.preprocess((raw, ctx) => readList(raw, ctx), z.array(z.string().max(MAX_VALUE_LENGTH)).max(MAX_FILTER_VALUES));
}

/**
 * A value read as a list (so that a repeated identical value, or an empty one beside it, passes as
 * a filter would) but of which one at most may remain: compare's `question`.
 */
export function onceListParam() {
  return z.preprocess((raw, ctx) => {
    const values = readList(raw, ctx);
    if (!Array.isArray(values)) return values;
    if (values.length > 1) return fail(ctx, 'reason.once');
    return values[0];
  }, z.string().max(MAX_VALUE_LENGTH).optional());
}

/** A whole number from `min` to `max`; absent stays absent (a route or the engine applies its default). */
export function integerParam(min: number, max: number) {
  return z.preprocess((raw, ctx) => readInteger(raw, ctx, min, max), z.int().min(min).max(max).optional());
}

/** A whole number from `min` to `max`, `fallback` when absent. */
export function integerParamOr(min: number, max: number, fallback: number) {
  return z.preprocess((raw, ctx) => readInteger(raw, ctx, min, max), z.int().min(min).max(max).default(fallback));
}

/** One of `allowed`; absent stays absent. */
export function enumParam<const T extends readonly [string, ...string[]]>(allowed: T) {
  return z.preprocess((raw, ctx) => readOneOf(raw, ctx, allowed), z.enum(allowed).optional());
}

/** One of `allowed`, `fallback` when absent. */
export function enumParamOr<const T extends readonly [string, ...string[]]>(allowed: T, fallback: T[number]) {
  return z.preprocess((raw, ctx) => readOneOf(raw, ctx, allowed), z.enum(allowed).default(fallback as never));
}

/** A rank from 1 to `max`, or the word `word` (a key point's `point`: its rank, or "other"). */
export function rankOrWordParam<const W extends string>(max: number, word: W) {
  return z.preprocess((raw, ctx) => {
    const value = readSingle(raw, ctx);
    return value === word ? word : readInteger(raw, ctx, 1, max);
  }, z.union([z.int().min(1).max(max), z.literal(word)]).optional());
}

/** The names a route's query schema knows, in order. */
export function paramNames(schema: QuerySchema): string[] {
  return Object.keys(schema.shape);
}

/** In strict mode, refuses any parameter not in `allowed`, naming it. A nameless one ("?=x", "?&&") is ignored. */
export function checkParamNames(params: RawQuery, allowed: readonly string[], mode: ParamMode = 'strict'): void {
  if (mode === 'lenient') return;
  for (const name of Object.keys(params)) {
    if (name !== '' && !allowed.includes(name)) {
      const shown = (name.length > 40 ? `${name.slice(0, 40)}…` : name).replace(CONTROL_CHARS, '?');
      throw new BadRequestError(`unknown parameter "${shown}"; allowed: ${allowed.join(', ')}`, { key: 'reason.unknownParam', vars: { name: shown, allowed: allowed.join(', ') } });
    }
  }
}

/** The reason of a zod issue this module made (or, for a schema that went wrong, a generic one naming the parameter). */
function badRequest(issue: z.core.$ZodIssue): BadRequestError {
  const name = String(issue.path[0] ?? '');
  const params = (issue as { params?: { key?: ReasonKey; vars?: Record<string, string | number> } }).params;
  const reason: Reason = params?.key ? { key: params.key, vars: { name, ...params.vars } } : { key: 'reason.badRequest' };
  const message = params?.key ? t('en')(reason.key, reason.vars) : `parameter "${name}": ${issue.message}`;
  return new BadRequestError(message, reason);
}

/**
 * Reads a raw query against a route's schema: in strict mode an unknown name is a 400 first; then
 * each known parameter in the schema's order, the first bad one a 400 naming it. Unknown names
 * are dropped (lenient pages carry utm_source and the like).
 */
export function parseQuery<S extends QuerySchema>(schema: S, params: RawQuery, mode: ParamMode = 'strict'): z.output<S> {
  checkParamNames(params, paramNames(schema), mode);
  const result = schema.safeParse(params);
  if (!result.success) throw badRequest(result.error.issues[0]!);
  return result.data;
}

/** One value on its own against a parameter schema (a download's `format`, a question's `table`), named `name` in errors. */
export function parseValue<S extends z.ZodType>(name: string, schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const [issue] = result.error.issues;
    throw badRequest({ ...issue!, path: [name] });
  }
  return result.data;
}

/**
 * A 400 when the query string's percent-encoding is malformed (`?q=%E0%A4%A`, a lone surrogate
 * `%ED%A0%80`): Node's query parser would quietly turn it into U+FFFD, and a search would run on
 * characters nobody typed. A path's is already refused by Express ("Failed to decode param").
 */
export function checkQueryEncoding(url: string): void {
  const start = url.indexOf('?');
  if (start < 0 || !url.includes('%', start)) return;
  for (const part of url.slice(start + 1).split(/[&=]/)) {
    try {
      decodeURIComponent(part);
    } catch {
      throw new BadRequestError('the query string has a malformed percent-encoding', { key: 'reason.encoding' });
    }
  }
}
