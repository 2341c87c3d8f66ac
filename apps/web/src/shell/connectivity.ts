import type { Router } from 'vue-router';
import { readonly, ref, type InjectionKey, type Ref } from 'vue';

/** Whether the server answers, for the offline banner and for what to redo when it is back. */
export interface Connectivity {
  reachable: Readonly<Ref<boolean>>;
  /** A request or a code chunk failed for lack of the server: show the banner, probe until it answers. */
  lost(): void;
  /** The server answered. */
  found(): void;
  /** Called each time the server is back after being lost. */
  onBack(listener: () => void): void;
}

export const ConnectivityKey: InjectionKey<Connectivity> = Symbol('connectivity');

/** Backoff between probes: 0.5 s, 1 s, 2 s, then every 3 s. */
export function probeDelayMs(attempt: number): number {
  return Math.min(500 * 2 ** attempt, 3_000);
}

/**
 * True for the error a dynamic import() throws when its chunk cannot be fetched, or Vite's
 * preload helper when a stylesheet the chunk needs cannot.
 */
export function isChunkLoadError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|module script failed|error loading dynamically imported|unable to preload css/i.test(message);
}

export function createConnectivity(probeUrl: string, probe: (url: string) => Promise<boolean> = defaultProbe): Connectivity {
  const reachable = ref(true);
  const listeners: Array<() => void> = [];
  let probing = false;

  async function probeUntilBack(): Promise<void> {
    if (probing) return;
    probing = true;
    for (let attempt = 0; !reachable.value; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, probeDelayMs(attempt)));
      if (reachable.value) break;
      if (await probe(probeUrl).catch(() => false)) found();
    }
    probing = false;
  }

  function found(): void {
    if (reachable.value) return;
    reachable.value = true;
    for (const listener of listeners) listener();
  }

  return {
    reachable: readonly(reachable),
    lost() {
      reachable.value = false;
      void probeUntilBack();
    },
    found,
    onBack: (listener) => listeners.push(listener),
  };
}

async function defaultProbe(url: string): Promise<boolean> {
  const response = await fetch(url, { cache: 'no-store' });
  return response.ok;
}

/**
 * A page whose code chunk could not load (the server is down) is opened again once the server
 * is back; if its chunk still fails, the browser loads that address afresh.
 */
export function retryChunkLoads(router: Router, connectivity: Connectivity): void {
  let pending: string | null = null;
  router.onError((error, to) => {
    if (!isChunkLoadError(error)) return;
    pending = to.fullPath;
    connectivity.lost();
  });
  connectivity.onBack(() => {
    const target = pending;
    pending = null;
    if (target) router.push(target).catch(() => window.location.assign(target));
  });
}
