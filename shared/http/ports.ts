import { readFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'

// Ports on this machine: one free to listen on, and whether something listens at an address.

/** Ports this process handed out: a port is given once, even before whoever asked binds it. */
const handedOut = new Set<number>()
const LOWEST = 10_000

/** The kernel's ephemeral range: what it gives to any program's listen(0) and outgoing connections (read once per process). */
let range: [number, number] | undefined
function ephemeralRange(): [number, number] {
  range ??= readRange()
  return range
}

function readRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    if (lo > 0 && hi >= lo) return [lo, hi]
  } catch {
    // Not Linux: the IANA range.
  }
  return [49152, 65535]
}

function canListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(undefined))
    srv.listen(port, '127.0.0.1', () => {
      const addr = srv.address()
      const got = typeof addr === 'object' && addr ? addr.port : undefined
      srv.close(() => resolve(got))
    })
  })
}

/**
 * A port free on 127.0.0.1 now, for something that binds it later (a release, a container's published
 * port, the router). Picked below the kernel's ephemeral range: a port the kernel chose (listen(0)) and
 * gave back is free for the kernel to give to the next program's listen(0) or outgoing connection in
 * the seconds before it is bound; one below the range is handed out only by a choice like this one.
 */
export async function freePort(): Promise<number> {
  const [lo] = ephemeralRange()
  const span = lo - 1 - LOWEST
  for (let i = 0; span > 1000 && i < 50; i++) {
    const port = LOWEST + Math.floor(Math.random() * span)
    if (handedOut.has(port)) continue
    if ((await canListen(port)) !== undefined) {
      handedOut.add(port)
      return port
    }
  }
  // No room below the range (a machine that widened it): the kernel's choice.
  const port = await canListen(0)
  if (port === undefined) throw new Error('no free port on 127.0.0.1')
  handedOut.add(port)
  return port
}

/** Something accepts connections at host:port. */
export function listening(address: string, timeoutMs = 1000): Promise<boolean> {
  const at = address.lastIndexOf(':')
  return new Promise((resolve) => {
    const socket = connect(Number(address.slice(at + 1)), address.slice(0, at))
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
