export const id = 247;
export const ids = [247];
export const modules = {

/***/ 2247:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAgent: () => (/* binding */ runAgent)
});

// UNUSED EXPORTS: perform

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/runtime/runtime.ts
var runtime = __webpack_require__(5917);
// EXTERNAL MODULE: ./shared/process/proc.ts
var proc = __webpack_require__(8418);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./shared/template/render.ts
var render = __webpack_require__(9273);
// EXTERNAL MODULE: ./shared/config/resolve.ts
var resolve = __webpack_require__(6433);
// EXTERNAL MODULE: ./shared/state/json-file.ts
var json_file = __webpack_require__(8423);
// EXTERNAL MODULE: ./shared/state/paths.ts
var paths = __webpack_require__(5760);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: ./shared/runtime/self.ts
var runtime_self = __webpack_require__(1243);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
;// CONCATENATED MODULE: ./shared/http/request.ts


/** Keep-alive agents for a batch of requests; destroy() them when the batch is done. */
function keepAliveAgents(maxSockets) {
    const http = new HttpAgent({ keepAlive: true, maxSockets });
    const https = new HttpsAgent({ keepAlive: true, maxSockets });
    return { http, https, destroy: () => { http.destroy(); https.destroy(); } };
}
class HttpError extends Error {
    kind;
    code;
    constructor(message, kind, code) {
        super(message);
        this.kind = kind;
        this.code = code;
    }
}
const MAX_BODY = 1024 * 1024;
const MAX_REDIRECTS = 10;
async function httpRequest(url, options = {}) {
    const started = performance.now();
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    let current = url;
    let method = options.method ?? 'GET';
    let body = options.body;
    for (let redirects = 0;; redirects++) {
        const res = await once(current, { ...options, method, body }, deadline);
        const location = res.headers.get('location');
        if (options.redirect !== 'manual' && location && [301, 302, 303, 307, 308].includes(res.status) && redirects < MAX_REDIRECTS) {
            current = new URL(location, current).href;
            if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
                method = 'GET';
                body = undefined;
            }
            continue;
        }
        return { ...res, url: current, redirects, durationMs: performance.now() - started };
    }
}
function once(url, options, deadline) {
    return new Promise((resolve, reject) => {
        let u;
        try {
            u = new URL(url);
        }
        catch {
            return reject(new HttpError(`"${url}" is not a URL`, 'protocol'));
        }
        const isHttps = u.protocol === 'https:';
        if (!isHttps && u.protocol !== 'http:')
            return reject(new HttpError(`unsupported protocol ${u.protocol}`, 'protocol'));
        const headers = { 'user-agent': 'glidepath', ...options.headers };
        const hasAuth = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
        if ((u.username || u.password) && !hasAuth)
            headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
        u.username = '';
        u.password = '';
        if (options.body !== undefined)
            headers['content-length'] = String(Buffer.byteLength(options.body));
        const left = Math.max(1, deadline - Date.now());
        const req = (isHttps ? external_node_https_.request : external_node_http_.request)(u, {
            method: options.method,
            headers,
            agent: options.agents ? (isHttps && !options.insecure && !options.ca ? options.agents.https : isHttps ? false : options.agents.http) : false,
            ...(isHttps ? { rejectUnauthorized: !options.insecure, ca: options.ca, servername: u.hostname } : {}),
        }, (res) => {
            let certificateValidTo;
            if (isHttps) {
                const cert = res.socket.getPeerCertificate?.();
                if (cert?.valid_to)
                    certificateValidTo = new Date(cert.valid_to);
            }
            const chunks = [];
            let size = 0;
            res.on('data', (c) => {
                size += c.length;
                if (size <= MAX_BODY)
                    chunks.push(c);
            });
            res.on('end', () => {
                clearTimeout(timer);
                const raw = res.headers;
                resolve({
                    status: res.statusCode ?? 0,
                    headers: { get: (name) => { const v = raw[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v); } },
                    body: Buffer.concat(chunks).toString('utf8'),
                    certificateValidTo,
                });
            });
            res.on('error', (e) => reject(new HttpError(e.message, 'protocol')));
        });
        const timer = setTimeout(() => req.destroy(new HttpError(`timed out after ${left}ms`, 'timeout')), left);
        req.on('error', (e) => {
            clearTimeout(timer);
            if (e instanceof HttpError)
                return reject(e);
            const tls = /CERT|SSL|TLS|self.signed|certificate/i.test(`${e.code} ${e.message}`);
            // The resolver's message repeats the host lower-cased: past the mask of a secret URL (a webhook) that
            // holds it in another case. The caller names the URL where it may.
            const unresolved = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN';
            reject(new HttpError(tls ? `TLS: ${e.message}` : e.code === 'ECONNREFUSED' ? 'connection refused' : unresolved ? `the host name could not be resolved (${e.code})` : e.message, tls ? 'tls' : 'connect', e.code));
        });
        if (options.body !== undefined)
            req.write(options.body);
        req.end();
    });
}
/** Describes a request failure in words ("connection refused", "timed out after 5000ms"). */
function describeFetchError(e) {
    if (e instanceof HttpError)
        return e.message;
    const err = e;
    if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
        return 'timed out';
    const code = err?.cause?.code;
    if (code === 'ECONNREFUSED')
        return 'connection refused';
    if (code === 'ECONNRESET')
        return 'connection reset';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return `the host name could not be resolved (${code})`;
    if (code)
        return `${code}${err.cause?.message ? ` (${err.cause.message})` : ''}`;
    return err?.message ?? String(e);
}
/** A URL fit for logs and outputs: any user:password@ part becomes ***@. */
function redactUrl(url) {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}
/**
 * One health probe: 2xx is healthy; otherwise what was wrong, for a "did not become healthy" message
 * (answered 503, timed out, not listening).
 */
