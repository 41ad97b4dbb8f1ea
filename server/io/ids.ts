// Ids for imported material. They are derived from the source (a row id, a node id, a topic's
// text) rather than from an import counter, so that importing the same file again gives the same
// ids and every permalink /u/<id> keeps working.

import { createHash } from 'node:crypto';

/** Speaker and question ids (data/README.md): lower-case letters, digits and dashes. */
export const REGISTRY_ID = /^[a-z0-9][a-z0-9-]*$/;
/** Unit ids, position ids and slugs: also `_` and `.`. */
export const UNIT_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** Longest slug we derive from free text: ids end up in URLs and file names. */
const MAX_SLUG = 60;

/** "Le community management est-il…" → "le-community-management-est-il"; '' when nothing is left. */
export function slugify(text: string, maxLength = MAX_SLUG): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cut at a word boundary when there is one in the second half, so the id stays readable.
  const cut = slug.slice(0, maxLength);
  const dash = cut.lastIndexOf('-');
  return (dash > maxLength / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

/** A source id made safe for a unit or position id: keeps `_` and `.`, lower-cases the rest. */
export function idPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');
}

/** A short hash that stays the same for the same inputs, whatever the row order. */
export function stableHash(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part.normalize('NFC').trim().replace(/\s+/g, ' ')).update('\u0000');
  return hash.digest('hex').slice(0, 12);
}

/** Folds case, accents and spacing, to match a name against a speaker's name and aliases. */
export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
