import { createNodeBackend } from './src/index.ts';
import { topK } from '../routers/src/top-k/index.ts';
const d = 1024, f = 1408, E = 8;
const seeded = (n: number, seed: number, scale: number) => { let s = seed >>> 0; const o = new Float32Array(n); for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; o[i] = (s / 2 ** 32 * 2 - 1) * scale; } return o; };
const layer = { spec: topK({ numExperts: E, k: 2 }).spec(), weights: { d, f, expert: { kind: 'swiglu' as const }, router: seeded(E * d, 1, 0.05), wGate: seeded(E * f * d, 2, 0.03), wUp: seeded(E * f * d, 3, 0.03), wDown: seeded(E * d * f, 4, 0.03) } };
const T = Number(process.argv[2] ?? 4);
const reps = Number(process.argv[3] ?? 20);
const engines = (process.argv[4] ?? 'wasm').split(',');
const configs: { name: string; backend: any }[] = [];
for (const engine of engines) for (const threads of [1, 2]) configs.push({ name: `${engine}-${threads}t`, backend: await createNodeBackend({ threads, engine: engine as any }) });
const x = seeded(T * d, 9, 1);
const times: Record<string, number[]> = {};
for (const c of configs) { times[c.name] = []; await c.backend.forward(layer, { tokens: T, x }); await c.backend.forward(layer, { tokens: T, x }); }
for (let r = 0; r < reps; r++) for (const c of configs) { const t0 = performance.now(); await c.backend.forward(layer, { tokens: T, x }); times[c.name]!.push(performance.now() - t0); }
const med = (a: number[]) => [...a].sort((p, q) => p - q)[a.length >> 1]!;
const min = (a: number[]) => Math.min(...a);
for (const c of configs) console.log(c.name, 'median', med(times[c.name]!).toFixed(2), 'min', min(times[c.name]!).toFixed(2));
for (const c of configs) await c.backend.dispose();
