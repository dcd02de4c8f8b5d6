/** The district's stations and party organisations, which several console pages offer as filters and choices. */
import type { PartyOrg } from '../protocol/console-people';
import type { StationRecord } from '../protocol/schemas';
import { adminApi } from './admin-api';
import { peopleApi } from './people-api';
import { useLoad } from './use-load';

/** Stations, or an empty list while they load (a failed load leaves the filter on "all"). */
export function useStations(): StationRecord[] {
  return useLoad(() => adminApi.stations().then((r) => r.stations), 'stations').data ?? [];
}

/** Party organisations, archived ones included (flagged), or an empty list while they load. */
export function usePartyOrgs(): PartyOrg[] {
  return useLoad(() => peopleApi.partyOrgs().then((r) => r.orgs), 'party-orgs').data ?? [];
}
