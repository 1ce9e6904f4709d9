/**
 * WAI-ARIA tabs, "Tabs with automatic activation" (APG): ArrowRight/ArrowLeft move to the next /
 * previous tab and wrap, Home/End to the first / last. In a right-to-left layout the arrows swap.
 * Returns the index to select, or undefined when the key is not a tab-list key.
 */
export function tabIndexForKey(key: string, index: number, count: number, rtl: boolean): number | undefined {
  const step = (
    { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, Home: -index, End: count - 1 - index } as Record<
      string,
      number
    >
  )[key];
  return step === undefined ? undefined : (index + step + count) % count;
}
