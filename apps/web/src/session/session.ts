import type { ApolloClient } from '@apollo/client/core';
import { inject, ref, type InjectionKey, type Ref } from 'vue';
import type { GraphQLRequest } from './graphql-request';
import {
  CreateWorkspaceDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  WorkspacesDocument,
  type CreateWorkspaceInput,
  type MeQuery,
  type WorkspacesQuery,
} from '../gql/graphql';

export type SessionUser = NonNullable<MeQuery['me']>;
export type WorkspaceItem = WorkspacesQuery['workspaces'][number];

export interface WorkspaceStorage {
  get(): string | null;
  set(slug: string): void;
}

/** The signed-in user, the workspace the console acts in, and the ways to change them. */
export interface Session {
  user: Ref<SessionUser | null>;
  workspace: Ref<string>;
  workspaces: Ref<WorkspaceItem[]>;
  /** Loads the current user (and workspaces) once; later calls reuse the result. */
  ensureLoaded(): Promise<SessionUser | null>;
  signIn(email: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  switchWorkspace(slug: string): Promise<void>;
  /** Creates a workspace (ADMIN) and reloads the switcher's list; does not switch to it. */
  createWorkspace(input: CreateWorkspaceInput): Promise<WorkspaceItem>;
  /** The server no longer knows this session: forget the user (the router sends them to sign-in). */
  expire(): void;
  /** Asks the server again who is signed in (after a role change, or a session ended elsewhere). */
  recheck(): Promise<SessionUser | null>;
  /** The one-time password was changed: the console opens up. */
  passwordChanged(): Promise<void>;
}

export const SessionKey: InjectionKey<Session> = Symbol('session');

export const DEFAULT_WORKSPACE = 'default';

export function localWorkspaceStorage(storage: Storage = window.localStorage): WorkspaceStorage {
  const key = 'grantkeeper.workspace';
  return {
    get: () => storage.getItem(key),
    set: (slug) => storage.setItem(key, slug),
  };
}

export interface SessionDeps {
  /** Who am I, sign in/out and workspaces, without Apollo (the sign-in page does not load it). */
  request: GraphQLRequest;
  /** The Apollo client, loaded on first call (signed-in pages). */
  client(): Promise<ApolloClient<unknown>>;
  /** The Apollo client if it is loaded already, else null (nothing cached to clear). */
  loadedClient(): ApolloClient<unknown> | null;
  restartSubscriptions(): void;
  storage: WorkspaceStorage;
  /** The active workspace slug, shared with the Apollo links that send it. */
  workspace: Ref<string>;
}

export function createSession(deps: SessionDeps): Session {
  const user = ref<SessionUser | null>(null);
  const workspace = deps.workspace;
  const workspaces = ref<WorkspaceItem[]>([]);
  let loading: Promise<SessionUser | null> | null = null;

  async function loadWorkspaces(): Promise<void> {
    workspaces.value = (await deps.request(WorkspacesDocument)).workspaces;
    if (workspaces.value.length > 0 && !workspaces.value.some((w) => w.slug === workspace.value)) {
      workspace.value = workspaces.value.some((w) => w.slug === DEFAULT_WORKSPACE)
        ? DEFAULT_WORKSPACE
        : (workspaces.value[0]?.slug ?? DEFAULT_WORKSPACE);
      deps.storage.set(workspace.value);
    }
  }

  async function load(): Promise<SessionUser | null> {
    user.value = (await deps.request(MeDocument)).me ?? null;
    if (user.value && !user.value.mustChangePassword) await loadWorkspaces();
    return user.value;
  }

  async function resetClient(): Promise<void> {
    await deps.loadedClient()?.clearStore();
    deps.restartSubscriptions();
  }

  return {
    user,
    workspace,
    workspaces,
    ensureLoaded() {
      loading ??= load().catch((error: unknown) => {
        loading = null;
        throw error;
      });
      return loading;
    },
    async signIn(email, password) {
      const signedIn = (await deps.request(LoginDocument, { email, password })).login;
      if (!signedIn) throw new Error('Sign-in returned no user.');
      await resetClient();
      user.value = signedIn;
      loading = Promise.resolve(signedIn);
      if (!signedIn.mustChangePassword) await loadWorkspaces();
      return signedIn;
    },
    async signOut() {
      try {
        await deps.request(LogoutDocument);
      } finally {
        user.value = null;
        workspaces.value = [];
        loading = Promise.resolve(null);
        await resetClient();
      }
    },
    expire() {
      if (!user.value) return;
      user.value = null;
      workspaces.value = [];
      loading = Promise.resolve(null);
      void resetClient();
    },
    async createWorkspace(input) {
      const result = await (await deps.client()).mutate({ mutation: CreateWorkspaceDocument, variables: { input } });
      const created = result.data?.createWorkspace;
      if (!created) throw new Error('Creating the workspace returned nothing.');
      await loadWorkspaces();
      return created;
    },
    async recheck() {
      const before = user.value;
      loading = load();
      const now = await loading;
      if (before && !now) {
        workspaces.value = [];
        await resetClient();
      }
      return now;
    },
    async passwordChanged() {
      if (user.value) user.value = { ...user.value, mustChangePassword: false };
      loading = Promise.resolve(user.value);
      await loadWorkspaces();
    },
    async switchWorkspace(slug) {
      if (slug === workspace.value) return;
      workspace.value = slug;
      deps.storage.set(slug);
      const client = await deps.client();
      await client.clearStore();
      deps.restartSubscriptions();
      await client.reFetchObservableQueries();
    },
  };
}

export function useSession(): Session {
  const session = inject(SessionKey);
  if (!session) throw new Error('useSession() needs the session provided by the console app.');
  return session;
}
