/** Small statistics for benchmark figures: percentiles of samples, and median/min/max over repetitions. */

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? NaN;
}

export interface Figure {
  median: number;
  min: number;
  max: number;
  unit: string;
}

/** A figure from one value per repetition. */
export function figure(values: number[], unit: string, digits = 2): Figure {
  const round = (x: number) => Number(x.toFixed(digits));
  return {
    median: round(percentile(values, 50)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    unit,
  };
}
