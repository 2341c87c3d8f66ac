import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import type { Role } from '../gql/graphql';
import { SessionKey } from '../session/session';
import { primeVue, recordingSession } from '../test-support';
import AppHeader from './AppHeader.vue';

const mounted: Array<{ unmount(): void }> = [];
afterEach(() => {
  while (mounted.length > 0) mounted.pop()?.unmount();
  document.body.innerHTML = '';
});

async function render(role: Role) {
  const { session } = recordingSession();
  session.user.value = { __typename: 'User', id: 'u1', email: 'someone@example.test', displayName: 'Someone', role };
  session.workspaces.value = [{ __typename: 'Workspace', id: 'w1', slug: 'default', company: 'Default', environment: 'production' }];
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/:rest(.*)*', name: 'connections', component: { template: '<div />' } }],
  });
  await router.push('/connections');
  const wrapper = mount(AppHeader, {
    attachTo: document.body,
    global: { plugins: [primeVue, router], provide: { [SessionKey as symbol]: session } },
  });
  mounted.push(wrapper);
  return wrapper;
}

describe('AppHeader: New workspace', () => {
  it('offers New workspace to an admin, and opens the dialog on demand', async () => {
    const wrapper = await render('ADMIN');
    const button = wrapper.get('[data-testid="new-workspace"]');
    expect(button.text()).toBe('New workspace');
    expect(button.attributes('aria-haspopup')).toBe('dialog');
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    await button.trigger('click');
    for (let i = 0; i < 20 && !document.querySelector('[role="dialog"]'); i++) {
      await flushPromises();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(document.querySelector('[role="dialog"]')?.textContent).toContain('New workspace');
  });

  it.each<Role>(['OPERATOR', 'VIEWER'])('hides New workspace from %s', async (role) => {
    const wrapper = await render(role);
    expect(wrapper.find('[data-testid="workspace-switcher"]').exists()).toBe(true);
    expect(wrapper.find('[data-testid="new-workspace"]').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('New workspace');
  });
});
