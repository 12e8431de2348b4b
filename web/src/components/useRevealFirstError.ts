import { useCallback, useEffect, useReducer, useRef } from 'react';

/**
 * Brings the first input that says what is wrong into view (and focus) once it is on the page: the sticky
 * save bars and long pages would otherwise leave "Please correct the highlighted fields" pointing at
 * nothing the user can see.
 *
 * `reveal()` asks for it; the search runs after React has put the errors on the page (an effect after each
 * render until `find` returns something), not at a guessed moment: a server's answer reaches the page a
 * render or two after the request's error callback, and a timer or animation frame could look too early.
 */
export function useRevealFirstError(find: () => HTMLElement | null | undefined): () => void {
  const wanted = useRef(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const findRef = useRef(find);
  findRef.current = find;

  useEffect(() => {
    if (!wanted.current) return;
    const target = findRef.current();
    if (!target) return;
    wanted.current = false;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target.focus({ preventScroll: true });
  });

  return useCallback(() => {
    wanted.current = true;
    rerender();
  }, []);
}
