import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { toApiProblem } from '../errors/api-error';
import { AuditEventPageDocument, type AuditEventFilter } from '../gql/graphql';

const PAGE_SIZE = 25;

/**
 * One page at a time of the audit log under `filter` (newest first), paged by cursor: what the
 * History and Activity pages show. `cursors` holds the cursor each page up to the current one
 * starts after (null for the first), as `CursorPager` moves it; `firstPage()` goes back to the
 * start (a new filter). `turning` holds from a turn until its page is in: the pager waits meanwhile.
 */
export function useAuditPages(filter: () => AuditEventFilter) {
  const cursors = ref<Array<string | null>>([null]);
  const variables = () => ({ filter: filter(), first: PAGE_SIZE, after: cursors.value.at(-1) ?? null });
  const { result, loading, error, refetch, onResult, onError } = useQuery(AuditEventPageDocument, variables, {
    fetchPolicy: 'network-only',
  });
  // The page asked for (cursor and filter) and the one on screen: until its answer is in, the
  // rows shown are the previous page's, and the pager must not offer to turn from them.
  const requested = computed(() => JSON.stringify(variables()));
  const shown = ref<string | null>(null);
  onResult((answer) => {
    if (!answer.loading && answer.data) shown.value = requested.value;
  });
  onError(() => (shown.value = requested.value));
  const page = computed(() => result.value?.auditEventPage);
  return {
    cursors,
    /** A page turn (or a new filter) is under way: the rows on screen are not yet the page asked for. */
    turning: computed(() => shown.value !== requested.value),
    page,
    events: computed(() => page.value?.events ?? []),
    loading,
    problem: computed(() => (error.value ? toApiProblem(error.value) : null)),
    refetch,
    firstPage: () => void (cursors.value = [null]),
  };
}
