import { describe, expect, it } from 'vitest';
import { silentProgress } from '../harness/progress-bar.ts';
import { soakSuite } from './soak-suite.ts';

describe('soak suite (--quick, node backend)', () => {
  it('reports growth per 1,000 calls and drift: the node backend holds flat memory and bit-identical outputs', async () => {
    const result = await soakSuite.run({
      quick: true,
      measure: { warmup: 0, repeats: 1, maxTimeMs: 1, minRepeats: 1 },
      progress: silentProgress,
      backends: ['node'],
    });
    expect(result.rows.map((row) => row.id)).toEqual(['soak/forward/node', 'soak/forward+backward/node']);
    for (const row of result.rows) {
      expect(row.error).toBeUndefined();
      expect(row.metrics.maxDrift).toBe(0);
      expect(row.metrics.backendBytesGrowthPer1000).toBe(0);
      expect(row.metrics.backendPooledGrowthPer1000).toBe(0);
      expect(typeof row.metrics.heapGrowthPer1000).toBe('number');
    }
  }, 120_000);
});
