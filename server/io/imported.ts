// What every importer produces: one debate with its units, plus the speakers and questions it
// needs that the corpus does not have yet. Importers reuse what the corpus already holds (a
// speaker found by name or alias, a question found by id) instead of writing it twice.

import { AppError } from '../errors.ts';
import type { Debate, Position, Question, Speaker, Unit } from '../corpus/model.ts';
import { REGISTRY_ID, nameKey, slugify, stableHash } from './ids.ts';

export interface ImportedDebate {
  debate: Debate;
  /** Speakers to write: those the corpus lacks. */
  speakers: Speaker[];
  /** Questions to write: those the corpus lacks. */
  questions: Question[];
  units: Unit[];
  /** Things the user should know that do not stop the import. */
  warnings: string[];
}

/** The input cannot be imported; every problem names its row (file:line) or node id. */
export class ImportError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '';
    super('bad_request', 400, `Nothing was imported:\n${shown.map((p) => `  ${p}`).join('\n')}${more}`);
    this.problems = problems;
  }
}

/** The explicit speaker of rows that name nobody: an import never invents a person. */
export const ANONYMOUS_ID = 'anonymous';

const ANONYMOUS_NAMES: Record<string, string> = { fr: 'Contributeur anonyme', en: 'Anonymous contributor' };
const ANONYMOUS_DESCRIPTIONS: Record<string, string> = {
  fr: 'Représente les auteurs des contributions importées qui ne nomment personne.',
  en: 'Stands for the authors of imported material that names nobody.',
};

function languageBase(language: string): string {
  return language.toLowerCase().split('-')[0] ?? 'en';
}

/**
 * Turns speaker names into speaker ids: an existing speaker whose id, name or alias matches is
 * reused, otherwise one new speaker per distinct name is created.
 */
export class SpeakerResolver {
  /** Folded name → the speaker it names and the name as the speaker's record writes it. */
  private readonly byKey = new Map<string, { id: string; written: string }>();
  private readonly existingIds: Set<string>;
  private readonly created = new Map<string, Speaker>();
  private readonly nameById = new Map<string, string>();
  /** Names kept apart from a speaker with the same id: a reviewer should decide. */
  readonly notes: string[] = [];

  constructor(
    existing: readonly Speaker[],
    private readonly language: string,
    /**
     * Whether a value that is exactly a speaker id means that speaker before any name does: true
     * for CSV, whose speaker column may hold ids (a CSV export does), false for AIF names.
     */
    private readonly idsFirst = false,
  ) {
    this.existingIds = new Set(existing.map((s) => s.id));
    for (const speaker of existing) this.nameById.set(speaker.id, speaker.name);
    this.indexNames(existing);
  }

  private indexNames(existing: readonly Speaker[]): void {
    // Names before aliases before ids: a speaker's own name wins over another's alias.
    const passes = [(s: Speaker) => [s.name], (s: Speaker) => s.aliases, (s: Speaker) => [s.id]];
    for (const namesOf of passes) {
      for (const speaker of existing) {
        for (const name of namesOf(speaker)) {
          if (!this.byKey.has(nameKey(name))) this.byKey.set(nameKey(name), { id: speaker.id, written: name });
        }
      }
    }
  }

  /** The id for a name; a missing or blank name is the anonymous speaker. */
  resolve(name: string | undefined): string {
    const trimmed = name?.trim() ?? '';
    if (trimmed === '') return this.anonymous();
    if (this.isIdFirst(trimmed)) return trimmed;
    const known = this.byKey.get(nameKey(trimmed));
    if (known) return known.id;
    let id = slugify(trimmed);
    if (!REGISTRY_ID.test(id)) id = `speaker-${stableHash(trimmed)}`;
    // Two different names folding to one id: keep them apart rather than merge two people.
    if (this.existingIds.has(id) || this.created.has(id)) {
      const other = this.nameById.get(id) ?? id;
      const apart = `${id}-${stableHash(trimmed).slice(0, 6)}`;
      this.notes.push(`"${trimmed}" became speaker ${apart}, apart from ${id} ("${other}"): if they are one person, add "${trimmed}" to the aliases of ${id} and import again`);
      id = apart;
    }
    this.created.set(id, { id, name: trimmed, aliases: [], links: [], description: '' });
    this.nameById.set(id, trimmed);
    this.byKey.set(nameKey(trimmed), { id, written: trimmed });
    return id;
  }

  /**
   * The signature to keep on a unit (`signed-as`) when a name found a known speaker through one
   * of its aliases: the alias as the speaker's record writes it, which the validator accepts.
   */
  signatureOf(name: string | undefined): string | undefined {
    const trimmed = name?.trim() ?? '';
    if (trimmed === '' || this.isIdFirst(trimmed)) return undefined;
    const known = this.byKey.get(nameKey(trimmed));
    if (!known || known.written === known.id || known.written === this.nameById.get(known.id)) return undefined;
    return known.written;
  }

  private isIdFirst(value: string): boolean {
    return this.idsFirst && (this.existingIds.has(value) || this.created.has(value));
  }

  anonymous(): string {
    if (this.existingIds.has(ANONYMOUS_ID) || this.created.has(ANONYMOUS_ID)) return ANONYMOUS_ID;
    const base = languageBase(this.language);
    const name = ANONYMOUS_NAMES[base] ?? ANONYMOUS_NAMES.en ?? 'Anonymous contributor';
    this.created.set(ANONYMOUS_ID, {
      id: ANONYMOUS_ID,
      name,
      aliases: [],
      links: [],
      // `description` is the French text, `descriptionEn` the English one (data/README.md).
      description: ANONYMOUS_DESCRIPTIONS.fr ?? '',
      descriptionEn: ANONYMOUS_DESCRIPTIONS.en ?? '',
    });
    return ANONYMOUS_ID;
  }

  /** Speakers this import creates, in order of first use. */
  newSpeakers(): Speaker[] {
    return [...this.created.values()];
  }
}

export type Stance = 'pro' | 'con';

/** Position labels of the two stances, in the dataset's language (English otherwise). */
export function stancePositions(language: string): Position[] {
  const base = languageBase(language);
  if (base === 'fr') {
    return [
      { id: 'pro', label: 'Pour', labelEn: 'For', description: '' },
      { id: 'con', label: 'Contre', labelEn: 'Against', description: '' },
    ];
  }
  return [
    { id: 'pro', label: 'For', description: '' },
    { id: 'con', label: 'Against', description: '' },
  ];
}

/** The default summary of an imported debate, in its language (French or English). */
export function importSummary(language: string, parts: { source: string; units: number; questions?: number; citation?: string; licence?: string }): string {
  const fr = languageBase(language) === 'fr';
  let what = fr ? `${parts.units} unité(s)` : `${parts.units} unit(s)`;
  if (parts.questions !== undefined) {
    what = fr ? `${parts.units} argument(s) sur ${parts.questions} question(s)` : `${parts.units} argument(s) on ${parts.questions} question(s)`;
  }
  const lines = [fr ? `Importé de \`${parts.source}\` : ${what}.` : `Imported from \`${parts.source}\`: ${what}.`];
  if (parts.citation) lines.push('', fr ? `Citer : ${parts.citation}.` : `Cite as: ${parts.citation}.`);
  if (parts.licence) lines.push('', fr ? `Licence : ${parts.licence}.` : `Licence: ${parts.licence}.`);
  return lines.join('\n');
}

export function stanceLabel(stance: Stance, language: string): string {
  return stancePositions(language).find((p) => p.id === stance)?.label ?? stance;
}
