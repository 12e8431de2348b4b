import { lazy, Suspense } from 'react';
import { LoadingBlock } from '../../components/QueryState.js';

// The dashboard brings the charts library: it loads when the page is first opened, not with the app.
const SlaDashboardPage = lazy(() => import('./SlaDashboardPage.js').then((m) => ({ default: m.SlaDashboardPage })));

export function LazySlaDashboardPage() {
  return (
    <Suspense fallback={<LoadingBlock />}>
      <SlaDashboardPage />
    </Suspense>
  );
}
