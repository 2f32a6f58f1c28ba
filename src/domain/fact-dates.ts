import type { AssuranceFacts, IsoDate, RedNoticeFacts } from './types.ts'

/**
 * The dates at which a report shows the state acting against the person: when the notice was issued,
 * charges brought and the case's events (arrest, detention, requests, decisions). A finding about a
 * period that has ended is read for a report whose facts fall within it. The alleged offence's date is
 * left out: the risk the rules weigh is the one the person faces when the state pursues them.
 */
export function redNoticeProceedingDates (f: RedNoticeFacts): IsoDate[] {
  return [
    ...(f.issuedOn === undefined ? [] : [f.issuedOn]),
    ...f.charges.flatMap(ch => ch.chargedOn === undefined ? [] : [ch.chargedOn]),
    ...f.events.flatMap(e => e.date === undefined ? [] : [e.date])
  ]
}

/** An assurance is read against the situation in the giving state when it was given. */
export function assuranceDates (f: AssuranceFacts): IsoDate[] {
  return f.givenOn === undefined ? [] : [f.givenOn]
}
