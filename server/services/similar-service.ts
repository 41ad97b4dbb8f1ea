// "Similar arguments": the units elsewhere in the corpus that make the same point as one unit,
// found by the engine (SearchEngine.similar). Plain data in, plain data out.

import type { AppDeps } from '../app-deps.ts';
import { NotFoundError } from '../errors.ts';
import { DEFAULT_SIMILAR_LIMIT } from '../search/engine.ts';
import { toUnitHit, type UnitHit } from './search-service.ts';

export interface SimilarResponse {
  /** The unit the others resemble. */
  unit: string;
  /** How many units the engine found (the list holds the best `limit`). */
  total: number;
  limit: number;
  hits: UnitHit[];
}

export async function similarUnits(deps: Pick<AppDeps, 'engine' | 'corpus'>, unitId: string, limit: number = DEFAULT_SIMILAR_LIMIT): Promise<SimilarResponse> {
  if (!deps.corpus.unitById.has(unitId)) throw new NotFoundError(`unknown unit "${unitId}"`);
  const result = await deps.engine.similar(unitId, limit);
  // The corpus knows the unit but the index may not yet (a reindex under way): nothing similar yet.
  return { unit: unitId, total: result?.total ?? 0, limit, hits: (result?.hits ?? []).map(toUnitHit) };
}
