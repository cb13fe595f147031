import { defineConfig } from 'vite';

// ANYK_UNMINIFIED=1 builds a readable bundle into dist-unminified, for the test that checks which router
// families end up in it.
const unminified = process.env.ANYK_UNMINIFIED === '1';

export default defineConfig({
  build: {
    target: 'es2023',
    minify: !unminified,
    outDir: unminified ? 'dist-unminified' : 'dist',
  },
});
