import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendUnavailableError } from '@anyk/core';
import type { BenchDataStore } from './bench-data-store.ts';
import { benchDataPrefix, vendorPrefix } from './browser-case-spec.ts';
import { importOptionalPackage } from './import-optional-package.ts';

/**
 * Cross-origin isolation (`crossOriginIsolated === true`), which `SharedArrayBuffer`, hence every threaded
 * WebAssembly runtime in the page (anyk's workers, onnxruntime-web, tfjs-wasm), needs.
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const contentTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

/** The page's own directory and entry module: `.ts` when running from sources, `.js` from `dist`. */
const here = fileURLToPath(import.meta.url);
const pageDirectory = join(dirname(here), 'page');
const pageEntry = `browser-bench-page${extname(here)}`;

/** The `dist` folders served under `/vendor/<package>/`, read as they are (never bundled, never a CDN). */
function vendorDirectories(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const distOf = (name: string): string => {
    try {
      return dirname(require.resolve(name));
    } catch (error) {
      throw new BackendUnavailableError(
        name,
        `the optional peer "${name}" is not installed (install it with \`npm install ${name}\`)`,
        { cause: error },
      );
    }
  };
  return {
    'onnxruntime-web': distOf('onnxruntime-web'),
    'tfjs-core': distOf('@tensorflow/tfjs-core'),
    'tfjs-backend-wasm': distOf('@tensorflow/tfjs-backend-wasm'),
  };
}

const pageHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>anyk bench --suite browser-cpu</title></head>
<body><script type="module" src="/${pageEntry}"></script></body></html>
`;

/**
 * Vendor files are immutable while the server runs, so the browser may cache them (and the WebAssembly
 * code it compiled from them); the page and the bench data are not cached.
 */
function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: Uint8Array | string,
  cache: 'cache' | 'no-store' = 'no-store',
): void {
  const cacheControl = cache === 'cache' ? 'max-age=3600, immutable' : 'no-store';
  response.writeHead(status, { ...isolationHeaders, 'Content-Type': type, 'Cache-Control': cacheControl });
  response.end(body);
}

/** Answers the page, the bench data and the vendor files; anything else goes on to Vite. */
function benchRoutes(data: BenchDataStore, vendors: Record<string, string>) {
  return async (request: IncomingMessage, response: ServerResponse, next: () => void): Promise<void> => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://page').pathname);
    if (path === '/' || path === '/index.html') return send(response, 200, contentTypes['.html']!, pageHtml);
    if (path === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    if (path.startsWith(benchDataPrefix)) {
      const bytes = data.get(path.slice(benchDataPrefix.length));
      if (!bytes) return send(response, 404, 'text/plain', `no bench data ${path}`);
      return send(response, 200, 'application/octet-stream', bytes);
    }
    if (path.startsWith(vendorPrefix)) {
      const [vendor, ...rest] = path.slice(vendorPrefix.length).split('/');
      const root = vendors[vendor ?? ''];
      const file = root ? normalize(join(root, ...rest)) : undefined;
      const type = contentTypes[extname(path)];
      if (!root || !file?.startsWith(root + sep) || !type) return send(response, 404, 'text/plain', path);
      try {
        return send(response, 200, type, await readFile(file), 'cache');
      } catch {
        return send(response, 404, 'text/plain', path);
      }
    }
    next();
  };
}

/** The running page server: its origin and how to stop it. */
export interface BenchPageServer {
  /** `http://127.0.0.1:<port>/`, the page's URL (loopback: a secure context, so isolation applies). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the bench page with Vite's dev server (which compiles the page's TypeScript and anyk's sources on
 * request, workers included) on 127.0.0.1 with the cross-origin isolation headers, plus `data`'s tensors
 * and models and the peers' files from node_modules. No dependency pre-bundling: the page imports only
 * workspace modules, and the peers load their own prebuilt bundles.
 */
export async function startBenchPageServer(data: BenchDataStore): Promise<BenchPageServer> {
  const vite = await importOptionalPackage('vite', () => import('vite'));
  const vendors = vendorDirectories();
  const fromSources = extname(here) === '.ts';
  const routes = benchRoutes(data, vendors);
  const server = await vite.createServer({
    configFile: false,
    root: pageDirectory,
    appType: 'custom',
    logLevel: 'error',
    clearScreen: false,
    resolve: {
      conditions: fromSources
        ? ['@anyk/source', ...vite.defaultClientConditions]
        : [...vite.defaultClientConditions],
    },
    optimizeDeps: { noDiscovery: true, include: [] },
    server: {
      host: '127.0.0.1',
      port: 0,
      hmr: false,
      ws: false,
      headers: isolationHeaders,
      fs: { strict: false },
    },
    plugins: [
      {
        name: 'anyk-browser-bench-routes',
        configureServer(devServer) {
          devServer.middlewares.use((request, response, next) => {
            routes(request, response, next).catch(next);
          });
        },
      },
    ],
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) {
    await server.close();
    throw new BackendUnavailableError('vite', 'the bench page server did not report a local URL');
  }
  return { url, close: () => server.close() };
}
