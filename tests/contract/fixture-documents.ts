// A small hand-made corpus for the search contract suite, denormalised as the engines index it.
// Every text is written for one or more assertions of the suite; words that would be typo
// neighbours of the test queries are avoided on purpose (no "commun", "commune", "budgets"...).

import type { UnitKind } from '../../server/corpus/model.ts';
import { dateValue, positionKey } from '../../server/search/documents.ts';
import type { SearchDocument } from '../../server/search/engine.ts';

const speakers = {
  seb: { name: 'Sébastien Robin', aliases: ['sebmaster'] },
  sandra: { name: 'Sandra Dupont', aliases: [] },
  claire: { name: 'Claire Martin', aliases: ['C. Martin'] },
  john: { name: 'John Smith', aliases: [] },
} as const;

const questions = {
  stagiaire: {
    title: 'Le community management est-il un travail de stagiaire ?',
    titleEn: "Is community management an intern's job?",
    positions: { oui: 'Oui, avec un encadrement', non: 'Non, c’est un métier à part entière' },
  },
  rp: {
    title: 'Le community management remplace-t-il les relations publiques ?',
    titleEn: 'Does community management replace public relations?',
    positions: { complementaires: 'Non, les deux se complètent', remplace: 'Oui, le dialogue direct l’emporte' },
  },
  remuneration: {
    title: 'Quelle rémunération pour un community manager ?',
    titleEn: 'How should a community manager be paid?',
    positions: { bas: 'Trop peu payé', juste: 'Payé correctement' },
  },
} as const;

/** Distinct dates, so that corpus order and date order never depend on the debate slug. */
const debates = {
  'narocast-0': { title: 'Narocast #0 : le métier en débat', date: '2010-07-12' },
  'blog-rp': { title: 'Les relations publiques à l’ère des médias sociaux', date: '2011-03' },
  'panel-strategie': { title: 'Panel : les marques face au web', date: '2012-11-20' },
  'interview-2013': { title: 'Interview : le métier au quotidien', date: '2013-05-02' },
} as const;

type SpeakerId = keyof typeof speakers;
type QuestionId = keyof typeof questions;
type DebateSlug = keyof typeof debates;
interface Stance {
  question: QuestionId;
  position: string;
}

function unit(
  id: string,
  debate: DebateSlug,
  order: number,
  speaker: SpeakerId,
  kind: UnitKind,
  text: string,
  stance?: Stance | readonly Stance[],
): SearchDocument {
  const stances: readonly Stance[] = stance === undefined ? [] : Array.isArray(stance) ? stance : [stance as Stance];
  const codes = stances.map((st) => {
    const label = (questions[st.question].positions as Record<string, string>)[st.position] ?? null;
    return { question: st.question, position: positionKey(st.question, st.position), positionLabel: label };
  });
  const qs = [...new Set(stances.map((st) => st.question))];
  return {
    id,
    text,
    speaker,
    speakerName: speakers[speaker].name,
    speakerAliases: [...speakers[speaker].aliases],
    question: qs,
    questionTitle: qs.map((q) => questions[q].title),
    questionTitleEn: qs.map((q) => questions[q].titleEn),
    position: codes.map((c) => c.position),
    positionLabel: codes.flatMap((c) => (c.positionLabel === null ? [] : [c.positionLabel])),
    codes,
    kind,
    debate,
    debateTitle: debates[debate].title,
    date: debates[debate].date,
    dateValue: dateValue(debates[debate].date),
    order,
  };
}

