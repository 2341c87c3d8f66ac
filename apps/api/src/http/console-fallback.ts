/** The page served at `/` when the console is not built (WEB_DIST_DIR has no index.html). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function consoleMissingPage(opts: { webDistDir: string; publicUrl: string }): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Grantkeeper</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
code{background:#f0f2f5;padding:.1rem .3rem;border-radius:3px}</style></head>
<body>
<h1>Grantkeeper is running</h1>
<p>The API answers at <code>${escapeHtml(opts.publicUrl)}/graphql</code> and the OAuth redirect URI is
<code>${escapeHtml(opts.publicUrl)}/oauth/callback</code>.</p>
<p>The web console is not built, so there is nothing to show here yet. Build it with
<code>pnpm --filter @grantkeeper/web build</code> (or run <code>pnpm start</code> from the repository root),
or point <code>WEB_DIST_DIR</code> at a built console. Looked in: <code>${escapeHtml(opts.webDistDir)}</code>.</p>
<p>Health: <a href="/healthz">/healthz</a> · Readiness: <a href="/readyz">/readyz</a></p>
</body>
</html>
`;
}