async function probeHealth(url, timeoutMs = 2000) {
    try {
        const res = await httpRequest(url, { timeoutMs });
        return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, last: `answered ${res.status}` };
    }
    catch (e) {
        return { ok: false, last: e instanceof HttpError && e.kind === 'timeout' ? 'timed out' : 'not listening' };
    }
}

// EXTERNAL MODULE: ./shared/traffic/local/server.ts + 2 modules
var server = __webpack_require__(1941);
// EXTERNAL MODULE: ./shared/traffic/local/routes.ts
var routes = __webpack_require__(6648);
;// CONCATENATED MODULE: ./shared/traffic/local/client.ts













/** How long an upgrade waits for the old router to finish its open connections (keep-alive: 5 s idle). */
const OLD_ROUTER_WAIT_MS = 15_000;
// The action's handle on the local router process of one environment. The public port only proxies;
// everything here goes to the router's admin listener (loopback, its port in the pid file).
class LocalRouterClient {
    dir;
    port;
    host;
    cohorts;
    routesFile;
    logFile;
    constructor(dir, port, host = '127.0.0.1', cohorts) {
        this.dir = dir;
        this.port = port;
        this.host = host;
        this.cohorts = cohorts;
        this.routesFile = (0,external_node_path_.join)(dir, 'router.json');
        this.logFile = (0,external_node_path_.join)(dir, 'router.log');
    }
    get baseUrl() {
        return `http://${this.host}:${this.port}`;
    }
    routes() {
        return (0,json_file/* readJson */.V)(this.routesFile, { port: this.port, host: this.host, stable: null, canary: null, weight: 0, generation: 0 });
    }
    pidFile() {
        return (0,json_file/* readJson */.V)((0,server/* pidFileOf */.fN)(this.routesFile), {});
    }
    pid() {
        return this.pidFile().pid;
    }
    /** The router process as recorded (pid and start time), when it wrote its pid file. */
    process() {
        const { pid, start } = this.pidFile();
        return pid ? { pid, start } : undefined;
    }
    /** The admin API's base URL, when a router process has written its pid file. */
    adminUrl() {
        const { adminPort } = this.pidFile();
        return adminPort ? `http://127.0.0.1:${adminPort}` : undefined;
    }
    /** The headers an admin request carries: the router's secret, from its pid file (readable by its owner alone). */
    adminHeaders() {
        const { adminToken } = this.pidFile();
        return adminToken ? { [server/* ADMIN_TOKEN_HEADER */.ir]: adminToken } : {};
    }
    async admin(path, options) {
        const base = this.adminUrl();
        if (!base)
            throw new Error('the local router is not running');
        return httpRequest(`${base}${path}`, { ...options, headers: this.adminHeaders() });
    }
    /** The running router's revision when it answers as the one recorded; undefined when none does. */
    async running() {
        try {
            const res = await this.admin('/health', { timeoutMs: 1000 });
            if (res.status !== 200)
                return undefined;
            const body = JSON.parse(res.body);
            return body.pid === this.pid() && (0,run/* isRunning */.W_)(this.process()) ? body.revision ?? 1 : undefined;
        }
        catch {
            return undefined;
        }
    }
    async healthy() {
        return (await this.running()) !== undefined;
    }
    /**
     * Starts the router if it is not running; it keeps running after this process exits. A router of
     * another revision (left by an earlier Glidepath) hands its listening socket to one of this build.
     */
    async ensureRunning(say) {
        const revision = await this.running();
        if (revision === server/* ROUTER_REVISION */.sh)
            return;
        if (revision !== undefined)
            return this.upgrade(revision, say);
        // One that no pid file names would hold the port the new one needs.
        await this.stopStrays(say);
        (0,external_node_fs_.mkdirSync)(this.dir, { recursive: true });
        if (!(0,external_node_fs_.existsSync)(this.routesFile))
            (0,json_file/* writeJsonAtomic */.Z)(this.routesFile, this.routes());
        const [cmd, ...args] = (0,runtime_self/* getSelfCommand */.kC)();
        const log = (0,external_node_fs_.openSync)(this.logFile, 'a');
        const child = (0,external_node_child_process_.spawn)(cmd, args, {
            detached: true,
            stdio: ['ignore', log, log],
            env: { ...(0,runtime/* childEnv */.gf)(process.env), [runtime_self/* ROUTER_ENV */.ie]: this.routesFile },
            cwd: this.dir,
        });
        (0,external_node_fs_.closeSync)(log);
        child.unref();
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
            if (child.exitCode !== null)
                break;
            if (this.pid() === child.pid && (await this.healthy()))
                return;
            await (0,duration/* sleep */.yy)(50);
        }
        (0,run/* killGroup */.i0)(child.pid, 'SIGTERM');
        throw new errors/* GlidepathError */.HT('GP-ROUTER-001', `The local router did not start on ${this.host}:${this.port} (log: ${this.logFile}).`, {
            fix: `Free port ${this.port} or set local.port to a free port in the environment's config.`,
        });
    }
    /**
     * Replaces a running router of another revision by one of this build without refusing a connection:
     * the old one starts the new one with its listening socket (POST /handoff, the command in the
     * successor file), then finishes what it has in flight. A failed handoff leaves the old one serving.
     */
    async upgrade(from, log) {
        const before = this.pid();
        (0,json_file/* writeJsonAtomic */.Z)((0,server/* successorFileOf */.CL)(this.routesFile), { command: (0,runtime_self/* getSelfCommand */.kC)() });
        let answer = {};
        try {
            answer = JSON.parse((await this.admin('/handoff', { method: 'POST', timeoutMs: 20_000 })).body);
        }
        catch (e) {
            answer = { error: describeFetchError(e) };
        }
        const deadline = Date.now() + 5_000;
        while (answer.pid && Date.now() < deadline && !(this.pid() === answer.pid && (await this.running()) === server/* ROUTER_REVISION */.sh))
            await (0,duration/* sleep */.yy)(25);
        if (!answer.pid || this.pid() !== answer.pid) {
            log?.(`The local router (revision ${from}, pid ${before}) could not be upgraded to revision ${server/* ROUTER_REVISION */.sh}: ${answer.error ?? 'the new one did not answer'}; the running one keeps serving.`);
            return;
        }
        // The old one still answers on the connections it had (each closes after its next answer, an idle
        // one after the keep-alive timeout) with the routes it had: no route changes until it is gone.
        const old = before ? { pid: before } : undefined;
        const gone = Date.now() + OLD_ROUTER_WAIT_MS;
        while ((0,run/* isRunning */.W_)(old) && Date.now() < gone)
            await (0,duration/* sleep */.yy)(50);
        log?.(`Router upgraded in place from revision ${from} to ${server/* ROUTER_REVISION */.sh} (pid ${before} -> ${answer.pid}): its listening socket was handed over, no connection refused${(0,run/* isRunning */.W_)(old) ? `; the old one still has connections open after ${OLD_ROUTER_WAIT_MS / 1000}s` : ', and the old one finished its connections'}.`);
    }
    /**
     * Stops router processes of this environment other than the one its pid file names: one whose starter
     * was killed before it answered, or that lost a race to another's start. Found by their working
     * directory and the routes file they were started for (Linux /proc; elsewhere there is nothing to find).
     */
    async stopStrays(say) {
        const recorded = this.process();
        const strays = [];
        for (const p of (0,proc/* processesUnder */.Os)(this.dir)) {
            // A router is its own process group's leader (started detached); what it runs itself (under tsx in
            // tests, esbuild's service) has its working directory and environment but is no router.
            if (p.relative !== '' || p.pid !== p.pgid || p.pid === recorded?.pid || (0,proc/* processEnv */.Hb)(p.pid, runtime_self/* ROUTER_ENV */.ie) !== this.routesFile)
                continue;
            strays.push({ pid: p.pid, start: p.start });
        }
        if (!strays.length)
            return;
        say?.(`Stopping ${strays.length} local router process(es) that no pid file names (pid ${strays.map((r) => r.pid).join(', ')}), left by an interrupted run.`);
        await (0,run/* stopGroups */.vl)(strays, 5_000);
    }
    /** Writes the new route table first, then asks the router to load it and checks it did. */
    async apply(change) {
        const current = this.routes();
        const next = { ...current, ...change, port: this.port, host: this.host, generation: current.generation + 1, cohorts: this.cohorts };
        if (!next.canary)
            next.weight = 0;
        (0,json_file/* writeJsonAtomic */.Z)(this.routesFile, next);
        let answer;
        try {
            const res = await this.admin('/reload', { method: 'POST', timeoutMs: 5000 });
            answer = JSON.parse(res.body);
        }
        catch (e) {
            throw new errors/* GlidepathError */.HT('GP-ROUTER-002', `The local router did not answer the reload: ${describeFetchError(e)}.`, {
                fix: `Check ${this.logFile}; the next run restarts the router with the routes on disk.`,
            });
        }
        if (answer.generation !== next.generation) {
            throw new errors/* GlidepathError */.HT('GP-ROUTER-002', `The local router did not apply the new routes: ${answer.error ?? 'generation mismatch'}.`, {
                fix: `Check ${this.logFile}.`,
            });
        }
        return next;
    }
    async stats(windowSeconds) {
        const res = await this.admin(`/stats?window=${windowSeconds}`, { timeoutMs: 5000 });
        return JSON.parse(res.body).versions;
    }
    /** Waits until no request is in flight to `url` (a release that no longer takes traffic), bounded. */
    async drain(url, timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            try {
                const res = await this.admin('/inflight', { timeoutMs: 2000 });
                if (!(JSON.parse(res.body)[url] > 0))
                    return true;
            }
            catch {
                return true; // no router: nothing can be in flight through it
            }
            if (Date.now() >= deadline)
                return false;
            await (0,duration/* sleep */.yy)(25);
        }
    }
    async stop() {
        const router = this.process();
        try {
            await this.admin('/stop', { method: 'POST', timeoutMs: 2000 });
        }
        catch {
            (0,run/* signalRecordedGroup */.yS)(router, 'SIGTERM');
        }
        const deadline = Date.now() + 5000;
        while ((0,run/* isRunning */.W_)(router) && Date.now() < deadline)
            await (0,duration/* sleep */.yy)(50);
        if ((0,run/* isRunning */.W_)(router))
            (0,run/* signalRecordedGroup */.yS)(router, 'SIGKILL');
    }
}
/**
 * The local router as the release strategies drive it: started (or upgraded in place) before routes
 * change, its own routes file the record of what it serves, its counters for `source: local`, and the
 * route header for probes that pin a version.
 */
