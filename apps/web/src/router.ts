import { nextTick } from 'vue';
import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import type { Session } from './session/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Only for this role (the API enforces it too). */
    adminOnly?: boolean;
    title?: string;
  }
}

export function createConsoleRouter(session: Session, history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      { path: '/', redirect: '/connections' },
      {
        path: '/sign-in',
        name: 'sign-in',
        component: () => import('./session/SignInPage.vue'),
        meta: { public: true, title: 'Sign in' },
      },
      {
        path: '/connections',
        name: 'connections',
        component: () => import('./connections/ConnectionsPage.vue'),
        meta: { title: 'REST API Connections' },
      },
      {
        path: '/connections/new',
        name: 'connection-new',
        component: () => import('./connections/ConnectionCardPage.vue'),
        meta: { title: 'New REST API Connection' },
      },
      {
        path: '/connections/:code',
        name: 'connection',
        component: () => import('./connections/ConnectionCardPage.vue'),
        props: true,
        meta: { title: 'REST API Connection Card' },
      },
      {
        path: '/connections/:code/authorization',
        name: 'authorization',
        component: () => import('./authorization/AuthorizationPage.vue'),
        props: true,
        meta: { title: 'OAuth2 Authorization Management' },
      },
      {
        path: '/connections/:code/history',
        name: 'history',
        component: () => import('./history/HistoryPage.vue'),
        props: true,
        meta: { title: 'History' },
      },
      {
        path: '/authorization-result',
        name: 'authorization-result',
        component: () => import('./authorization/AuthorizationResultPage.vue'),
        meta: { public: true, title: 'Authorization result' },
      },
      {
        path: '/api-keys',
        name: 'api-keys',
        component: () => import('./api-keys/ApiKeysPage.vue'),
        meta: { adminOnly: true, title: 'API keys' },
      },
      {
        path: '/webhooks',
        name: 'webhooks',
        component: () => import('./webhooks/WebhooksPage.vue'),
        meta: { adminOnly: true, title: 'Webhooks' },
      },
      {
        path: '/activity',
        name: 'activity',
        component: () => import('./activity/ActivityPage.vue'),
        meta: { adminOnly: true, title: 'Activity' },
      },
      {
        path: '/users',
        name: 'users',
        component: () => import('./users/UsersPage.vue'),
        meta: { adminOnly: true, title: 'Users' },
      },
      {
        path: '/change-password',
        name: 'change-password',
        component: () => import('./users/ChangePasswordPage.vue'),
        meta: { title: 'Choose your password' },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./shell/NotFoundPage.vue'),
        meta: { public: true, title: 'Not found' },
      },
    ],
  });

  router.beforeEach(async (to) => {
    const user = await session.ensureLoaded().catch(() => null);
    if (to.meta.public) {
      if (to.name === 'sign-in' && user) return { path: typeof to.query['redirect'] === 'string' ? to.query['redirect'] : '/connections' };
      return true;
    }
    if (!user) return { name: 'sign-in', query: { redirect: to.fullPath } };
    // Signed in with a one-time password: nothing else until it is changed.
    if (user.mustChangePassword && to.name !== 'change-password') return { name: 'change-password', query: { redirect: to.fullPath } };
    if (!user.mustChangePassword && to.name === 'change-password') return { name: 'connections' };
    if (to.meta.adminOnly && user.role !== 'ADMIN') return { name: 'connections' };
    return true;
  });
  router.afterEach((to, from) => {
    document.title = to.meta.title ? `${to.meta.title} · Grantkeeper` : 'Grantkeeper';
    // After an in-app navigation, move focus to the new page's content (as a page load would),
    // so keyboard and screen-reader users start at the top of it. Sign-in keeps its autofocus.
    if (from.matched.length > 0 && to.name !== 'sign-in' && to.path !== from.path) {
      void nextTick(() => document.getElementById('main')?.focus({ preventScroll: true }));
    }
  });
  return router;
}
