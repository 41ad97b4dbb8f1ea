// A search document for engine tests: only the id and the text matter unless a test says otherwise.

import type { SearchDocument } from '../../server/search/engine.ts';

export function testDocument(id: string, text: string, extra: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    text,
    speaker: 'x',
    speakerName: 'X',
    speakerAliases: [],
    question: [],
    questionTitle: [],
    questionTitleEn: [],
    position: [],
    positionLabel: [],
    codes: [],
    kind: 'comment',
    debate: 'd',
    debateTitle: 'D',
    date: '2010',
    dateValue: 14610,
    order: Number(id.replace(/\D/g, '')) || 0,
    ...extra,
  };
}
