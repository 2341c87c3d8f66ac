import type Provider from 'oidc-provider';
import type { InteractionResults } from 'oidc-provider';
import { INTERACTION_PREFIX } from '../routes.js';
import type { RuntimeState } from '../runtime-state.js';
import { readRawBody } from '../token-quirks.js';
import { consentPage, loginPage } from './pages.js';

type Middleware = Parameters<Provider['use']>[0];
type KoaContext = Parameters<Middleware>[0];
type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Header the `authorize()` helper uses to choose the account in auto mode. */
export const ACCOUNT_HEADER = 'x-test-idp-account';

const DENIED: InteractionResults = {
  error: 'access_denied',
  error_description: 'The resource owner denied the request',
};

/**
 * Login and consent (the interactions oidc-provider delegates to us, devInteractions off).
 * `auto`: login as the chosen account and grant every requested scope in one step.
 * `deny`: end with `access_denied`. `ui`: HTML login then consent pages.
 */
export function interactionMiddleware(provider: Provider, state: RuntimeState): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(INTERACTION_PREFIX)) {
      await next();
      return;
    }
    const [uid, action] = ctx.path.slice(INTERACTION_PREFIX.length).split('/');
    ctx.set('Cache-Control', 'no-store');
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (!uid || details.uid !== uid) ctx.throw(400, 'interaction mismatch');

    if (ctx.method === 'GET' && action === undefined) {
      await show(ctx, provider, state, details);
    } else if (ctx.method === 'POST' && action === 'login') {
      await submitLogin(ctx, provider, state, details);
    } else if (ctx.method === 'POST' && action === 'confirm') {
      await submitConsent(ctx, provider, state, details);
    } else {
      ctx.throw(404);
    }
  };
}

async function show(ctx: KoaContext, provider: Provider, state: RuntimeState, details: Interaction): Promise<void> {
  if (state.interaction === 'deny') {
    state.log(`interaction ${details.uid}: denied (deny mode)`);
    await finish(ctx, provider, DENIED);
    return;
  }
  if (state.interaction === 'auto') {
    const wanted = ctx.get(ACCOUNT_HEADER) || hintedAccount(details, state) || firstAccount(state);
    const accountId = details.session?.accountId ?? wanted;
    if (!state.accounts.has(accountId)) ctx.throw(400, `unknown test account ${accountId}`);
    const grantId = await grantAll(provider, details, accountId);
    state.log(`interaction ${details.uid}: auto login as ${accountId}, consent granted`);
    await finish(ctx, provider, { login: { accountId }, consent: { grantId } });
    return;
  }
  const clientName = await clientNameOf(provider, state, details);
  if (details.prompt.name === 'login') {
    ctx.type = 'html';
    ctx.body = loginPage({ uid: details.uid, clientName, hintAccountId: firstAccount(state) });
    return;
  }
  ctx.type = 'html';
  ctx.body = consentPage({
    uid: details.uid,
    clientName,
    accountId: details.session?.accountId ?? '',
    scopes: requestedScopes(details),
  });
}

async function submitLogin(ctx: KoaContext, provider: Provider, state: RuntimeState, details: Interaction): Promise<void> {
  const form = new URLSearchParams(await readRawBody(ctx));
  const username = form.get('username') ?? '';
  const account = state.accounts.get(username);
  if (!account || account.password !== (form.get('password') ?? '')) {
    state.log(`interaction ${details.uid}: login failed for ${JSON.stringify(username)}`);
    ctx.status = 401;
    ctx.type = 'html';
    ctx.body = loginPage({
      uid: details.uid,
      clientName: await clientNameOf(provider, state, details),
      username,
      error: 'Wrong username or password.',
      hintAccountId: firstAccount(state),
    });
    return;
  }
  state.log(`interaction ${details.uid}: login as ${account.id}`);
  await finish(ctx, provider, { login: { accountId: account.id } });
}

async function submitConsent(ctx: KoaContext, provider: Provider, state: RuntimeState, details: Interaction): Promise<void> {
  const form = new URLSearchParams(await readRawBody(ctx));
  const accountId = details.session?.accountId;
  if (form.has('deny') || !form.has('allow') || !accountId) {
    state.log(`interaction ${details.uid}: consent denied`);
    await finish(ctx, provider, DENIED);
    return;
  }
  const grantId = await grantAll(provider, details, accountId);
  state.log(`interaction ${details.uid}: consent granted`);
  await finish(ctx, provider, { consent: { grantId } });
}

/** Grants every requested OIDC scope, claim and resource scope (RFC 6749 §3.3). */
async function grantAll(provider: Provider, details: Interaction, accountId: string): Promise<string> {
  const clientId = String(details.params.client_id);
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const scope = typeof details.params.scope === 'string' ? details.params.scope : '';
  if (scope) grant.addOIDCScope(scope);
  const promptDetails = details.prompt.details as {
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (promptDetails.missingOIDCClaims) grant.addOIDCClaims(promptDetails.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(promptDetails.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

async function finish(ctx: KoaContext, provider: Provider, result: InteractionResults): Promise<void> {
  const redirectTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(redirectTo);
}

function requestedScopes(details: Interaction): string[] {
  return typeof details.params.scope === 'string' ? details.params.scope.split(' ').filter(Boolean) : [];
}

function hintedAccount(details: Interaction, state: RuntimeState): string | undefined {
  const hint = details.params.login_hint;
  return typeof hint === 'string' && state.accounts.has(hint) ? hint : undefined;
}

function firstAccount(state: RuntimeState): string {
  const first = state.accounts.keys().next();
  return first.done ? '' : first.value;
}

async function clientNameOf(provider: Provider, state: RuntimeState, details: Interaction): Promise<string> {
  const clientId = String(details.params.client_id);
  const known = state.clientNames.get(clientId);
  if (known) return known;
  const client = await provider.Client.find(clientId);
  return client?.clientName ?? clientId;
}
