import { describeHours, describeOpenState, useDirectoryT } from '../../i18n/directory';
import { useT } from '../../i18n/i18n';
import type { NearbyStation } from '../../protocol/directory';
import { isServiceId } from '../../protocol/services';

/** One station of the nearby list: how far and which way, open or not, what it offers. */
export function StationCard({ n, s, today }: { n: number; s: NearbyStation; today: number }) {
  const d = useDirectoryT();
  const t = useT();
  const e = s.entry;
  const services = e.services.filter(isServiceId).map((id) => t.services[id]);
  return (
    <li class="nearby-item">
      <span class="nearby-no" aria-hidden="true">
        {n}
      </span>
      <div class="nearby-body">
        <h2 class="nearby-name">{e.name}</h2>
        <p class="nearby-where">
          {s.meters === null ? (
            <span>{d.noPosition}</span>
          ) : (
            <>
              <strong>{d.meters(s.meters)}</strong>
              {s.direction && <span> · {d.towards(d.directions[s.direction])}</span>}
              <span class="nearby-times">
                {d.walk(s.walkMin!)} · {d.ride(s.rideMin!)}
              </span>
            </>
          )}
        </p>
        <p class="nearby-tags">
          {s.open === null ? (
            <span class="tag tag-unknown">{d.hoursUnknown}</span>
          ) : (
            <span class={s.open.open ? 'tag tag-open' : 'tag tag-closed'}>{s.open.open ? d.open : d.closed}</span>
          )}
          {s.withinCircle && <span class="tag tag-circle">{d.within}</span>}
          <span class="tag tag-plain">
            {e.kind === 'hub' ? d.hub : d.branch}
            {e.hostType ? ` · ${d.hostTypes[e.hostType]}` : ''}
          </span>
        </p>
        {(e.openingHours || e.hours) && (
          <p class="nearby-line">
            {s.open && `${describeOpenState(d, s.open, today)} · `}
            {e.openingHours ? describeHours(d, e.openingHours) : e.hours}
          </p>
        )}
        {services.length > 0 && <p class="nearby-line">{d.labelled(d.services, services.join(d.listSep))}</p>}
        {e.address && <p class="nearby-line nearby-address">{d.labelled(d.address, e.address)}</p>}
      </div>
    </li>
  );
}
