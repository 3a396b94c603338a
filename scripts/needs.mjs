#!/usr/bin/env node
// Checks that a suite's real parts are installed before it runs, and says how to install them instead
// of failing on a missing binary deep inside a test: node scripts/needs.mjs services [workflows k8s].
import { existsSync, readdirSync } from 'node:fs'
import { join, delimiter } from 'node:path'
import { homedir } from 'node:os'

const tools = process.env.GLIDEPATH_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'glidepath-tools')
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((d) => existsSync(join(d, name)))
const any = (...paths) => paths.some(existsSync)
const NEEDS = {
  services: [
    ['nginx (Debian package nginx-light)', () => onPath('nginx') || any('/usr/sbin/nginx')],
    ['prometheus (Debian package prometheus)', () => onPath('prometheus') || any('/usr/bin/prometheus')],
    ['openssl', () => onPath('openssl')],
    ['Chromium (Debian package chromium)', () => any('/usr/bin/chromium')],
    ['PostgreSQL server and client tools (Debian package postgresql)', () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb'))) && onPath('pg_dump')],
  ],
  ssh: [
    ['sshd (Debian package openssh-server)', () => any('/usr/sbin/sshd')],
    ['ssh and ssh-keygen (Debian package openssh-client)', () => onPath('ssh') && onPath('ssh-keygen')],
  ],
  workflows: ['actionlint', 'zizmor', 'act'].map((b) => [`${b} (in ${tools}/bin)`, () => existsSync(join(tools, 'bin', b))]),
  docker: [
    ['dockerd (Debian package docker.io)', () => existsSync('/usr/sbin/dockerd')],
    ['docker CLI', () => onPath('docker')],
    ...['docker-compose', 'registry'].map((b) => [`${b} (in ${tools}/bin)`, () => existsSync(join(tools, 'bin', b))]),
  ],
  k8s: ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok', 'helm'].map((b) => [`${b} (in ${tools}/bin)`, () => existsSync(join(tools, 'bin', b))]),
}
let missing = 0
for (const suite of process.argv.slice(2)) {
  const lacking = (NEEDS[suite] ?? []).filter(([, present]) => !present()).map(([name]) => name)
  if (!lacking.length) continue
  missing++
  process.stderr.write(`This suite needs ${lacking.join(', ')}, which ${lacking.length === 1 ? 'is' : 'are'} not installed.\nInstall ${lacking.length === 1 ? 'it' : 'them'} with: scripts/setup ${suite}\n`)
}
process.exit(missing ? 3 : 0)
