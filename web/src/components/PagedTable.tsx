import { Table, type TableProps } from '@mantine/core';
import { Fragment, type Key, type ReactNode } from 'react';
import type { Page } from '../api/types.js';
import { LoadMore } from './LoadMore.js';
import { ErrorBlock, LoadingBlock } from './QueryState.js';

/** What the table needs of a cursor-paged list: react-query's `useInfiniteQuery` over `Page<T>` fits. */
export interface PagedQuery<T> {
  data?: { pages: readonly Page<T>[] };
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

interface Props<T> {
  list: PagedQuery<T>;
  /** The column headings, in order. */
  columns: readonly ReactNode[];
  /** One `Table.Tr` for an item (the table keys it by the item's id). */
  row: (item: T) => ReactNode;
  /** Shown instead of the table while the list is empty. */
  empty: ReactNode;
  /** Below this width the table scrolls sideways. */
  minWidth: number;
  /** The test id of the "load more" button. */
  loadMoreTestId: string;
  /** Passed on to the table (its rows are spaced `sm` unless this says otherwise). */
  tableProps?: TableProps & { 'data-testid'?: string };
}

/**
 * A cursor-paged list as a table: loading, error (with a retry) and empty states, then the rows of the pages
 * fetched so far and a "load more" button for the next one.
 */
export function PagedTable<T extends { id: Key }>(props: Props<T>) {
  const { list, columns, row, empty, minWidth, loadMoreTestId, tableProps } = props;
  if (list.isPending) return <LoadingBlock />;
  if (list.isError) return <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (items.length === 0) return <>{empty}</>;
  return (
    <>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table verticalSpacing="sm" {...tableProps}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column, i) => (
                <Table.Th key={i}>{column}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Fragment key={item.id}>{row(item)}</Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore
        shown={items.length}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
        testId={loadMoreTestId}
      />
    </>
  );
}