class LocalReleaseRouter {
    client;
    log;
    constructor(client, log) {
        this.client = client;
        this.log = log;
    }
    get url() {
        return this.client.baseUrl;
    }
    routes() {
        return this.client.routes();
    }
    async apply(routes) {
        await this.client.ensureRunning((m) => this.log.info(m));
        await this.client.apply(routes);
    }
    drain(url, timeoutMs) {
        return this.client.drain(url, timeoutMs);
    }
    counters() {
        return this.client;
    }
    async endpoint(which) {
        return { url: `${this.client.baseUrl}/`, headers: { [routes/* ROUTE_HEADER */.K]: which } };
    }
    prune() {
        return this.client.stopStrays((m) => this.log.warning(m));
    }
    async remove() {
        await this.client.stop();
        (0,external_node_fs_.rmSync)(this.client.routesFile, { force: true });
    }
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./shared/http/ports.ts

// Ports on this machine: one free to listen on, and whether something listens at an address.
/** A port free on 127.0.0.1 now (the OS's choice; taken back at once, so a race is possible but rare). */
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = (0,external_node_net_.createServer)();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}
/** Something accepts connections at host:port. */
function listening(address, timeoutMs = 1000) {
    const at = address.lastIndexOf(':');
    return new Promise((resolve) => {
        const socket = connect(Number(address.slice(at + 1)), address.slice(0, at));
        const done = (ok) => {
            socket.destroy();
            resolve(ok);
        };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once('connect', () => done(true));
        socket.once('error', () => done(false));
    });
}

// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var cohorts = __webpack_require__(3706);
;// CONCATENATED MODULE: ./shared/providers/releases.ts

const DRAIN_TIMEOUT_MS = 30_000;
const backend = (r) => ({ version: r.version, url: r.url });
/** Rolling, blue-green and canary over a platform's releases and its router. */
class ReleaseProvider {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /** How the log names a release (the version, and where it runs when the platform has slots). */
    describe(release) {
        return release.version;
    }
    async deploy(request) {
        const release = await this.launch(request.version, { image: request.image, timeoutMs: request.timeoutMs });
        try {
            const routes = this.router.routes();
            if (request.strategy === 'canary' && routes.stable) {
                await this.router.apply({ stable: routes.stable, canary: backend(release), weight: request.canaryWeight });
                this.deps.log.info(`Router: canary ${this.describe(release)} takes ${request.canaryWeight}% of traffic.`);
                return { url: this.router.url, slot: release.slot };
            }
            await this.router.apply({ stable: backend(release), canary: null, weight: 0 });
            this.deps.log.info(`Router: ${this.describe(release)} serves 100% of traffic${routes.stable ? ` (was ${routes.stable.version})` : ''}.`);
            // Rolling stops the old release; blue-green keeps it warm without traffic, so a rollback is a switch.
            const previous = routes.stable && routes.stable.version !== request.version ? this.find(routes.stable.url) : undefined;
            const standby = request.strategy === 'blue-green' && previous && !previous.starting ? previous : undefined;
            await this.retireAllBut(standby ? [release, standby] : [release]);
            return { url: this.router.url, slot: release.slot ?? (request.strategy === 'blue-green' ? release.version : undefined), standby: standby?.version };
        }
        catch (e) {
            // The new release must not outlive a failed deploy (it never took traffic, or traffic went back).
            if (this.router.routes().stable?.url !== release.url)
                await this.retire(release);
            throw e;
        }
    }
    async setCanaryWeight(version, weight) {
        const routes = this.router.routes();
        if (routes.canary?.version !== version || !routes.stable) {
            throw new errors/* GlidepathError */.HT('GP-CANARY-001', `The ${this.name} provider's router has no canary ${version}.`, { fix: 'Deploy the version with strategy canary first.' });
        }
        await this.router.apply({ ...routes, weight });
    }
    async promote(version) {
        const routes = this.router.routes();
        if (routes.canary?.version !== version) {
            if (routes.stable?.version === version)
                return;
            throw new errors/* GlidepathError */.HT('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' });
        }
        await this.router.apply({ stable: routes.canary, canary: null, weight: 0 });
        await this.retireAllBut([this.find(routes.canary.url)]);
    }
    /** The canary gets no traffic, then is stopped; so is a release of `version` that never took any. A blue-green standby of another version stays. */
    async abort(version) {
        const routes = this.router.routes();
        if (routes.canary) {
            await this.router.apply({ stable: routes.stable, canary: null, weight: 0 });
            const canary = this.find(routes.canary.url);
            if (canary)
                await this.retire(canary);
        }
        const stable = this.router.routes().stable?.url;
        if (version)
            for (const r of this.releases.list())
                if (r.version === version && r.url !== stable)
                    await this.retire(r);
    }
    async rollback(to, _from, timeoutMs) {
        await this.abort(null);
        const routes = this.router.routes();
        // Serving already (a deploy that never took traffic is undone), or kept warm (blue-green standby).
        const serving = (r) => Number(r.url === routes.stable?.url);
        const candidates = this.releases.list().filter((r) => r.version === to && !r.starting).sort((a, b) => serving(b) - serving(a));
        let release;
        for (const r of candidates)
            if (await this.releases.healthy(r)) {
                release = r;
                break;
            }
        if (release && release.url !== routes.stable?.url)
            this.deps.log.info(`${this.describe(release)} is still running (blue-green standby); switching traffic back.`);
        if (!release) {
            this.releases.restartable(to);
            release = await this.launch(to, { timeoutMs, again: true });
        }
        await this.router.apply({ stable: backend(release), canary: null, weight: 0 });
        await this.retireAllBut([release]);
    }
    /** Stops releases the state does not keep and the router does not send traffic to, then what no record names. */
    async prune(keep) {
        const routes = this.router.routes();
        const routed = [routes.stable?.url, routes.canary?.url];
        const orphans = this.releases.list().filter((r) => !routed.includes(r.url) && (!keep.includes(r.version) || r.starting));
        if (orphans.length)
            this.deps.log.warning(`Stopping ${orphans.map((r) => this.describe(r)).join(', ')}, left running by an interrupted run.`);
        for (const r of orphans)
            await this.retire(r);
        await this.releases.prune?.();
        await this.router.prune?.();
    }
    /** Stops every release of this environment and its router, and removes what they leave. */
    async teardown(timeoutMs) {
        await this.releases.teardown(timeoutMs, (r) => this.retire(r));
        await this.router.remove();
    }
    routerCounters() {
        return this.router.counters();
    }
    canaryEndpoint() {
        return this.router.endpoint('canary');
    }
    stableEndpoint() {
        return this.router.endpoint('stable');
    }
    /** Places a new release (stopping what was there, off traffic first) and starts it. */
    async launch(version, options) {
        const routes = this.router.routes();
        const { key, replaces } = this.releases.place(version, routes);
        if (replaces) {
            // Never start over a release that still takes traffic: the router leaves it first.
            if (replaces.url === routes.canary?.url)
                await this.router.apply({ stable: routes.stable, canary: null, weight: 0 });
            await this.retire(replaces);
        }
        return this.releases.start(key, version, options);
    }
    find(url) {
        return this.releases.list().find((r) => r.url === url);
    }
    /** Stops a release once the requests it has in flight through the router are done (bounded). */
    async retire(release) {
        await this.router.drain(release.url, DRAIN_TIMEOUT_MS);
        await this.releases.stop(release);
    }
    async retireAllBut(keep) {
        const urls = keep.map((r) => r?.url);
        for (const r of this.releases.list())
            if (!urls.includes(r.url))
                await this.retire(r);
    }
}

