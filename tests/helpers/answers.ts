// Comparing two runs' answers: every field but the time each took, which no two runs share.

/** The value with every `tookMs` left out, at any depth. */
export function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'tookMs').map(([key, v]) => [key, withoutTimes(v)]));
  return value;
}
