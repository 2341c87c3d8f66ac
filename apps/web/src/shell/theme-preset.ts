/**
 * The console's PrimeVue theme: Aura's base tokens and only the component tokens the console
 * uses (the full Aura preset carries ~90 components and is a third of the initial JavaScript),
 * with the light scheme's primary colour darkened to meet WCAG AA contrast (emerald 500 on white
 * is 2.5:1; 700 is 5.5:1), and so are danger buttons. Add a component here when a page starts using it.
 */
import base from '@primeuix/themes/aura/base';
import button from '@primeuix/themes/aura/button';
import checkbox from '@primeuix/themes/aura/checkbox';
import chip from '@primeuix/themes/aura/chip';
import confirmdialog from '@primeuix/themes/aura/confirmdialog';
import datatable from '@primeuix/themes/aura/datatable';
import dialog from '@primeuix/themes/aura/dialog';
import iconfield from '@primeuix/themes/aura/iconfield';
import inputtext from '@primeuix/themes/aura/inputtext';
import message from '@primeuix/themes/aura/message';
import multiselect from '@primeuix/themes/aura/multiselect';
import paginator from '@primeuix/themes/aura/paginator';
import select from '@primeuix/themes/aura/select';
import tag from '@primeuix/themes/aura/tag';
import textarea from '@primeuix/themes/aura/textarea';
import toast from '@primeuix/themes/aura/toast';
import virtualscroller from '@primeuix/themes/aura/virtualscroller';

/** Light-scheme danger buttons in red 700 (white on red 500 is 3.8:1, red 500 on white 3.8:1). */
type TokenGroups = Record<string, Record<string, unknown>>;
const consoleButton = structuredClone(button);
const lightButton = consoleButton.colorScheme?.light as unknown as { root: TokenGroups; outlined: TokenGroups; text: TokenGroups };
Object.assign(lightButton.root['danger']!, {
  background: '{red.700}',
  hoverBackground: '{red.800}',
  activeBackground: '{red.900}',
  borderColor: '{red.700}',
  hoverBorderColor: '{red.800}',
  activeBorderColor: '{red.900}',
  focusRing: { color: '{red.700}', shadow: 'none' },
});
lightButton.outlined['danger']!['color'] = '{red.700}';
lightButton.text['danger']!['color'] = '{red.700}';

const semantic = base.semantic as Record<string, unknown> & {
  formField: Record<string, unknown>;
  colorScheme: { light: Record<string, unknown> & { primary: Record<string, string> } };
};

export const consolePreset = {
  ...base,
  semantic: {
    ...semantic,
    // A 2 px ring in the primary colour (5.5:1 light, 10:1 dark) instead of a 1 px border colour change.
    focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '2px', shadow: 'none' },
    formField: {
      ...semantic.formField,
      focusRing: { width: '2px', style: 'solid', color: '{primary.color}', offset: '1px', shadow: 'none' },
    },
    colorScheme: {
      ...semantic.colorScheme,
      light: {
        ...semantic.colorScheme.light,
        primary: {
          ...semantic.colorScheme.light.primary,
          color: '{primary.700}',
          hoverColor: '{primary.800}',
          activeColor: '{primary.900}',
        },
      },
    },
  },
  components: {
    button: consoleButton,
    checkbox,
    chip,
    confirmdialog,
    datatable,
    dialog,
    iconfield,
    inputtext,
    message,
    multiselect,
    paginator,
    select,
    tag,
    textarea,
    toast,
    virtualscroller,
  },
};
