import { useState } from 'preact/hooks';
import { can } from './console-access';
import { peopleT as t } from './console-lang';
import type { PartyOrg } from '../protocol/console-people';
import { PARTY_ORG_TYPES } from '../protocol/people';
import { ConfirmBar } from './ConfirmBar';
import { Notice } from './Notice';
import { peopleApi } from './people-api';
import { useAction } from './use-action';
import { useLoad } from './use-load';

type OrgType = (typeof PARTY_ORG_TYPES)[number];

/** The district's party organisations (行业党委 / 联合党支部) that members join at registration: add, rename, archive. */
export function PartyOrgsPage() {
  const list = useLoad(() => peopleApi.partyOrgs(), 'party-orgs');
  const action = useAction();
  const [name, setName] = useState('');
  const [type, setType] = useState<OrgType>('joint_branch');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [archiving, setArchiving] = useState<PartyOrg | null>(null);
  const orgs = list.data?.orgs ?? [];
  const done = (text: string) => {
    list.reload();
    return text;
  };
  return (
    <section>
      <Notice text={list.error} tone="error" />
      <Notice text={action.outcome?.text ?? ''} tone={action.outcome?.tone} />
      {archiving && (
        <ConfirmBar
          text={t.archiveConfirm(archiving.name)}
          action={t.confirmArchive}
          busy={action.busy}
          onCancel={() => setArchiving(null)}
          onConfirm={() =>
            void action.run(
              () => peopleApi.editPartyOrg(archiving.id, { version: archiving.version, archived: true }),
              (r) => {
                setArchiving(null);
                return done(t.orgArchived(r.org.name));
              },
              list.reload,
            )
          }
        />
      )}
      <table>
        <thead>
          <tr>
            <th>{t.orgName}</th>
            <th>{t.orgType}</th>
            <th>{t.memberCount}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {orgs.length === 0 && !list.loading && (
            <tr>
              <td colSpan={4}>{t.noOrgs}</td>
            </tr>
          )}
          {orgs.map((o) => (
            <tr key={o.id} class={o.archived ? 'muted' : ''}>
              <td>
                {renaming?.id === o.id ? (
                  <form
                    class="rename"
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (!renaming.name.trim()) return action.fail(t.needName);
                      void action.run(
                        () => peopleApi.editPartyOrg(o.id, { version: o.version, name: renaming.name }),
                        (r) => {
                          setRenaming(null);
                          return done(t.orgRenamed(r.org.name));
                        },
                        list.reload,
                      );
                    }}
                  >
                    <input
                      aria-label={t.rename}
                      required
                      maxLength={80}
                      value={renaming.name}
                      onInput={(e) => setRenaming({ id: o.id, name: e.currentTarget.value })}
                    />
                    <button type="submit" class="primary" disabled={action.busy}>
                      {t.save}
                    </button>
                    <button type="button" onClick={() => setRenaming(null)}>
                      {t.cancelEdit}
                    </button>
                  </form>
                ) : (
                  <>
                    {o.name}
                    {o.archived && <span class="tag">{t.archived}</span>}
                  </>
                )}
              </td>
              <td>{t.orgTypes[o.type]}</td>
              <td>{o.memberCount}</td>
              <td class="row-actions">
                {can('district') && (
                  <button type="button" onClick={() => setRenaming({ id: o.id, name: o.name })}>
                    {t.rename}
                  </button>
                )}
                {!can('district') ? null : o.archived ? (
                  <button
                    type="button"
                    disabled={action.busy}
                    onClick={() =>
                      void action.run(
                        () => peopleApi.editPartyOrg(o.id, { version: o.version, archived: false }),
                        (r) => done(t.orgRestored(r.org.name)),
                        list.reload,
                      )
                    }
                  >
                    {t.unarchive}
                  </button>
                ) : (
                  <button type="button" onClick={() => setArchiving(o)}>
                    {t.archive}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {can('district') && (
        <form
          class="inline panel"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return action.fail(t.needName);
            void action.run(
              () => peopleApi.createPartyOrg({ name, type }),
              (r) => {
                setName('');
                return done(t.orgAdded(r.org.name));
              },
            );
          }}
        >
          <h2>{t.addOrg}</h2>
          <label class="grow">
            {t.orgName}
            <input required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label>
            {t.orgType}
            <select
              value={type}
              onChange={(e) => setType(PARTY_ORG_TYPES.find((x) => x === e.currentTarget.value) ?? 'joint_branch')}
            >
              {PARTY_ORG_TYPES.map((x) => (
                <option key={x} value={x}>
                  {t.orgTypes[x]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="primary" disabled={action.busy}>
            {t.add}
          </button>
        </form>
      )}
    </section>
  );
}
