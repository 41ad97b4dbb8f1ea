// The HTTP part of the benchmark that issue 12 asked for: distinct queries (not a rotation the
// answer cache keeps), and the weight of every kind of HTML page on the generated corpus.
//   distinctSearchPaths: 2,000 different searches built from the corpus's vocabulary (single words
//     across frequency bands, pairs, prefixes, a filter now and then), in a fixed order.
//   heaviestPages: the pages most likely to be heavy (each page of the debate, speaker and question
//     with the most units, a unit page, searches with the largest page, a comparison of the four
//     busiest speakers), fetched once each; the report gives the heaviest per kind against 300 KB.

import type { Corpus } from '../../server/corpus/model.ts';

export const DISTINCT_QUERIES = 2000;
/** The weight every HTML page must stay under (issue 12). */
export const PAGE_WEIGHT_LIMIT = 300 * 1024;

/** `count` distinct query strings (a word, two words, a prefix), deterministic for one vocabulary. */
export function distinctQueries(vocabulary: readonly string[], count = DISTINCT_QUERIES): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (q: string): void => {
    const query = q.trim();
    if (query.length >= 2 && !seen.has(query)) {
      seen.add(query);
      out.push(query);
    }
  };
  const n = vocabulary.length;
  for (let i = 0; out.length < count && i < count * 4; i++) {
    const a = vocabulary[(i * 7919) % n] ?? '';
    const b = vocabulary[(i * 104729 + 13) % n] ?? '';
    switch (i % 4) {
      case 0:
        add(a);
        break;
      case 1:
        add(`${a} ${b}`);
        break;
      case 2:
        add(a.slice(0, Math.max(3, Math.ceil(a.length / 2))));
        break;
      default:
        add(`${b} ${a}`);
    }
  }
  return out;
}

/** Search paths for `route`, one per distinct query; one in ten also filters by a speaker. */
export function distinctSearchPaths(route: string, queries: readonly string[], speakers: readonly string[]): string[] {
  return queries.map((q, i) => {
    const filter = i % 10 === 9 && speakers.length > 0 ? `&speaker=${encodeURIComponent(speakers[i % speakers.length] ?? '')}` : '';
    return `${route}?q=${encodeURIComponent(q)}${filter}`;
  });
}

function busiest<K>(keys: Iterable<K>): K[] {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}

/** The pages to weigh, by kind, on a corpus; page numbers follow the site's page sizes (50 units). */
export function heaviestPages(corpus: Corpus, vocabulary: readonly string[]): { kind: string; path: string }[] {
  const pagesOf = (units: number): number[] => Array.from({ length: Math.min(20, Math.max(1, Math.ceil(units / 50))) }, (_, i) => i + 1);
  const debates = busiest(corpus.units.map((u) => u.debate));
  const speakers = busiest(corpus.units.map((u) => u.speaker));
  const questions = busiest(corpus.units.flatMap((u) => (u.question ? [u.question] : [])));
  const count = (pick: (u: Corpus['units'][number]) => string | undefined, value: string | undefined): number => corpus.units.filter((u) => pick(u) === value).length;
  const pages: { kind: string; path: string }[] = [];
  const debate = debates[0];
  if (debate) for (const p of pagesOf(count((u) => u.debate, debate))) pages.push({ kind: 'debate page', path: `/debates/${encodeURIComponent(debate)}?page=${p}` });
  const speaker = speakers[0];
  if (speaker) for (const p of pagesOf(count((u) => u.speaker, speaker))) pages.push({ kind: 'speaker page', path: `/speakers/${encodeURIComponent(speaker)}?page=${p}` });
  const question = questions[0];
  if (question) for (const p of pagesOf(count((u) => u.question, question))) pages.push({ kind: 'question page', path: `/questions/${encodeURIComponent(question)}?page=${p}` });
  // The question's largest key point and the units under none, each on its first page (issue 23).
  if (question) for (const point of ['1', 'other']) pages.push({ kind: 'key point page', path: `/questions/${encodeURIComponent(question)}/key-points/${point}` });
  const longest = [...corpus.units].sort((a, b) => b.text.length - a.text.length)[0];
  if (longest) pages.push({ kind: 'unit page', path: `/u/${encodeURIComponent(longest.id)}` });
  pages.push({ kind: 'search page', path: '/search' });
  pages.push({ kind: 'search page', path: '/search?limit=100' });
  pages.push({ kind: 'search page', path: `/search?q=${encodeURIComponent(vocabulary[0] ?? '')}&limit=100` });
  pages.push({ kind: 'compare page', path: `/compare?${speakers.slice(0, 4).map((s) => `speaker=${encodeURIComponent(s)}`).join('&')}${question ? `&question=${encodeURIComponent(question)}` : ''}` });
  pages.push({ kind: 'lists', path: '/speakers' });
  pages.push({ kind: 'lists', path: '/questions' });
  pages.push({ kind: 'lists', path: '/debates' });
  return pages;
}

export interface PageWeight {
  kind: string;
  pages: number;
  /** The heaviest page of the kind. */
  max_kb: number;
  max_path: string;
  status: number;
  over_limit: boolean;
}

/** Fetches each page once and keeps the heaviest of each kind. */
export async function weighPages(port: number, pages: readonly { kind: string; path: string }[]): Promise<PageWeight[]> {
  const byKind = new Map<string, PageWeight>();
  for (const page of pages) {
    const response = await fetch(`http://127.0.0.1:${port}${page.path}`);
    const bytes = (await response.arrayBuffer()).byteLength;
    const seen = byKind.get(page.kind);
    if (!seen) byKind.set(page.kind, { kind: page.kind, pages: 1, max_kb: bytes / 1024, max_path: page.path, status: response.status, over_limit: bytes > PAGE_WEIGHT_LIMIT });
    else {
      seen.pages++;
      if (bytes / 1024 > seen.max_kb || response.status !== 200) Object.assign(seen, { max_kb: bytes / 1024, max_path: page.path, status: response.status, over_limit: bytes > PAGE_WEIGHT_LIMIT });
    }
  }
  return [...byKind.values()].map((w) => ({ ...w, max_kb: Math.round(w.max_kb * 10) / 10 }));
}