/** Listed out of corpus order on purpose: engines must order by date, debate and order themselves. */
export const fixtureDocuments: readonly SearchDocument[] = [
  unit('iv-1', 'interview-2013', 1, 'sandra', 'turn', 'Campagne réussie : le budget dépend surtout de la stratégie choisie.'),
  unit('n0-1', 'narocast-0', 1, 'seb', 'turn', 'Le community management n’est pas un travail de stagiaire : il faut de l’expérience et de l’écoute.', { question: 'stagiaire', position: 'non' }),
  unit('n0-2', 'narocast-0', 2, 'sandra', 'turn', 'Un stagiaire motivé peut gérer les réseaux sociaux d’une entreprise avec un bon encadrement.', { question: 'stagiaire', position: 'oui' }),
  unit('n0-3', 'narocast-0', 3, 'claire', 'comment', 'Confier la stratégie éditoriale à un stagiaire, c’est risquer la réputation de la marque.', { question: 'stagiaire', position: 'non' }),
  unit('n0-4', 'narocast-0', 4, 'seb', 'argument', 'Le CM doit connaître la marque & ses clients <script>alert(1)</script> avant de publier "quoi que ce soit".'),
  unit('n0-5', 'narocast-0', 5, 'sandra', 'turn', 'Les relations publiques et le community management sont deux métiers voisins.', { question: 'rp', position: 'complementaires' }),
  unit('n0-6', 'narocast-0', 6, 'claire', 'comment', 'Campagne sans budgte précis : elle ne tient pas la route.'),
  unit('rp-1', 'blog-rp', 1, 'sandra', 'author-view', 'Les relations publiques restent indispensables : une agence de RP construit la confiance avec les journalistes.', { question: 'rp', position: 'complementaires' }),
  unit('rp-2', 'blog-rp', 2, 'john', 'comment', 'Public relations are changing fast; brands now talk to their customers directly.', { question: 'rp', position: 'remplace' }),
  unit('rp-3', 'blog-rp', 3, 'claire', 'comment', 'Campagne après campagne, la confiance se gagne lentement.'),
  unit('rp-4', 'blog-rp', 4, 'seb', 'comment', 'La rémunération d’un bon community manager devrait refléter son expertise.'),
  unit('rp-5', 'blog-rp', 5, 'john', 'comment', 'Les journalistes lisent encore les communiqués.'),
  unit('ps-1', 'panel-strategie', 1, 'claire', 'argument', 'Les agences facturent trop cher pour des résultats difficiles à mesurer.', { question: 'remuneration', position: 'bas' }),
  unit('ps-2', 'panel-strategie', 2, 'sandra', 'argument', 'Un salaire correct attire des profils expérimentés.', { question: 'remuneration', position: 'juste' }),
  unit('ps-3', 'panel-strategie', 3, 'seb', 'turn', 'Une stratégie sur les reseaux sociaux se construit avec l’écoute du public.'),
  unit('ps-4', 'panel-strategie', 4, 'john', 'turn', 'Our social media strategy puts the customer first; the intern helps with community management.'),
  unit('ps-5', 'panel-strategie', 5, 'claire', 'comment', 'Campagne coûteuse, mais l’œuvre est belle.'),
  unit('iv-2', 'interview-2013', 2, 'john', 'turn', 'Trust takes years to build and seconds to break.'),
  unit('iv-3', 'interview-2013', 3, 'seb', 'comment', 'J’ai commencé comme stagiaire et j’ai appris le métier sur le tas.', { question: 'stagiaire', position: 'oui' }),
  unit('iv-4', 'interview-2013', 4, 'claire', 'author-view', 'Le coeur du métier reste le dialogue avec la communauté.'),
  // Several codes: found under each, counted once under each.
  unit('iv-5', 'interview-2013', 5, 'john', 'comment', 'Brands that talk directly to fans still underpay the people who do it.', [
    { question: 'rp', position: 'remplace' },
    { question: 'remuneration', position: 'bas' },
  ]),
];

/** The fixture's ids in corpus order (date, debate, order). */
export const fixtureCorpusOrder: readonly string[] = [...fixtureDocuments]
  .sort((a, b) => a.dateValue - b.dateValue || (a.debate < b.debate ? -1 : a.debate > b.debate ? 1 : 0) || a.order - b.order)
  .map((d) => d.id);
