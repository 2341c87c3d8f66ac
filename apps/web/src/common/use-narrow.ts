import { onBeforeUnmount, ref, type Ref } from 'vue';

/** True while the viewport is at most `maxWidthPx` wide (a phone), following resizes. */
export function useNarrow(maxWidthPx = 760): Ref<boolean> {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(`(max-width: ${maxWidthPx}px)`) : null;
  const narrow = ref(query?.matches ?? false);
  const update = (event: MediaQueryListEvent): void => {
    narrow.value = event.matches;
  };
  query?.addEventListener('change', update);
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return narrow;
}
