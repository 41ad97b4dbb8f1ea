// Our structured filters as a Meilisearch filter expression. Attribute names come only from our
// whitelist; every value is a quoted, escaped string, so no value can change the expression's shape.

import { BadRequestError } from '../../errors.ts';
import { FACET_FIELDS, type FacetField, type SearchFilters } from '../engine.ts';

const FACET_FIELD_SET: ReadonlySet<string> = new Set(FACET_FIELDS);

export function isFacetField(name: string): name is FacetField {
  return FACET_FIELD_SET.has(name);
}

/**
 * A filter string literal: double-quoted, with backslash and double quote escaped (Meilisearch
 * unescapes `\\` and `\"` inside quotes since v1.4). Lone UTF-16 surrogates are replaced because
 * the server's JSON parser refuses them, which would turn a bad value into a failed search.
 */
export function quoteFilterValue(value: string): string {
  const wellFormed = value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return `"${wellFormed.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * `(speaker = "a" OR speaker = "b") AND kind = "argument"`: values of one field are OR-ed, fields
 * are AND-ed, in FACET_FIELDS order so that equal filters give equal strings. Undefined when
 * nothing is filtered. `question` and `position` are lists (a unit's codes): Meilisearch's `=`
 * matches a list holding the value, and its facet distribution counts a document once per value.
 */
export function buildFilter(filters: SearchFilters | undefined): string | undefined {
  if (!filters) return undefined;
  for (const name of Object.keys(filters)) {
    if (!isFacetField(name)) {
      throw new BadRequestError(`Cannot filter on "${name.slice(0, 40)}": filters are ${FACET_FIELDS.join(', ')}`);
    }
  }
  const clauses: string[] = [];
  for (const field of FACET_FIELDS) {
    // Own keys only: a value inherited from a prototype was never given by the caller.
    const values = Object.hasOwn(filters, field) ? filters[field] : undefined;
    if (values === undefined) continue;
    if (!Array.isArray(values)) throw new BadRequestError(`Filter ${field} must be a list of values`);
    const distinct = [...new Set(values)];
    for (const value of distinct) {
      if (typeof value !== 'string') throw new BadRequestError(`Filter ${field} must hold text values`);
    }
    if (distinct.length === 0) continue;
    const terms = distinct.map((value) => `${field} = ${quoteFilterValue(value)}`);
    clauses.push(terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`);
  }
  return clauses.length === 0 ? undefined : clauses.join(' AND ');
}
