import { useQuery } from '@vue/apollo-composable';
import { computed, ref } from 'vue';
import { toApiProblem } from '../errors/api-error';
import { AuditEventPageDocument, type AuditEventFilter } from '../gql/graphql';

const PAGE_SIZE = 25;

/**
 * One page at a time of the audit log under `filter` (newest first), paged by cursor: what the
 * History and Activity pages show. `cursors` holds the cursor each page up to the current one
 * starts after (null for the first), as `CursorPager` moves it; `firstPage()` goes back to the
 * start (a new filter).
 */
export function useAuditPages(filter: () => AuditEventFilter) {
  const cursors = ref<Array<string | null>>([null]);
  const { result, loading, error, refetch } = useQuery(
    AuditEventPageDocument,
    () => ({ filter: filter(), first: PAGE_SIZE, after: cursors.value.at(-1) ?? null }),
    { fetchPolicy: 'network-only' },
  );
  const page = computed(() => result.value?.auditEventPage);
  return {
    cursors,
    page,
    events: computed(() => page.value?.events ?? []),
    loading,
    problem: computed(() => (error.value ? toApiProblem(error.value) : null)),
    refetch,
    firstPage: () => void (cursors.value = [null]),
  };
}
