import { BenchFailure, percentile } from './load.js';

/**
 * Sequential page fetches with fetch(), one request in flight: what a client paging through a list sees.
 * Load generators cannot follow a cursor from one response into the next request, hence no autocannon.
 */

interface Page {
  items: unknown[];
  nextCursor: string | null;
}

async function timedGet(url: string, token: string): Promise<{ ms: number; page: Page }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body: unknown = await res.json();
  const ms = performance.now() - started;
  if (!res.ok) throw new BenchFailure(`GET ${url} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms, page: body as Page };
}

function withCursor(listUrl: string, cursor: string): string {
  return `${listUrl}&cursor=${encodeURIComponent(cursor)}`;
}

export interface PagingResult {
  /** p99 of the fetches that followed a nextCursor (pages 2 to pages + 1 of each walk). */
  deepP99Ms: number;
  /** p99 of the first page fetched the same way, interleaved with the deep fetches: the baseline. */
  firstPageP99Ms: number;
  samples: number;
}

/**
 * Walks the list `rounds` times, each time following nextCursor for `pages` pages. Before every deep fetch
 * the first page is fetched too, so both series see the same moments of GC, neighbours and cache state: with
 * few samples a p99 is nearly the maximum, and one unlucky pause in only one series would decide the ratio.
 */
export async function deepPaging(listUrl: string, token: string, pages: number, rounds: number): Promise<PagingResult> {
  const deep: number[] = [];
  const first: number[] = [];
  await timedGet(listUrl, token); // warm-up, not counted
  for (let round = 0; round < rounds; round++) {
    let { page } = await timedGet(listUrl, token);
    for (let i = 0; i < pages; i++) {
      if (page.nextCursor === null) {
        throw new BenchFailure(`the list ran out after ${i + 1} pages; generate more contacts`);
      }
      first.push((await timedGet(listUrl, token)).ms);
      const next = await timedGet(withCursor(listUrl, page.nextCursor), token);
      if (next.page.items.length === 0) throw new BenchFailure(`page ${i + 2} of ${listUrl} is empty`);
      deep.push(next.ms);
      page = next.page;
    }
  }
  const p99 = (ms: number[]) =>
    percentile(
      ms.sort((a, b) => a - b),
      99,
    );
  return { deepP99Ms: p99(deep), firstPageP99Ms: p99(first), samples: deep.length };
}
