// A deterministic synthetic corpus for the benchmark and the load tests: French-like text with
// accents, elisions and Zipf-distributed words, spread over realistic numbers of speakers,
// questions (each with several positions) and debates. Same seed, same corpus, byte for byte,
// so two runs (or two engines) are always measured on the same data.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { formatCode, indexCorpus, MEDIA, withCodes, type Corpus, type Debate, type Question, type Speaker, type Unit, type UnitKind } from '../../server/corpus/model.ts';
import { toSearchDocuments } from '../../server/search/documents.ts';
import type { SearchDocument } from '../../server/search/engine.ts';

export interface GenerateOptions {
  units: number;
  seed?: number;
}

export interface GeneratedCorpus {
  corpus: Corpus;
  documents: SearchDocument[];
  /** Words of the vocabulary, most frequent first: the query mix is drawn from it. */
  vocabulary: readonly string[];
}

export const DEFAULT_SEED = 20_101_012;

/** mulberry32: tiny, fast and good enough for test data; Math.random cannot be seeded. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type Random = () => number;

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * Draws ranks 0..n-1 with probability ∝ 1/(rank+1+q)^s (Zipf–Mandelbrot), by binary search over the
 * cumulative weights. The offset q keeps the most frequent content word near 2% of the words, as in
 * real text once function words are set apart (they are drawn separately).
 */
export function zipfSampler(random: Random, n: number, s = 1.05, q = 10): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / Math.pow(i + 1 + q, s);
    cumulative[i] = sum;
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'ch', 'pr', 'tr', 'cr', 'gr', 'pl', 'bl', 'qu', 'gu', 'ç', 'fl', 'br', 'st'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'é', 'è', 'ê', 'à', 'ou', 'ai', 'au', 'eu', 'oi', 'œu', 'â', 'î', 'ô', 'û', 'ie', 'é'];
const CODAS = ['', '', '', '', 'n', 'r', 's', 'l', 'nt', 'x', 'mp', 'rt', 'st', 'c'];
const SUFFIXES = ['tion', 'ment', 'ique', 'eur', 'ée', 'té', 'ence', 'age', 'isme', 'iste', 'oire', 'elle', 'ère', 'ier', 'çon', 'ance'];

/** Real French content words, many accented, so that folding and elisions are exercised on real forms. */
const REAL_WORDS = [
  'communauté', 'stratégie', 'entreprise', 'agence', 'stagiaire', 'expérience', 'métier', 'réseau', 'marché', 'société',
  'visibilité', 'qualité', 'créativité', 'légitimité', 'responsabilité', 'médias', 'éditorial', 'réputation', 'fidélité',
  'écoute', 'élève', 'étude', 'équipe', 'économie', 'échange', 'événement', 'évolution', 'être', 'rêve', 'fenêtre', 'tête',
  'forêt', 'intérêt', 'château', 'âge', 'théâtre', 'problème', 'système', 'règle', 'modèle', 'deuxième', 'première', 'frère',
  'mère', 'père', 'lumière', 'manière', 'matière', 'carrière', 'garçon', 'façon', 'leçon', 'reçu', 'français', 'commerçant',
  'cœur', 'œuvre', 'sœur', 'vœu', 'nœud', 'œil', 'manœuvre', 'déjà', 'voilà', 'là', 'au-delà', 'où', 'goût', 'coût', 'août',
  'naïf', 'maïs', 'noël', 'aiguë', 'hôpital', 'hôtel', 'côté', 'contrôle', 'rôle', 'pôle', 'diplôme', 'île', 'dîner', 'connaître',
  'paraître', 'maître', 'huître', 'client', 'marque', 'contenu', 'message', 'public', 'relation', 'travail', 'temps', 'projet',
  'outil', 'valeur', 'conversation', 'animation', 'modération', 'formation', 'professionnel', 'junior', 'senior', 'budget',
  'campagne', 'produit', 'service', 'histoire', 'exemple', 'question', 'réponse', 'argument', 'opinion', 'débat', 'idée',
  'avenir', 'emploi', 'salaire', 'compétence', 'confiance', 'influence', 'audience', 'présence', 'communication', 'publicité',
  'écrire', 'répondre', 'démontrer', 'préférer', 'espérer', 'réussir', 'échouer', 'créer', 'gérer', 'développer', 'améliorer',
  'élevé', 'différent', 'intéressant', 'nécessaire', 'général', 'spécifique', 'numérique', 'stratégique', 'économique', 'sérieux',
  'honnête', 'prêt', 'sûr', 'mûr', 'entière', 'légère', 'étrangère', 'dernière', 'fière', 'chère', 'élu', 'énergie', 'écologie',
];

