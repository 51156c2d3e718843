import { PARTY_STATUSES, type PartyStatus } from "./types";

/** A party status read from the database or a realtime row; one the app does not know reads as "scheduled". */
export function toPartyStatus(value: string | null): PartyStatus {
  return (PARTY_STATUSES as readonly (string | null)[]).includes(value) ? (value as PartyStatus) : "scheduled";
}
