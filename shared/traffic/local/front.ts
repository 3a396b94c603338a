import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { acquireLock } from '../../state/lock.js'
import { readJson } from '../../files/json-file.js'
import { LocalRouterClient } from './client.js'
import type { RouteTable, Site } from './routes.js'

// One Glidepath router in front of an environment's previews (previews.host): each preview keeps its
// own router (its releases, its weights, its token check), and the front sends each request to the one
// whose host name it asks for (traffic/local/sites.ts). A preview joins the front when it deploys and
// leaves it with its teardown; the front stops when the last one leaves. Its table is changed under a
// lock of its own, so previews deploying at once do not lose each other's entries.

const LOCK_TIMEOUT_MS = 60_000

export class PreviewFront {
  readonly dir: string
  private readonly client: LocalRouterClient

  constructor(stateRoot: string, key: string, cfg: { port: number; listen?: string }) {
    this.dir = join(stateRoot, `.previews-${key}`)
    this.client = new LocalRouterClient(this.dir, cfg.port, cfg.listen)
  }

  get url(): string {
    return this.client.baseUrl
  }

  sites(): Site[] {
    return this.client.routes().sites ?? []
  }

  /** The preview at `site.host` (its own router at `site.url`), replacing what it had there before. */
  async join(site: Site, say: (m: string) => void): Promise<void> {
    await this.locked('preview front: join', async () => {
      await this.client.ensureRunning(say)
      const others = this.sites().filter((s) => s.name !== site.name)
      await this.client.apply({ sites: [...others, site].sort((a, b) => a.name.localeCompare(b.name)) })
    })
  }

  /** The preview leaves the front; the front stops once none is left. */
  async leave(name: string, say: (m: string) => void): Promise<boolean> {
    if (!existsSync(this.client.routesFile)) return false
    return this.locked('preview front: leave', async () => {
      const before = this.sites()
      const rest = before.filter((s) => s.name !== name)
      if (rest.length === before.length) return false
      if (rest.length === 0) {
        await this.client.stop()
        rmSync(this.client.routesFile, { force: true })
        say(`The preview front at ${this.url} stopped: no preview is left behind it.`)
        return true
      }
      await this.client.ensureRunning(say)
      await this.client.apply({ sites: rest })
      return true
    })
  }

  private async locked<T>(action: string, fn: () => Promise<T>): Promise<T> {
    const held = await acquireLock(join(this.dir, 'lock'), { timeoutMs: LOCK_TIMEOUT_MS, action })
    try {
      return await fn()
    } finally {
      held.release()
    }
  }
}

/** The address of a preview's own local router on this machine, from its routes file; undefined when it has none. */
export function ownRouterUrl(storeDir: string): string | undefined {
  const table = readJson<Partial<RouteTable>>(join(storeDir, 'router.json'), {})
  return table.port ? `http://127.0.0.1:${table.port}` : undefined
}
