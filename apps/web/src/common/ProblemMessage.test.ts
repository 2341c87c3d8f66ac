import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { primeVue } from '../test-support';
import ProblemMessage from './ProblemMessage.vue';

describe('ProblemMessage', () => {
  it('shows the title for the code, the server message and the catalogue hint', () => {
    const wrapper = mount(ProblemMessage, {
      props: { problem: { code: 'REAUTHORIZATION_REQUIRED', message: 'The provider rejected the refresh token.' } },
      global: { plugins: [primeVue] },
    });
    const text = wrapper.text();
    expect(text).toContain('Reauthorization required.');
    expect(text).toContain('The provider rejected the refresh token.');
    expect(text).toContain('Use Start Authorization');
    expect(wrapper.get('[data-testid="problem"]').attributes('data-code')).toBe('REAUTHORIZATION_REQUIRED');
  });

  it('can leave the hint out, and renders nothing without a problem', () => {
    const withoutHint = mount(ProblemMessage, {
      props: { problem: { code: 'UNAUTHENTICATED', message: 'Wrong email or password.' }, hint: false },
      global: { plugins: [primeVue] },
    });
    expect(withoutHint.text()).not.toContain('API key');
    expect(mount(ProblemMessage, { props: { problem: null }, global: { plugins: [primeVue] } }).html()).not.toContain('p-message');
  });
});
