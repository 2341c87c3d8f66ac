import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import FormField from './FormField.vue';

/** The field's control, given what the slot hands it. */
const input = (field: { id: string; invalid: boolean; describedby: string }) =>
  h('input', { id: field.id, 'aria-invalid': String(field.invalid), 'aria-describedby': field.describedby });

describe('FormField', () => {
  it('ties the label, the control, the help and the error together by ids', () => {
    const wrapper = mount(FormField, {
      props: { id: 'code', label: 'Code', help: 'Upper-case letters.', error: 'Enter a code.' },
      slots: { default: input },
    });
    expect(wrapper.get('label').attributes('for')).toBe('code');
    expect(wrapper.get('label').text()).toBe('Code');
    expect(wrapper.get('input').attributes()).toMatchObject({
      id: 'code',
      'aria-invalid': 'true',
      'aria-describedby': 'code-help code-error',
    });
    expect(wrapper.get('#code-help').text()).toBe('Upper-case letters.');
    expect(wrapper.get('#code-error').classes()).toContain('gk-error');
    expect(wrapper.get('#code-error').text()).toBe('Enter a code.');
  });

  it('has no help line without help, and an empty error line while valid', () => {
    const wrapper = mount(FormField, { props: { id: 'name', label: 'Name' }, slots: { default: input } });
    expect(wrapper.find('#name-help').exists()).toBe(false);
    expect(wrapper.get('input').attributes()).toMatchObject({ 'aria-invalid': 'false', 'aria-describedby': 'name-error' });
    expect(wrapper.get('#name-error').text()).toBe('');
  });

  it('takes a label id (for aria-labelledby), a label and help with markup, and extra classes', () => {
    const wrapper = mount(FormField, {
      props: { id: 'secret', labelId: 'secret-label' },
      attrs: { class: 'gk-wide' },
      slots: { default: input, label: () => ['Secret ', h('span', '(set)')], help: () => h('code', 'never shown') },
    });
    expect(wrapper.classes()).toEqual(['gk-field', 'gk-wide']);
    expect(wrapper.get('label').attributes('id')).toBe('secret-label');
    expect(wrapper.get('label').text()).toBe('Secret (set)');
    expect(wrapper.get('#secret-help').html()).toContain('<code>never shown</code>');
    expect(wrapper.get('input').attributes('aria-describedby')).toBe('secret-help secret-error');
  });
});