/** Closed-class words mixed into the sentences, as real French text is full of them. */
const FUNCTION_WORDS = ['le', 'la', 'les', 'un', 'une', 'des', 'de', 'du', 'et', 'est', 'en', 'pour', 'dans', 'sur', 'pas', 'plus', 'mais', 'avec', 'qui', 'que', 'ce', 'il', 'elle', 'on', 'nous', 'vous', 'au', 'aux', 'par', 'très', 'aussi', 'donc', 'à'];
const ELISIONS = ["l'", "d'", "qu'", "j'", "n'", "s'", "c'"];
const ELIDING_START = /^[aeiouyéèêàâîôûœh]/;

const FIRST_NAMES = ['Sébastien', 'Sandra', 'Génaro', 'Hélène', 'Éric', 'Chloé', 'Jérôme', 'Amélie', 'François', 'Cécile', 'Benoît', 'Gaëlle', 'Noël', 'Anaïs', 'Joël', 'Maëlle', 'Léa', 'Théo', 'Zoé', 'Loïc', 'Aurélie', 'Mathéo', 'Inès', 'Frédéric', 'Valérie', 'Stéphane', 'Agnès', 'Rémi', 'Solène', 'André'];
const LAST_NAMES = ['Robin', 'Ducrocq', 'Lefèvre', 'Bélanger', 'Girard', 'Lemaître', 'Chevalier', 'Dubœuf', 'Moreau', 'Lefrançois', 'Bonnefoy', 'Mercier', 'Rousseau', 'Fontaine', 'Garçon', 'Hébert', 'Rivière', 'Côté', 'Benoît', 'Ménard', 'Lévêque', 'Pérez', 'Faure', 'Brûlé', 'Deschênes', 'Noël'];
const KIND_WEIGHTS: readonly [UnitKind, number][] = [['comment', 0.45], ['argument', 0.3], ['turn', 0.2], ['author-view', 0.05]];
const ENGLISH_WORDS = ['should', 'community', 'management', 'work', 'brand', 'company', 'public', 'relations', 'strategy', 'agency', 'intern', 'value', 'trust', 'future', 'media', 'job', 'skills', 'budget'];

/** ~2,500 invented words plus the real ones, shuffled so that accented real words land at every frequency. */
export function buildVocabulary(random: Random, size = 2500): string[] {
  const words = new Set<string>();
  let guard = 0;
  while (words.size < size && guard++ < size * 20) {
    const syllables = between(random, 1, 3);
    let word = '';
    for (let i = 0; i < syllables; i++) word += pick(random, ONSETS) + pick(random, VOWELS);
    word += random() < 0.35 ? pick(random, SUFFIXES) : pick(random, CODAS);
    if (word.length >= 3 && !FUNCTION_WORDS.includes(word)) words.add(word);
  }
  const all = [...words, ...REAL_WORDS.filter((w) => !words.has(w))];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as string, all[i] as string];
  }
  return all;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('fr') + text.slice(1);
}

function sentence(random: Random, vocabulary: readonly string[], nextRank: () => number): string {
  const length = between(random, 5, 18);
  const words: string[] = [];
  for (let i = 0; i < length; i++) {
    if (random() < 0.35) {
      words.push(pick(random, FUNCTION_WORDS));
      continue;
    }
    const word = vocabulary[nextRank()] as string;
    words.push(ELIDING_START.test(word) && random() < 0.5 ? pick(random, ELISIONS) + word : word);
  }
  if (random() < 0.08) words.splice(between(random, 0, words.length), 0, String(between(random, 2, 2025)));
  const end = random() < 0.15 ? ' ?' : random() < 0.1 ? ' !' : '.';
  return capitalise(words.join(' ')) + end;
}

