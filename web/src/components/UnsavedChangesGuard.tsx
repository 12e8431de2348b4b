import { useEffect } from 'react';
import { useBlocker, type Blocker } from 'react-router';
import { ConfirmModal } from './ConfirmModal.js';

/**
 * While `when` holds, navigating to another page inside the app is held (the returned blocker says so) and
 * leaving the app (closing the tab, reloading) asks the browser's own question. `unless` is read at the
 * moment of navigating (e.g. a ref set just before the page navigates away itself after a save).
 */
export function useUnsavedChangesBlocker(when: boolean, options: { unless?: () => boolean } = {}): Blocker {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      when && !options.unless?.() && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!when) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [when]);
  return blocker;
}

/** Asks before leaving the page (or the app) with changes that are not saved. */
export function UnsavedChangesGuard(props: { when: boolean; title: string; message: string; confirmLabel: string }) {
  const blocker = useUnsavedChangesBlocker(props.when);
  return (
    <ConfirmModal
      opened={blocker.state === 'blocked'}
      title={props.title}
      message={props.message}
      confirmLabel={props.confirmLabel}
      onConfirm={() => blocker.proceed?.()}
      onClose={() => blocker.reset?.()}
    />
  );
}
