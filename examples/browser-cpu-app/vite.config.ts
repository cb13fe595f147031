import { defineConfig } from 'vite';

// Vite's defaults bundle the browser CPU backend: it finds the worker scripts through their
// `new URL('./x.js', import.meta.url)` form and emits each as a file of its own.
//
// ANYK_CROSS_ORIGIN_ISOLATED=1 makes `vite preview` send the two headers that make the page cross-origin
// isolated (`crossOriginIsolated`), which the backend needs to share memory between its kernel threads;
// without them it runs one worker and `threadFallback` says why. Every response carries the headers, the
// worker scripts included.
const isolated = process.env.ANYK_CROSS_ORIGIN_ISOLATED === '1';
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  build: { target: 'es2023' },
  preview: { headers: isolated ? isolationHeaders : {} },
});
