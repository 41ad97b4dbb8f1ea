// Generic selection of the best results without sorting them all: a bounded max-heap of the k
// smallest numbers, quickselect, and a histogram selection for small integer keys.

/** The k-th smallest (0-based) of values[0..count), all integers in [0, maxKey]. */
export function kthByHistogram(values: Float64Array, count: number, maxKey: number, k: number): number {
  const histogram = new Uint32Array(maxKey + 1);
  for (let i = 0; i < count; i++) histogram[values[i] as number]!++;
  let seen = 0;
  for (let key = 0; key <= maxKey; key++) {
    seen += histogram[key] as number;
    if (seen > k) return key;
  }
  return maxKey;
}

/** The `capacity` smallest numbers offered, kept in a binary max-heap. */
export class TopK {
  private readonly heap: number[] = [];
  constructor(public capacity: number) {}
  get full(): boolean {
    return this.heap.length >= this.capacity;
  }
  get max(): number {
    return this.heap[0] ?? Infinity;
  }
  offer(value: number): void {
    const heap = this.heap;
    if (heap.length < this.capacity) {
      heap.push(value);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if ((heap[parent] as number) >= value) break;
        heap[i] = heap[parent] as number;
        i = parent;
      }
      heap[i] = value;
    } else if (value < (heap[0] as number)) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && (heap[right] as number) > (heap[left] as number) ? right : left;
        if ((heap[child] as number) <= value) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = value;
    }
  }
  sorted(): number[] {
    return [...this.heap].sort((a, b) => a - b);
  }
}

/** The k-th smallest value (0-based) of `values`, which it reorders (quickselect). */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}
