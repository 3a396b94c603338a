import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../shared/http/ports.js'
import { processAlive, killGroup } from '../../shared/process/run.js'

// Real nginx and Prometheus (Debian packages nginx-light and prometheus, installed by .ci/run),
// started on 127.0.0.1 ports with their own configuration in a temporary prefix.

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync) ?? 'nginx'
export const PROMETHEUS = ['/usr/bin/prometheus'].find(existsSync) ?? 'prometheus'

export interface RealNginx {
  prefix: string
  port: number
  url: string
  upstreamFile: string
  /** The command strings a config's traffic.nginx.test / reload would hold. */
  testCommand: string
  reloadCommand: string
  pidFile: string
  /** The server's access log, in Glidepath's format (what traffic.nginx.accessLog names). */
  accessLog: string
  stop(): void
  /**
   * The upstream file as it was at start, nginx reloaded: a fresh site for the next test. Glidepath reads
   * the file it manages as what nginx was told, so a test's leftovers would be a later test's live site.
   */
  reset(): void
}

/** `location`: the body of the server's `location /` (default: proxy_pass to the upstream). */
export async function startNginx(upstream: string, initial: string, location?: (prefix: string) => string): Promise<RealNginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'glidepath-nginx-'))
  mkdirSync(join(prefix, 'logs'))
  mkdirSync(join(prefix, 'conf.d'))
  const port = await freePort()
  const upstreamFile = join(prefix, 'conf.d', `glidepath-${upstream}.conf`)
  writeFileSync(upstreamFile, initial)
  const conf = join(prefix, 'nginx.conf')
  writeFileSync(conf, `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${prefix}/tmp-body;
  proxy_temp_path ${prefix}/tmp-proxy;
  fastcgi_temp_path ${prefix}/tmp-fastcgi;
  uwsgi_temp_path ${prefix}/tmp-uwsgi;
  scgi_temp_path ${prefix}/tmp-scgi;
  include ${prefix}/conf.d/*.conf;
  log_format glidepath '$msec $upstream_addr $status $request_time';
  server {
    listen 127.0.0.1:${port};
    access_log ${prefix}/logs/glidepath.log glidepath;
    location / {
      ${location ? location(prefix) : `proxy_pass http://${upstream};`}
      proxy_next_upstream off;
    }
  }
}
`)
  const base = `${NGINX} -p ${prefix} -c ${conf}`
  execFileSync(NGINX, ['-p', prefix, '-c', conf], { stdio: 'pipe' })
  return {
    prefix,
    port,
    url: `http://127.0.0.1:${port}`,
    upstreamFile,
    testCommand: `${base} -t`,
    reloadCommand: `${base} -s reload`,
    pidFile: `${prefix}/nginx.pid`,
    accessLog: `${prefix}/logs/glidepath.log`,
    reset: () => {
      writeFileSync(upstreamFile, initial)
      execFileSync(NGINX, ['-p', prefix, '-c', conf, '-s', 'reload'], { stdio: 'ignore' })
    },
    stop: () => {
      try { execFileSync(NGINX, ['-p', prefix, '-c', conf, '-s', 'stop'], { stdio: 'ignore' }) } catch { /* already stopped */ }
      rmSync(prefix, { recursive: true, force: true })
    },
  }
}

export interface RealPrometheus {
  url: string
  process: ChildProcess
  stop(): Promise<void>
  /** Waits until every target has been scraped and is up. */
  ready(targets: number, timeoutMs?: number): Promise<void>
}

export async function startPrometheus(targets: string[], scrapeInterval = '1s'): Promise<RealPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'glidepath-prom-'))
  const port = await freePort()
  writeFileSync(join(dir, 'prometheus.yml'), `global:
  scrape_interval: ${scrapeInterval}
  evaluation_interval: ${scrapeInterval}
scrape_configs:
  - job_name: apps
    static_configs:
      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]
`)
  const child = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true })
  let log = ''
  child.stderr?.on('data', (c) => (log += c))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const res = await fetch(`${url}/-/ready`)
      if (res.ok) break
    } catch { /* starting */ }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`prometheus did not start: ${log}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    process: child,
    ready: async (n, timeoutMs = 20_000) => {
      const end = Date.now() + timeoutMs
      for (;;) {
        const body = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent('sum(up)')}`)).json()) as { data: { result: Array<{ value: [number, string] }> } }
        if (Number(body.data.result[0]?.value[1] ?? 0) >= n) return
        if (Date.now() > end) throw new Error('prometheus targets never came up')
        await new Promise((r) => setTimeout(r, 250))
      }
    },
    stop: async () => {
      killGroup(child.pid, 'SIGTERM')
      for (let i = 0; i < 100 && processAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 50))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A deploy script for the command provider: runs the demo app of $GLIDEPATH_VERSION on $GLIDEPATH_ADDRESS. */
export function placeScript(appsDir: string, runDir: string): string {
  return `#!/bin/sh
set -e
port="\${GLIDEPATH_ADDRESS##*:}"
role="\${GLIDEPATH_ROLE:-stable}"
mkdir -p "${runDir}"
if [ -f "${runDir}/$role.pid" ]; then kill -TERM -"$(cat "${runDir}/$role.pid")" 2>/dev/null || true; sleep 0.3; fi
cd "${appsDir}/$GLIDEPATH_VERSION"
PORT="$port" setsid node server.js > "${runDir}/$role.log" 2>&1 < /dev/null &
echo $! > "${runDir}/$role.pid"
for i in $(seq 1 100); do
  if node -e "fetch('http://'+process.env.GLIDEPATH_ADDRESS+'/health').then(r=>r.json()).then(b=>process.exit(b.version===process.env.GLIDEPATH_VERSION?0:1),()=>process.exit(1))"; then exit 0; fi
  sleep 0.1
done
echo "version $GLIDEPATH_VERSION did not come up on $GLIDEPATH_ADDRESS" >&2
exit 1
`
}

export function killPlaced(runDir: string): void {
  for (const role of ['stable', 'canary']) {
    const pidFile = join(runDir, `${role}.pid`)
    if (existsSync(pidFile)) killGroup(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM')
  }
}