;// CONCATENATED MODULE: ./shared/providers/local.ts

















const LOG_TAIL = 1500;
const DEFAULT_MIN_READY = '500ms';
const STOP_GRACE_MS = 10_000;
/**
 * The local provider: its releases (processes on this machine) and Glidepath's router in front; the
 * strategies are the shared ones (releases.ts).
 */
class LocalProvider extends ReleaseProvider {
    name = 'local';
    releases;
    router;
    constructor(deps) {
        super(deps);
        const cfg = deps.environment.config.local;
        const client = new LocalRouterClient(deps.store.dir, cfg.port ?? routes/* DEFAULT_ROUTER_PORT */.C, cfg.listen, (0,cohorts/* cohortsOf */.gb)(deps.environment.config.canary));
        this.router = new LocalReleaseRouter(client, deps.log);
        this.releases = new LocalReleases(deps, cfg);
    }
    async preflight(request) {
        existingAppDir(this.deps, request.version);
    }
}
/**
 * Releases as processes on this machine: each version's directory copied under releases/, started with
 * PORT and GLIDEPATH_VERSION, healthy once its health path answers for minReady; local.json records
 * them (pid, start time, port), written before the health wait so a killed run leaves them findable.
 */
class LocalReleases {
    deps;
    cfg;
    releasesDir;
    stateFile;
    constructor(deps, cfg) {
        this.deps = deps;
        this.cfg = cfg;
        this.releasesDir = (0,external_node_path_.join)(deps.store.dir, 'releases');
        this.stateFile = (0,external_node_path_.join)(deps.store.dir, 'local.json');
    }
    local() {
        return (0,json_file/* readJson */.V)(this.stateFile, { running: {} });
    }
    updateLocal(change) {
        const state = this.local();
        change(state);
        (0,json_file/* writeJsonAtomic */.Z)(this.stateFile, state);
    }
    releaseDir(version) {
        return (0,external_node_path_.join)(this.releasesDir, version);
    }
    list() {
        return Object.entries(this.local().running).map(([version, p]) => ({ version, url: urlOf(p.port), ...(p.starting ? { starting: true } : {}) }));
    }
    /** A version's release has one place, its directory: an older copy there is stopped first. */
    place(version) {
        return { key: version, replaces: this.list().find((r) => r.version === version) };
    }
    async start(_key, version, options) {
        await this.stopUnrecorded(version);
        if (!options.again)
            this.copyRelease(version);
        const proc = await this.spawn(version, options.timeoutMs);
        return { version, url: urlOf(proc.port) };
    }
    async stop(release) {
        const proc = this.local().running[release.version];
        if (!proc || urlOf(proc.port) !== release.url)
            return;
        await (0,run/* stopGroups */.vl)([proc], STOP_GRACE_MS);
        this.updateLocal((st) => { delete st.running[release.version]; });
    }
    async healthy(release) {
        const proc = this.local().running[release.version];
        return (0,run/* isRunning */.W_)(proc) && (await probeHealth(`${release.url}${this.cfg.health ?? '/'}`)).ok;
    }
    restartable(version) {
        if (!(0,external_node_fs_.existsSync)(this.releaseDir(version))) {
            throw new errors/* GlidepathError */.HT('GP-ROLLBACK-002', `Release ${version} is not kept under ${(0,external_node_path_.relative)(this.deps.workspace, this.releasesDir)}.`, {
                fix: 'Roll back to a version that was deployed to this environment (see the record history), or deploy it anew.',
            });
        }
    }
    prune() {
        return this.stopUnrecorded();
    }
    async teardown(_timeoutMs, retire) {
        for (const r of this.list())
            await retire(r);
        (0,external_node_fs_.rmSync)(this.releasesDir, { recursive: true, force: true });
    }
    /**
     * Stops release processes that local.json does not record: a run killed between starting a release and
     * writing its pid down leaves one that no state names and nothing else would ever stop. Found by their
     * working directory under the releases directory (Linux /proc; elsewhere there is nothing to find).
     */
    async stopUnrecorded(version) {
        const recorded = new Set(Object.values(this.local().running).map((p) => p.pid));
        const strays = new Map();
        for (const p of (0,proc/* processesUnder */.Os)(this.releasesDir)) {
            const v = p.relative.split('/')[0];
            if (!v || (version && v !== version) || recorded.has(p.pgid) || strays.has(p.pgid))
                continue;
            strays.set(p.pgid, { ref: { pid: p.pgid, start: p.pid === p.pgid ? p.start : undefined }, version: v });
        }
        if (!strays.size)
            return;
        this.deps.log.warning(`Stopping release process(es) of ${[...new Set([...strays.values()].map((s) => s.version))].join(', ')} that no state records (left by a run killed while starting them).`);
        await (0,run/* stopGroups */.vl)([...strays.values()].map((s) => s.ref), STOP_GRACE_MS);
    }
    copyRelease(version) {
        const src = localAppDir(this.deps, version);
        const dest = this.releaseDir(version);
        (0,external_node_fs_.rmSync)(dest, { recursive: true, force: true });
        (0,external_node_fs_.mkdirSync)(this.releasesDir, { recursive: true });
        const stateRoot = (0,external_node_path_.resolve)(this.deps.stateDir);
        const keep = (p) => !p.split(/[\\/]/).includes('.git') && !((0,external_node_path_.resolve)(p) + '/').startsWith(stateRoot + '/');
        // Entry by entry: with `app: .` the state directory (and so the release) is inside the app, and
        // cpSync refuses to copy a directory into itself before any filter runs.
        (0,external_node_fs_.mkdirSync)(dest, { recursive: true });
        for (const entry of (0,external_node_fs_.readdirSync)(src)) {
            if (keep((0,external_node_path_.join)(src, entry)))
                (0,external_node_fs_.cpSync)((0,external_node_path_.join)(src, entry), (0,external_node_path_.join)(dest, entry), { recursive: true, filter: keep });
        }
    }
    async spawn(version, timeoutMs) {
        const dir = this.releaseDir(version);
        const port = await freePort();
        const logFile = (0,external_node_path_.join)(this.deps.store.dir, 'logs', `${version}.log`);
        (0,external_node_fs_.mkdirSync)((0,external_node_path_.join)(this.deps.store.dir, 'logs'), { recursive: true });
        const log = (0,external_node_fs_.openSync)(logFile, 'a');
        const child = (0,external_node_child_process_.spawn)('/bin/sh', ['-c', this.cfg.start], {
            cwd: dir,
            detached: true,
            stdio: ['ignore', log, log],
            env: { ...this.deps.env, PORT: String(port), GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: this.deps.environment.name },
        });
        (0,external_node_fs_.closeSync)(log);
        child.unref();
        // Recorded at once, so a run killed during the health wait leaves a process the next run can find.
        const proc = { pid: child.pid, start: (0,run/* processStart */.gy)(child.pid), port, startedAt: new Date().toISOString(), starting: true };
        this.updateLocal((st) => { st.running[version] = proc; });
        let exit;
        child.on('exit', (code, signal) => {
            exit = { code, signal };
        });
        const health = this.cfg.health ?? '/';
        const minReadyMs = (0,duration/* parseDuration */.E9)(this.cfg.minReady ?? DEFAULT_MIN_READY, 'local.minReady');
        this.deps.log.info(`Started ${version} (pid ${child.pid}, port ${port}); waiting for ${health} to answer 2xx for ${(0,duration/* formatDuration */.a3)(minReadyMs)} (up to ${(0,duration/* formatDuration */.a3)(timeoutMs)}).`);
        const deadline = Date.now() + timeoutMs;
        let last = 'no answer yet';
        let healthySince;
        const fail = async (error) => {
            await this.stop({ version, url: urlOf(port) });
            throw error;
        };
        while (Date.now() < deadline) {
            if (exit) {
                await fail(new errors/* GlidepathError */.HT('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, {
                    fix: `Check local.start ("${this.cfg.start}") runs in ${(0,external_node_path_.relative)(this.deps.workspace, dir)}, listens on $PORT and keeps running.`,
                }));
            }
            const probe = await probeHealth(`${urlOf(port)}${health}`);
            if (probe.ok) {
                healthySince ??= Date.now();
                // Healthy for minReady without a miss: a release that crashes right after start never takes traffic.
                if (Date.now() - healthySince >= minReadyMs && (0,run/* isRunning */.W_)(proc)) {
                    const ready = { pid: proc.pid, start: proc.start, port, startedAt: proc.startedAt };
                    this.updateLocal((st) => { st.running[version] = ready; });
                    return ready;
                }
            }
            else {
                healthySince = undefined;
                last = probe.last;
            }
            await (0,duration/* sleep */.yy)(healthySince ? 50 : 100);
        }
        return fail(new errors/* GlidepathError */.HT('GP-PROVIDER-003', `Release ${version} did not become healthy within ${(0,duration/* formatDuration */.a3)(timeoutMs)} (${health} ${last}); it was stopped and the previous version keeps serving. Last output:\n${tail(logFile)}`, {
            fix: `Make ${health} answer 2xx once the app is ready, or raise the timeout.`,
        }));
    }
}
const urlOf = (port) => `http://127.0.0.1:${port}`;
/** The release's source directory for a version (local.app rendered), inside the workspace. */
function localAppDir(deps, version) {
    const cfg = deps.environment.config.local;
    const path = (0,render/* render */.XX)(cfg.app, (0,resolve/* templateContext */.WX)(deps.event, { ...(0,resolve/* environmentFields */.pj)(deps.environment), version }), 'local.app');
    if (!(0,paths/* isInside */.FK)(deps.workspace, path)) {
        throw new errors/* GlidepathError */.HT('GP-INPUT-003', `local.app "${path}" leaves the workspace.`, { fix: 'Point local.app at a directory inside the repository.' });
    }
    return (0,external_node_path_.resolve)(deps.workspace, path);
}
/** localAppDir, refused (before anything changes) when it is not a directory. */
function existingAppDir(deps, version) {
    const dir = localAppDir(deps, version);
    if (!(0,external_node_fs_.existsSync)(dir) || !(0,external_node_fs_.statSync)(dir).isDirectory()) {
        throw new errors/* GlidepathError */.HT('GP-PROVIDER-001', `Application directory ${(0,external_node_path_.relative)(deps.workspace, dir) || '.'} (local.app) does not exist.`, {
            fix: `Create it or correct environments.${deps.environment.key}.local.app.`,
        });
    }
    return dir;
}
function tail(file) {
    try {
        const text = (0,external_node_fs_.readFileSync)(file, 'utf8');
        return text.slice(-LOG_TAIL).trimEnd() || '(no output)';
    }
    catch {
        return '(no output)';
    }
}

