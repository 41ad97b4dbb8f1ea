// A unit's text cut for a reference to it (a reply's parent, a relation, a citation's title): one
// line, at most `length` characters, ending on a word with "…" when cut.

const EXCERPT_LENGTH = 200;

export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
