import { useState } from 'preact/hooks';
import type { ApiTokenCreatedResponse, ApiTokenSummary } from '../protocol/api-tokens';
import { accessApi, isGone } from './access-api';
import { AdminRoles } from './AdminRoles';
import { formatTime } from './admin-time';
import { accessPageT as t } from './console-lang';
import { ConfirmBar } from './ConfirmBar';
import { NewApiToken, TokenShownOnce } from './NewApiToken';
import { Notice } from './Notice';
import { Time } from './Time';
import { useAction } from './use-action';
import { useLoad } from './use-load';

/** A token's scopes in words: the widest one says it all. */
function scopeText(token: ApiTokenSummary): string {
  return token.scopes.includes('export:phones') ? t.scopeNames['export:phones'] : t.scopeNames.export;
}

/** API tokens: the list with their state, revoke behind a confirmation, the form to make one. */
function ApiTokens() {
  const list = useLoad(() => accessApi.tokens(), 'api-tokens');
  const action = useAction();
  const [pending, setPending] = useState<ApiTokenSummary | null>(null);
  const [made, setMade] = useState<ApiTokenCreatedResponse | null>(null);
  const tokens = list.data?.tokens ?? [];

  function revoke(token: ApiTokenSummary) {
    void action.run(
      () => accessApi.revokeToken(token.id),
      () => {
        setPending(null);
        list.reload();
        return t.revokedDone(token.name);
      },
      (err) => {
        setPending(null);
        if (isGone(err)) list.reload();
      },
    );
  }

  return (
    <section class="access-tokens" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t.tokens}</h2>
      <p class="hint">{t.tokensHint}</p>
      <Notice text={list.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      {made && <TokenShownOnce made={made} onDismiss={() => setMade(null)} />}
      {pending && (
        <ConfirmBar
          text={t.revokeConfirm(pending.name)}
          action={t.confirmRevoke}
          busy={action.busy}
          onConfirm={() => revoke(pending)}
          onCancel={() => setPending(null)}
        />
      )}
      <table class="tokens-table">
        <thead>
          <tr>
            <th>{t.name}</th>
            <th>{t.scopes}</th>
            <th>{t.created}</th>
            <th>{t.expires}</th>
            <th>{t.state}</th>
            <th>{t.actions}</th>
          </tr>
        </thead>
        <tbody>
          {tokens.length === 0 && !list.loading && (
            <tr>
              <td colSpan={6} class="no-tokens">
                {t.noTokens}
              </td>
            </tr>
          )}
          {tokens.map((token) => (
            <tr key={token.id} class={token.state === 'live' ? '' : 'token-off'}>
              <td class="token-name">{token.name}</td>
              <td class={token.scopes.includes('export:phones') ? 'warn' : ''}>{scopeText(token)}</td>
              <td>
                <Time iso={token.createdAt} />
              </td>
              <td>{token.expiresAt ? <Time iso={token.expiresAt} /> : t.never}</td>
              <td>
                <span class={`token-state ${token.state}`}>{t.states[token.state]}</span>
                {token.revokedAt && <small class="sub">{t.revokedAt(formatTime(token.revokedAt))}</small>}
              </td>
              <td>
                {token.state === 'live' && (
                  <button
                    type="button"
                    class="danger-outline"
                    aria-label={`${t.revoke} ${token.name}`}
                    disabled={action.busy}
                    onClick={() => setPending(token)}
                  >
                    {t.revoke}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewApiToken
        action={action}
        onStart={() => {
          setMade(null);
          setPending(null);
        }}
        onMade={(m) => {
          setMade(m);
          list.reload();
        }}
      />
    </section>
  );
}

/** 访问管理 (district admins only): API tokens for BI pulls, and admins' roles. */
export function AccessPage() {
  return (
    <div class="access-page">
      <ApiTokens />
      <AdminRoles />
    </div>
  );
}
