// Numbering values in the order they are first met: a value's number is its place in a list that
// new values are appended to. The corpus cache's string table, the embedded engine's facet values
// and the key points' stems are numbered this way.

/**
 * A function giving each value its number in `values` (the index it already has there, or the
 * next one, the value appended). Values already in the list keep their places.
 */
export function numbering<T>(values: T[]): (value: T) => number {
  const numbers = new Map<T, number>();
  values.forEach((value, i) => {
    if (!numbers.has(value)) numbers.set(value, i);
  });
  return (value) => {
    let n = numbers.get(value);
    if (n === undefined) {
      n = values.length;
      values.push(value);
      numbers.set(value, n);
    }
    return n;
  };
}
