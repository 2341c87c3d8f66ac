/**
 * PrimeVue's Dialog moves focus twice when it opens: to its `[autofocus]` element as it mounts
 * (the focus trap), and again, to the same element or else its close button, when its opening
 * transition ends about 150 ms later. Someone who has moved on meanwhile (clicked or tabbed into
 * the next field and started typing) is sent back, and the rest of their typing lands in the
 * wrong field. As `focusin` handler on the dialog, this keeps the `autofocus` mark on the element
 * that has focus, so that second focus finds the person where they already are.
 */
export function keepFocusWhereItIs(event: FocusEvent): void {
  const dialog = event.currentTarget;
  const target = event.target;
  if (!(dialog instanceof HTMLElement) || !(target instanceof HTMLElement) || target.hasAttribute('autofocus')) return;
  for (const marked of dialog.querySelectorAll('[autofocus]')) marked.removeAttribute('autofocus');
  target.setAttribute('autofocus', '');
}
