const KEY = 'grantkeeper.theme';

export type Theme = 'light' | 'dark';

export function currentTheme(): Theme {
  return document.documentElement.classList.contains('gk-dark') ? 'dark' : 'light';
}

export function setTheme(theme: Theme): void {
  document.documentElement.classList.toggle('gk-dark', theme === 'dark');
  window.localStorage.setItem(KEY, theme);
}

/** The stored choice, else the operating system's preference. */
export function applyInitialTheme(): void {
  const stored = window.localStorage.getItem(KEY);
  const dark = stored ? stored === 'dark' : window.matchMedia?.('(prefers-color-scheme: dark)').matches === true;
  document.documentElement.classList.toggle('gk-dark', dark);
}
