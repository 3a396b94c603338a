import { describe, it, expect } from '@jest/globals'
import { windowVerdict, nextOpen, parseBound, zonedTime, describeInstant, validTimeZone, type WindowsConfig } from '../../shared/time/windows.js'

const at = (iso: string) => new Date(iso)
const office: WindowsConfig = { timezone: 'Europe/Berlin', allow: [{ days: ['mon', 'tue', 'wed', 'thu'], from: '09:00', to: '16:00' }] }

describe('deploy windows and freezes', () => {
  it('open inside a window in its time zone, closed outside it, with the next opening', () => {
    // Monday 2026-12-07 10:00 in Berlin is 09:00Z (CET, UTC+1).
    expect(windowVerdict(office, at('2026-12-07T09:00:00Z'))).toEqual({ open: true })
    const evening = windowVerdict(office, at('2026-12-07T15:30:00Z'))
    expect(evening).toMatchObject({ open: false, why: expect.stringContaining('outside the deploy windows (mon,tue,wed,thu 09:00-16:00, Europe/Berlin)') })
    expect(evening.open === false && evening.next?.toISOString()).toBe('2026-12-08T08:00:00.000Z')
    // Thursday after hours: next is Monday.
    const thursday = windowVerdict(office, at('2026-12-10T16:00:00Z'))
    expect(thursday.open === false && thursday.next?.toISOString()).toBe('2026-12-14T08:00:00.000Z')
  })

  it('follows daylight saving: 09:00 Berlin is 07:00Z in summer', () => {
    expect(nextOpen(office, at('2026-07-06T05:00:00Z'))?.toISOString()).toBe('2026-07-06T07:00:00.000Z')
    expect(zonedTime(2026, 3, 29, 3, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z')
  })

  it('a window past midnight counts from its start day', () => {
    const night: WindowsConfig = { allow: [{ days: ['sat'], from: '22:00', to: '02:00' }] }
    expect(windowVerdict(night, at('2026-12-12T23:00:00Z')).open).toBe(true)
    expect(windowVerdict(night, at('2026-12-13T01:59:00Z')).open).toBe(true)
    expect(windowVerdict(night, at('2026-12-13T02:00:00Z')).open).toBe(false)
    expect(windowVerdict(night, at('2026-12-14T01:00:00Z')).open).toBe(false)
  })

  it('a freeze closes even an open window, names its reason, and the next opening comes after it', () => {
    const cfg: WindowsConfig = { ...office, freezes: [{ from: '2026-12-21', to: '2027-01-05', reason: 'year-end' }] }
    const v = windowVerdict(cfg, at('2026-12-22T10:00:00Z'))
    expect(v).toMatchObject({ open: false, why: 'a freeze is on from 2026-12-21 to 2027-01-05 (year-end)' })
    // 2027-01-05 is a Tuesday: 09:00 Berlin.
    expect(v.open === false && v.next?.toISOString()).toBe('2027-01-05T08:00:00.000Z')
    expect(windowVerdict({ freezes: cfg.freezes }, at('2026-12-20T22:59:00Z')).open).toBe(true)
    expect(windowVerdict({ timezone: 'Europe/Berlin', freezes: cfg.freezes }, at('2026-12-20T23:00:00Z')).open).toBe(false)
  })

  it('reads freeze bounds as dates, local times or instants, and refuses anything else', () => {
    expect(parseBound('2026-12-21', 'UTC')?.toISOString()).toBe('2026-12-21T00:00:00.000Z')
    expect(parseBound('2026-12-21T18:30', 'America/New_York')?.toISOString()).toBe('2026-12-21T23:30:00.000Z')
    expect(parseBound('2026-12-21T18:30:00+02:00', 'UTC')?.toISOString()).toBe('2026-12-21T16:30:00.000Z')
    expect(parseBound('next monday', 'UTC')).toBeUndefined()
    expect(validTimeZone('Europe/Berlin')).toBe(true)
    expect(validTimeZone('Mars/Olympus')).toBe(false)
    expect(describeInstant(at('2026-12-08T08:00:00Z'), 'Europe/Berlin')).toBe('tue 2026-12-08 09:00 Europe/Berlin (2026-12-08T08:00Z)')
  })

  it('no windows config: always open', () => {
    expect(windowVerdict(undefined, new Date())).toEqual({ open: true })
    expect(windowVerdict({}, new Date())).toEqual({ open: true })
  })
})