function slugify(text: string): string {
  return text
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function isoDate(random: Random): string {
  const day = new Date(Date.UTC(2008, 0, 1) + Math.floor(random() * 17 * 365) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

function pickKind(random: Random): UnitKind {
  let r = random();
  for (const [kind, weight] of KIND_WEIGHTS) {
    r -= weight;
    if (r < 0) return kind;
  }
  return 'comment';
}

/** Counts for a corpus of `units` argument units, from the ratios of real debate corpora. */
export function corpusShape(units: number): { speakers: number; questions: number; debates: number } {
  return {
    speakers: Math.min(5000, Math.max(10, Math.round(units / 50))),
    questions: Math.max(3, Math.round(units / 500)),
    debates: Math.max(1, Math.round(units / 200)),
  };
}

export function generateCorpus(options: GenerateOptions): GeneratedCorpus {
  const random = createRandom(options.seed ?? DEFAULT_SEED);
  // Second codes come from their own stream, so that the rest of the corpus is what it always was.
  const codeRandom = createRandom((options.seed ?? DEFAULT_SEED) ^ 0x5eed);
  const total = Math.max(0, Math.floor(options.units));
  const shape = corpusShape(total);
  const vocabulary = buildVocabulary(random);
  const nextRank = zipfSampler(random, vocabulary.length);
  const title = (min: number, max: number): string => {
    const n = between(random, min, max);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(random() < 0.3 ? pick(random, FUNCTION_WORDS) : (vocabulary[nextRank()] as string));
    return capitalise(words.join(' '));
  };

  const speakers: Speaker[] = [];
  const speakerIds = new Set<string>();
  for (let i = 0; i < shape.speakers; i++) {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    let id = slugify(name);
    if (speakerIds.has(id)) id = `${id}-${i}`;
    speakerIds.add(id);
    const first = name.split(' ')[0] as string;
    speakers.push({
      id,
      name,
      aliases: random() < 0.5 ? [first, `${first.toLowerCase()}${between(random, 1, 99)}`] : [],
      links: [],
      description: random() < 0.3 ? title(6, 12) + '.' : '',
    });
  }

  const questions: Question[] = [];
  for (let i = 0; i < shape.questions; i++) {
    const positionCount = between(random, 3, 7);
    questions.push({
      id: `q${i + 1}`,
      title: `${title(4, 9)} ?`,
      titleEn: `${capitalise(Array.from({ length: between(random, 3, 6) }, () => pick(random, ENGLISH_WORDS)).join(' '))}?`,
      description: '',
      positions: Array.from({ length: positionCount }, (_, p) => ({
        id: `p${p + 1}`,
        label: p === 0 ? 'Oui' : p === 1 ? 'Non' : title(2, 6),
        description: '',
      })),
    });
  }

  const speakerRank = zipfSampler(random, speakers.length, 0.9, 2);
  const debates: Debate[] = [];
  const units: Unit[] = [];
  for (let d = 0; d < shape.debates; d++) {
    const debateTitle = title(3, 8);
    const slug = `debat-${d + 1}-${slugify(debateTitle).slice(0, 40)}`.replace(/-$/, '');
    const participants = [...new Set(Array.from({ length: between(random, 3, 25) }, () => (speakers[speakerRank()] as Speaker).id))];
    const debateQuestions = [...new Set(Array.from({ length: between(random, 1, 4) }, () => pick(random, questions)))];
    debates.push({
      slug,
      title: debateTitle,
      date: isoDate(random),
      medium: pick(random, MEDIA),
      language: 'fr',
      participants,
      summary: `${title(8, 20)}.`,
      sources: [],
    });
    // Units are spread evenly, the remainder going to the first debates.
    const count = Math.floor(total / shape.debates) + (d < total % shape.debates ? 1 : 0);
    const first = units.length;
    for (let order = 1; order <= count; order++) {
      const speaker = random() < 0.8 ? pick(random, participants) : (speakers[speakerRank()] as Speaker).id;
      const question = random() < 0.6 ? pick(random, debateQuestions) : undefined;
      const position = question && random() < 0.8 ? pick(random, question.positions).id : undefined;
      const sentences = between(random, 1, 3);
      const unit: Unit = {
        id: `${slug.slice(0, 24).replace(/-$/, '')}-u${order}`,
        debate: slug,
        speaker,
        kind: pickKind(random),
        text: Array.from({ length: sentences }, () => sentence(random, vocabulary, nextRank)).join(' '),
        relations: [],
        order,
      };
      if (question) unit.question = question.id;
      if (position) unit.position = position;
      // About one coded unit in five takes a position on a second question of its debate (several
      // codes per unit), so the engines' list columns are measured too.
      const other = question && codeRandom() < 0.2 ? debateQuestions.find((q) => q !== question) : undefined;
      if (question && other) {
        const first = position === undefined ? { question: question.id } : { question: question.id, position };
        Object.assign(unit, withCodes(unit, [first, { question: other.id, position: pick(codeRandom, other.positions).id }]));
      }
      if (order > 1 && random() < 0.15) unit.replyTo = (units[between(random, first, units.length - 1)] as Unit).id;
      units.push(unit);
    }
  }

  debates.sort((a, b) => a.date.localeCompare(b.date) || a.slug.localeCompare(b.slug));
  const debateOrder = new Map(debates.map((debate, i) => [debate.slug, i]));
  units.sort((a, b) => (debateOrder.get(a.debate) ?? 0) - (debateOrder.get(b.debate) ?? 0) || a.order - b.order);
  const corpus: Corpus = { debates, speakers, questions, units };
  return { corpus, documents: toSearchDocuments(indexCorpus(corpus)), vocabulary };
}

/** Writes the corpus in the authoring format of data/README.md, so the real loader and validator read it. */
export async function writeCorpusFolder(corpus: Corpus, dir: string): Promise<void> {
  await mkdir(path.join(dir, 'debates'), { recursive: true });
  const speakers = corpus.speakers.map((s) => ({
    id: s.id,
    name: s.name,
    ...(s.aliases.length ? { aliases: s.aliases } : {}),
    ...(s.description ? { description: s.description } : {}),
  }));
  const questions = corpus.questions.map((q) => ({
    id: q.id,
    title: q.title,
    titleEn: q.titleEn,
    positions: q.positions.map((p) => ({ id: p.id, label: p.label })),
  }));
  await writeFile(path.join(dir, 'speakers.yaml'), stringify(speakers));
  await writeFile(path.join(dir, 'questions.yaml'), stringify(questions));
  const unitsByDebate = new Map<string, Unit[]>();
  for (const unit of corpus.units) {
    const list = unitsByDebate.get(unit.debate) ?? [];
    list.push(unit);
    unitsByDebate.set(unit.debate, list);
  }
  for (const debate of corpus.debates) {
    const front = stringify({
      slug: debate.slug,
      title: debate.title,
      date: debate.date,
      medium: debate.medium,
      language: debate.language,
      participants: debate.participants,
    });
    const parts = [`---\n${front}---\n\n${debate.summary}\n`];
    for (const unit of unitsByDebate.get(debate.slug) ?? []) {
      const attributes = [`- speaker: ${unit.speaker}`, `- kind: ${unit.kind}`];
      if (unit.question) attributes.push(`- question: ${unit.question}`);
      if (unit.position) attributes.push(`- position: ${unit.position}`);
      for (const code of (unit.codes ?? []).slice(1)) attributes.push(`- code: ${formatCode(code)}`);
      if (unit.replyTo) attributes.push(`- reply-to: ${unit.replyTo}`);
      parts.push(`## ${unit.id}\n${attributes.join('\n')}\n\n${unit.text}\n`);
    }
    await writeFile(path.join(dir, 'debates', `${debate.slug}.md`), parts.join('\n'));
  }
}

// `tsx scripts/bench/generate-corpus.ts --units 10000 --out tmp/corpus-10k` writes a corpus folder.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const units = Number(value('--units') ?? '10000');
  const out = value('--out');
  const generated = generateCorpus({ units, seed: Number(value('--seed') ?? DEFAULT_SEED) });
  const { corpus } = generated;
  if (out) await writeCorpusFolder(corpus, path.resolve(out));
  process.stderr.write(
    `${corpus.units.length} units, ${corpus.speakers.length} speakers, ${corpus.questions.length} questions, ${corpus.debates.length} debates${out ? ` written to ${out}` : ''}\n`,
  );
}
