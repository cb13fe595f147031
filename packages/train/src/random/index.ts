export { type RandomState, SeededRandom } from './seeded-random.ts';
