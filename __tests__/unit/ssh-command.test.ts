import { describe, it, expect } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fc from 'fast-check'
import { remoteCommand, shellQuote } from '../../shared/ssh/host.js'

// What goes over SSH is one command line the remote user's shell parses (OpenSSH has no argv): every
// value of a run (a branch name, a PR title) must arrive as itself, never interpreted. Checked by
// running the line through /bin/sh, as sshd does.
const remote = (line: string) => execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' })

describe('the remote command line', () => {
  it('carries any value as itself, in a variable or as an argument', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((v) => !v.includes('\0')), fc.string({ maxLength: 20 }).filter((v) => !v.includes('\0')), (value, arg) => {
      expect(remote(remoteCommand('printf "%s|%s" "$GLIDEPATH_PR_TITLE" "$1"', { GLIDEPATH_PR_TITLE: value }, [arg]))).toBe(`${value}|${arg}`)
    }), { numRuns: 200 })
  })

  it('a hostile value runs nothing', () => {
    const hostile = `'; touch /tmp/glidepath-pwned-$$; echo '$(id)\`id\``
    expect(remote(remoteCommand('printf %s "$V"', { V: hostile }))).toBe(hostile)
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
  })

  it('runs in the configured directory and refuses a variable name that is not one', () => {
    expect(remote(remoteCommand('pwd', {}, [], '/tmp')).trim()).toBe('/tmp')
    expect(() => remoteCommand('true', { 'A;B': 'x' })).toThrow(/not a variable name/)
  })

  it('says so with its own exit code and word when the directory is not there, and runs nothing', () => {
    let failed: { status: number; stderr: string } | undefined
    try {
      remote(remoteCommand('echo ran', {}, [], '/nonexistent/glidepath'))
    } catch (e) {
      failed = e as { status: number; stderr: string }
    }
    expect(failed?.status).toBe(97)
    expect(String(failed?.stderr)).toContain('glidepath-no-such-dir')
    expect(String((failed as unknown as { stdout: string }).stdout)).not.toContain('ran')
  })
})
