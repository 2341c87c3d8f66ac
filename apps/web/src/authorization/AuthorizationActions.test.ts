import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import type { AuthorizationStatus, Role } from '../gql/graphql';
import { primeVue } from '../test-support';
import AuthorizationActions from './AuthorizationActions.vue';

function render(role: Role | null, status: AuthorizationStatus | null, busy: 'start' | 'test' | 'refresh' | 'revoke' | null = null) {
  return mount(AuthorizationActions, {
    props: { role, status, busy, authenticationType: 'OAUTH2_AUTHORIZATION_CODE' },
    global: { plugins: [primeVue] },
  });
}

function disabledMap(wrapper: ReturnType<typeof render>): Record<string, boolean> {
  return Object.fromEntries(
    ['start', 'test', 'refresh', 'revoke'].map((a) => [a, wrapper.get(`[data-testid="action-${a}"]`).attributes('disabled') !== undefined]),
  );
}

describe('AuthorizationActions', () => {
  it("uses the seed's wording for the four actions", () => {
    const wrapper = render('ADMIN', 'AUTHORIZED');
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual([
      'Start Authorization',
      'Test Token',
      'Refresh Token',
      'Revoke Authorization',
    ]);
  });

  it('enables every action for an operator when authorized', () => {
    expect(disabledMap(render('OPERATOR', 'AUTHORIZED'))).toEqual({ start: false, test: false, refresh: false, revoke: false });
  });

  it('enables only Start Authorization when nothing is stored', () => {
    expect(disabledMap(render('ADMIN', 'NOT_AUTHORIZED'))).toEqual({ start: false, test: true, refresh: true, revoke: true });
  });

  it('disables Refresh Token when the provider rejected the refresh token', () => {
    expect(disabledMap(render('ADMIN', 'REAUTHORIZATION_REQUIRED'))).toEqual({ start: false, test: false, refresh: true, revoke: false });
  });

  it('disables everything for a viewer and says why', () => {
    const wrapper = render('VIEWER', 'AUTHORIZED');
    expect(disabledMap(wrapper)).toEqual({ start: true, test: true, refresh: true, revoke: true });
    expect(wrapper.get('#help-start').text()).toContain('Viewer');
  });

  it('describes a disabled button by its reason', () => {
    const wrapper = render('ADMIN', 'NOT_AUTHORIZED');
    const refresh = wrapper.get('[data-testid="action-refresh"]');
    expect(refresh.attributes('aria-describedby')).toBe('help-refresh');
    expect(wrapper.get('#help-refresh').text()).toContain('Start Authorization');
  });

  it('emits the action on click, and locks the buttons while one runs', async () => {
    const wrapper = render('OPERATOR', 'AUTHORIZED');
    await wrapper.get('[data-testid="action-test"]').trigger('click');
    expect(wrapper.emitted('action')).toEqual([['test']]);
    await wrapper.setProps({ busy: 'test' });
    expect(disabledMap(wrapper)).toEqual({ start: true, test: true, refresh: true, revoke: true });
  });
});
