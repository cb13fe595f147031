/**
 * `@anyk/core/diagnostics`: the statistics anyk's measurements report (mean, standard deviation, Pearson and
 * Spearman correlation with average ranks for ties), kept in one place so every report computes them the
 * same way.
 */
export { mean, pearson, ranks, spearman, standardDeviation } from '../util/statistics.ts';
