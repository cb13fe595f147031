/**
 * Checks generated pages over plain HTTP from Node, without a browser: each page answers 200 and is not
 * the 404 page, and every internal link, script, stylesheet, preload and image it references resolves.
 * The site test uses it for the ~485 TypeDoc pages under `/api/`, which all run the same client bundle as
 * the pages it opens in Chromium: loading each of them in a browser only re-ran that bundle (minutes on a
 * loaded machine) while the page-specific parts (the HTML and what it references) are checked here.
 */

/** What a crawl found: the pages it fetched and one line per problem (empty when all is well). */
export interface StaticCrawl {
  readonly pages: ReadonlySet<string>;
  readonly failures: readonly string[];
}

export interface StaticCrawlOptions {
  /** `http://host:port` of the served site. */
  readonly origin: string;
  /** Page paths to start from. */
  readonly seeds: readonly string[];
  /** Whether a referenced page is fetched and its own references checked (others only have to resolve). */
  readonly follow: (path: string) => boolean;
  /** Requests in flight at once. */
  readonly concurrency?: number;
}

/** `href="..."` and `src="..."` attribute values of an HTML document (entities `&amp;` decoded). */
export function referencedUrls(html: string): string[] {
  const urls: string[] = [];
  for (const match of html.matchAll(/\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi))
    urls.push((match[1] ?? match[2] ?? '').replaceAll('&amp;', '&'));
  return urls;
}

/** A page path (what the crawl dedupes on): `/`, `/x/` or `*.html`, or an extensionless clean URL. */
function isPagePath(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last === '' || last.endsWith('.html') || !last.includes('.');
}

/** The pathname an internal reference points at, or undefined for anchors, other origins and schemes. */
function internalPath(reference: string, base: URL, origin: string): string | undefined {
  if (reference === '' || reference.startsWith('#')) return undefined;
  let url: URL;
  try {
    url = new URL(reference, base);
  } catch {
    return `unparseable reference ${JSON.stringify(reference)}`;
  }
  if (url.origin !== origin) return undefined;
  return decodeURI(url.pathname);
}

/**
 * Fetches every seed and every followed page they reach, and checks that each internal reference of a
 * fetched page resolves (pages: 200 and not the 404 page; assets: 200). Each URL is fetched once.
 */
export async function crawlStaticPages(options: StaticCrawlOptions): Promise<StaticCrawl> {
  const { origin, follow } = options;
  const pages = new Set<string>();
  const failures: string[] = [];
  /** Outcome of each fetched URL: the problem, or '' when it resolved. */
  const checked = new Map<string, Promise<string>>();
  const queue: string[] = [];

  const check = (path: string): Promise<string> => {
    let outcome = checked.get(path);
    if (outcome === undefined) {
      outcome = fetchOnce(origin, path);
      checked.set(path, outcome);
    }
    return outcome;
  };
  const visit = async (path: string): Promise<void> => {
    const response = await fetch(`${origin}${encodeURI(path)}`);
    const html = await response.text();
    if (response.status !== 200) return void failures.push(`${path}: HTTP ${response.status}`);
    if (isNotFoundPage(html)) return void failures.push(`${path}: the 404 page`);
    const base = new URL(`${origin}${encodeURI(path)}`);
    const outcomes: Promise<void>[] = [];
    for (const reference of referencedUrls(html)) {
      const target = internalPath(reference, base, origin);
      if (target === undefined) continue;
      if (target.startsWith('unparseable')) {
        failures.push(`${path}: ${target}`);
        continue;
      }
      if (isPagePath(target) && follow(target)) {
        if (!pages.has(target)) {
          pages.add(target);
          queue.push(target);
        }
        continue;
      }
      outcomes.push(
        check(target).then((problem) => {
          if (problem !== '') failures.push(`${path} → ${target}: ${problem}`);
        }),
      );
    }
    await Promise.all(outcomes);
  };

  for (const seed of options.seeds) {
    if (pages.has(seed)) continue;
    pages.add(seed);
    queue.push(seed);
  }
  let active = 0;
  const worker = async (): Promise<void> => {
    while (queue.length > 0 || active > 0) {
      const path = queue.shift();
      if (path === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      active++;
      try {
        await visit(path);
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      } finally {
        active--;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { pages, failures };
}

/** VitePress's 404 page (the preview server answers unknown paths with it). */
function isNotFoundPage(html: string): boolean {
  return /<title>404/i.test(html);
}

/** '' when `path` answers 200 (and, for a page, is not the 404 page), else what went wrong. */
async function fetchOnce(origin: string, path: string): Promise<string> {
  try {
    const response = await fetch(`${origin}${encodeURI(path)}`);
    const body = await response.text();
    if (response.status !== 200) return `HTTP ${response.status}`;
    if (isPagePath(path) && isNotFoundPage(body)) return 'the 404 page';
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
