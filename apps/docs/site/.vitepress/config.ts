import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';
import { families } from '../families/family-table.ts';
import { lossPages } from '../losses/loss-table.ts';

/**
 * The site reads the workspace packages from their TypeScript sources (the `@anyk/source` export
 * condition, as the tests do), so the docs always show the code of this commit and need no `dist` build.
 */
const sourceConditions = ['@anyk/source', 'module', 'browser', 'development|production'];

/** The API sidebar written by TypeDoc (scripts/build-site.ts); absent before the first build. */
function apiSidebar(): { text: string; link: string }[] {
  const file = fileURLToPath(new URL('../api/typedoc-sidebar.json', import.meta.url));
  if (!existsSync(file)) return [{ text: 'Overview', link: '/api/' }];
  const items = JSON.parse(readFileSync(file, 'utf8')) as { text: string; link: string }[];
  return [{ text: 'Overview', link: '/api/' }, ...items.map(({ text, link }) => ({ text, link }))];
}

export default defineConfig({
  title: 'anyk',
  description:
    'Dynamic-routing Mixture-of-Experts for TypeScript: routers, losses and kernels for browsers and Node.',
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  vite: {
    resolve: {
      conditions: sourceConditions,
      // The playground imports @anyk/train's browser-safe modules only (see playground/browser-checkpoint.ts).
      alias: [
        {
          find: /^#train\//,
          replacement: fileURLToPath(new URL('../../../../packages/train/src/', import.meta.url)),
        },
      ],
    },
    ssr: {
      resolve: { conditions: sourceConditions, externalConditions: ['@anyk/source'] },
      noExternal: [/^@anyk\//],
    },
    build: { chunkSizeWarningLimit: 2000 },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Families', link: '/families/' },
      { text: 'Losses', link: '/losses/' },
      { text: 'Playground', link: '/playground' },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': [{ text: 'API reference', items: apiSidebar() }],
      '/': [
        {
          text: 'Guide',
          items: [
            { text: 'Getting started', link: '/guide/getting-started' },
            { text: 'Concepts', link: '/guide/concepts' },
            { text: 'Architecture', link: '/guide/architecture' },
            { text: 'Backends', link: '/guide/backends' },
            { text: 'Kernels', link: '/guide/kernels' },
            { text: 'Training and reproduction', link: '/guide/training' },
            { text: 'Real checkpoints', link: '/guide/checkpoints' },
            { text: 'Errors', link: '/guide/errors' },
            { text: 'Algorithms reference', link: '/guide/algorithms' },
          ],
        },
        {
          text: 'Routing families',
          items: [
            { text: 'Overview', link: '/families/' },
            ...families.map((family) => ({ text: family.title, link: `/families/${family.id}` })),
          ],
        },
        {
          text: 'Losses and controllers',
          items: [
            { text: 'Overview', link: '/losses/' },
            ...lossPages.map((page) => ({ text: page.title, link: `/losses/${page.id}` })),
          ],
        },
        {
          text: 'Try it',
          items: [
            { text: 'Playground', link: '/playground' },
            { text: 'Benchmarks', link: '/benchmarks' },
          ],
        },
      ],
    },
    search: { provider: 'local' },
    outline: [2, 3],
  },
});