;// CONCATENATED MODULE: ./shared/providers/agent.ts










async function readStdin() {
    const chunks = [];
    for await (const c of process.stdin)
        chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
}
const say = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
/**
 * Does one operation on this host for the runner; resolves once its answer is written. It goes with its
 * connection: a runner killed (or cut off) mid-operation leaves the host as a killed run leaves this
 * machine, for the next run's recovery, never an operation still changing things behind the next run.
 */
async function runAgent() {
    // The session's sshd process: gone (or its pid another's) once the connection is.
    const session = (0,proc/* ancestorNamed */.Hv)('sshd');
    if (session)
        setInterval(() => { if ((0,proc/* procStat */.jW)(session.pid)?.start !== session.start)
            process.exit(1); }, 200).unref();
    process.stdout.on('error', () => process.exit(1));
    try {
        const request = JSON.parse(await readStdin());
        say({ result: (await perform(request)) ?? null });
    }
    catch (e) {
        const err = (0,errors/* toGlidepathError */.cL)(e);
        say({ error: { code: err.code, message: err.message, fix: err.fix } });
        process.exitCode = 1;
    }
}
/** The router's operations alone: the environment's Glidepath router on this host. */
async function routerOperation(request) {
    const router = new LocalRouterClient((0,external_node_path_.resolve)(request.dir), request.router?.port ?? routes/* DEFAULT_ROUTER_PORT */.C, undefined, (0,cohorts/* cohortsOf */.gb)(request.environment.config.canary));
    const [a, b] = request.args;
    switch (request.op) {
        case 'router-apply':
            // One call per route change: the router is started (or upgraded) first when it needs to be.
            await router.ensureRunning((m) => say({ info: m }));
            return router.apply(a);
        case 'router-drain': return router.drain(a, b);
        case 'router-stop':
            await router.stop();
            (0,external_node_fs_.rmSync)(router.routesFile, { force: true });
            return null;
        case 'router-stats': return router.stats(a);
        default: return freePort();
    }
}
async function perform(request) {
    if (request.op.startsWith('router-') || request.op === 'free-port')
        return routerOperation(request);
    const dir = (0,external_node_path_.resolve)(request.dir);
    const cfg = request.environment.config;
    // Here the provider runs on its own machine: no ssh section, and the app is what the runner uploaded.
    const environment = { ...request.environment, config: { ...cfg, ssh: undefined, local: { ...cfg.local, app: '.' } } };
    const upload = request.upload ? (0,external_node_path_.resolve)(request.upload) : dir;
    const provider = new LocalProvider({
        environment,
        store: { dir },
        workspace: upload,
        // Only what is under it is left out of a release's copy: nothing of the upload is.
        stateDir: (0,external_node_path_.join)(dir, 'releases'),
        event: request.event,
        env: (0,runtime/* childEnv */.gf)(process.env),
        log: { info: (m) => say({ info: m }), warning: (m) => say({ warning: m }) },
    });
    const [a, b, c] = request.args;
    try {
        switch (request.op) {
            case 'deploy': return await provider.deploy(a);
            case 'set-weight': return await provider.setCanaryWeight(a, b);
            case 'promote': return await provider.promote(a);
            case 'abort': return await provider.abort(a);
            case 'rollback': return await provider.rollback(a, b, c);
            case 'prune': return await provider.prune(a);
            case 'teardown': return await provider.teardown(request.environment.timeoutMs);
            default: throw new Error(`unknown agent operation ${String(request.op)}`);
        }
    }
    finally {
        if (request.upload)
            (0,external_node_fs_.rmSync)(upload, { recursive: true, force: true });
    }
}


/***/ })

};
