// Real Word documents for the transcript import tests, built with the `docx` library the way a
// researcher's word processor writes them: a title, styled speaker headings, paragraphs, soft line
// breaks. Nothing binary is committed; each test builds the files it reads.

import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';

/** One paragraph: plain text, or runs (bold speaker name, then the text; `\n` is a soft break). */
type Para = string | { bold?: string; text: string; heading?: boolean };

function paragraph(para: Para): Paragraph {
  if (typeof para === 'string') return new Paragraph({ children: lines(para) });
  const runs = [...(para.bold ? [new TextRun({ text: para.bold, bold: true })] : []), ...lines(para.text)];
  return new Paragraph({ children: runs, ...(para.heading ? { heading: HeadingLevel.HEADING_1 } : {}) });
}

function lines(text: string): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) }));
}

export async function buildDocx(paragraphs: readonly Para[]): Promise<Buffer> {
  const doc = new Document({ creator: 'Contrepoint tests', sections: [{ children: paragraphs.map(paragraph) }] });
  return Packer.toBuffer(doc);
}

/** An Otter-like interview in French: "NAME  mm:ss" paragraphs, each followed by its text. */
export function otterLikeInterview(): Promise<Buffer> {
  return buildDocx([
    { heading: true, text: 'Entretien — Narocast #0' },
    'SANDRA  0:00',
    'Bonsoir Sébastien. Le community management, un travail de stagiaire ?',
    'SÉBASTIEN ROBIN  0:06',
    'Non. Il faut du temps pour connaître une communauté.',
    'Et une marque qui change de voix tous les six mois la perd.',
    'SANDRA  0:31',
    'Génaro, tu es d’accord ?',
    'GÉNARO  1:02:03',
    'Oui, avec une nuance.\nLa suite plus tard.',
  ]);
}

/** A hand-typed English interview: bold "Name (hh:mm:ss):" then the text, in one paragraph. */
export function handTypedInterview(): Promise<Buffer> {
  return buildDocx([
    'Interview notes, typed from the recording.',
    { bold: 'Sandra (00:00:02):', text: ' Thanks for coming.' },
    { bold: 'Yvain Ducrocq (00:00:05):', text: ' My pleasure.' },
    { bold: 'Yvain Ducrocq (00:00:09):', text: ' Shall we start with interns?' },
    { bold: 'Sandra (00:0x:10):', text: ' This time code was mistyped.' },
    { bold: 'Sandra (00:00:14):', text: ' Yes, interns.' },
  ]);
}
