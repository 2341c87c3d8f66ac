import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** The current time, re-read every `intervalMs` while the component is mounted. */
export function useNow(intervalMs = 15_000): Ref<Date> {
  const now = ref(new Date());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => {
      now.value = new Date();
    }, intervalMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
