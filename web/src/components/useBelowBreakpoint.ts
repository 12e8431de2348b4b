import { em, getBreakpointValue, useMantineTheme, type MantineBreakpoint } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';

/**
 * Whether the screen is narrower than the theme's `breakpoint`: the same line `visibleFrom`/`hiddenFrom` draw, so
 * what a component swaps in code agrees with what the CSS shows and hides. Read on the first render (the UI runs
 * only in the browser), so that a phone never flashes the wide layout first.
 */
export function useBelowBreakpoint(breakpoint: MantineBreakpoint): boolean {
  const theme = useMantineTheme();
  const px = getBreakpointValue(breakpoint, theme.breakpoints);
  return useMediaQuery(`(max-width: ${em(px - 0.1)})`, false, { getInitialValueInEffect: false });
}
