/** Server-rendered HTML for the login and consent pages (no scripts, labelled inputs). */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
  main { max-width: 24rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
         box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  h1 { font-size: 1.25rem; margin-top: 0; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
  button { margin-top: 1.25rem; padding: .5rem 1.25rem; font-size: 1rem; cursor: pointer; }
  button[name=deny] { background: #fff; }
  .error { color: #b00020; background: #fde8eb; padding: .5rem; border-radius: 4px; }
  ul { padding-left: 1.25rem; }
  .hint { color: #555; font-size: .85rem; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export interface LoginPageInput {
  uid: string;
  clientName: string;
  username?: string;
  error?: string;
  hintAccountId?: string;
}

export function loginPage(input: LoginPageInput): string {
  const error = input.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(input.error)}</p>` : '';
  const hint = input.hintAccountId ? `<p class="hint">Test account: <code>${escapeHtml(input.hintAccountId)}</code></p>` : '';
  return layout(
    'Sign in — Grantkeeper test IdP',
    `<h1>Sign in to continue to ${escapeHtml(input.clientName)}</h1>
${error}
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/login" autocomplete="off">
  <label for="username">Username</label>
  <input id="username" name="username" type="text" required autofocus value="${escapeHtml(input.username ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <button type="submit">Sign in</button>
</form>
${hint}`,
  );
}

export interface ConsentPageInput {
  uid: string;
  clientName: string;
  accountId: string;
  scopes: string[];
}

export function consentPage(input: ConsentPageInput): string {
  const scopes = input.scopes.length
    ? `<ul id="scopes">${input.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`
    : '<p id="scopes">No scopes requested.</p>';
  return layout(
    'Authorize — Grantkeeper test IdP',
    `<h1 id="client-name">${escapeHtml(input.clientName)}</h1>
<p>wants to access your account <strong>${escapeHtml(input.accountId)}</strong> with these scopes:</p>
${scopes}
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/confirm">
  <button type="submit" name="allow" value="1">Allow</button>
  <button type="submit" name="deny" value="1">Deny</button>
</form>`,
  );
}
