export const id = 325;
export const ids = [325];
export const modules = {

/***/ 3899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ freePort),
/* harmony export */   u: () => (/* binding */ listening)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

// Ports on this machine: one free to listen on, and whether something listens at an address.
/** A port free on 127.0.0.1 now (the OS's choice; taken back at once, so a race is possible but rare). */
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.createServer)();
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
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.connect)(Number(address.slice(at + 1)), address.slice(0, at));
        const done = (ok) => {
            socket.destroy();
            resolve(ok);
        };
        socket.setTimeout(timeoutMs, () => done(false));
        socket.once('connect', () => done(true));
        socket.once('error', () => done(false));
    });
}


/***/ }),

/***/ 5753:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ ReleaseProvider)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4772);


const DRAIN_TIMEOUT_MS = 30_000;
const backend = (r) => ({ version: r.version, url: r.url });
/** Rolling, blue-green and canary over a platform's releases and its router. */
class ReleaseProvider {
    deps;
    keepsPrevious = true;
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
                await this.route({ stable: routes.stable, canary: backend(release), weight: request.canaryWeight });
                this.deps.log.info(`Router: canary ${this.describe(release)} takes ${request.canaryWeight}% of traffic.`);
                return { url: this.router.url, slot: release.slot };
            }
            await this.route({ stable: backend(release), canary: null, weight: 0 });
            this.deps.log.info(`Router: ${this.describe(release)} serves 100% of traffic${routes.stable ? ` (was ${routes.stable.version})` : ''}.`);
            // Rolling stops the old release; blue-green keeps it warm without traffic, so a rollback is a switch.
            const previous = routes.stable && routes.stable.version !== request.version ? this.find(routes.stable.url) : undefined;
            const standby = (request.strategy === 'blue-green' || request.keepPrevious) && previous && !previous.starting ? previous : undefined;
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
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CANARY-001', `The ${this.name} provider's router has no canary ${version}.`, { fix: 'Deploy the version with strategy canary first.' });
        }
        await this.route({ ...routes, weight });
    }
    async promote(version, _timeoutMs, opts = {}) {
        const routes = this.router.routes();
        if (routes.canary?.version !== version) {
            if (routes.stable?.version === version)
                return;
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' });
        }
        await this.route({ stable: routes.canary, canary: null, weight: 0 });
        // Within a rollback window the old stable keeps running without traffic: a rollback is then one switch.
        const previous = opts.keepPrevious && routes.stable ? this.find(routes.stable.url) : undefined;
        await this.retireAllBut([this.find(routes.canary.url), previous]);
    }
    /** The canary gets no traffic, then is stopped; so is a release of `version` that never took any. A blue-green standby of another version stays. */
    async abort(version) {
        const routes = this.router.routes();
        if (routes.canary) {
            await this.route({ stable: routes.stable, canary: null, weight: 0 });
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
            this.deps.log.info(`${this.describe(release)} is still running (blue-green standby or rollback window) and answers its health check; switching traffic back.`);
        let started = false;
        if (!release) {
            this.releases.restartable(to);
            release = await this.launch(to, { timeoutMs, again: true });
            started = true;
        }
        try {
            await this.route({ stable: backend(release), canary: null, weight: 0 });
        }
        catch (e) {
            // Started for this rollback and never routed: stopped, so nothing runs that no route names.
            if (started)
                await this.releases.stop(release).catch(() => undefined);
            throw e;
        }
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
    async observe() {
        const routes = this.router.routes();
        const routerUp = this.router.up ? await this.router.up() : undefined;
        const served = async (b, weight) => {
            if (!b)
                return null;
            const release = this.find(b.url);
            const healthy = await this.answers(release);
            return { version: b.version, weight, healthy, ...(healthy ? {} : { gone: !release || !this.releases.alive || !this.releases.alive(release) }) };
        };
        const routed = [routes.stable?.url, routes.canary?.url];
        const alive = this.releases.alive?.bind(this.releases);
        const warm = alive ? [...new Set(this.releases.list().filter((r) => !routed.includes(r.url) && !r.starting && alive(r)).map((r) => r.version))] : undefined;
        return { routerUp, stable: await served(routes.stable, routes.canary ? 100 - routes.weight : 100), canary: await served(routes.canary, routes.weight), ...(warm ? { warm } : {}) };
    }
    async heal(stable, timeoutMs) {
        const done = [];
        let routes = this.router.routes();
        const current = routes.stable?.version === stable ? this.find(routes.stable.url) : undefined;
        // A release that still runs but is slow to answer is left alone: restarting it would cut what it serves.
        const gone = !current || this.releases.alive?.(current) === false || (!this.releases.alive && !(await this.answers(current)));
        const routerDown = this.router.up ? !(await this.router.up()) : false;
        if (gone) {
            // A running release of the version that answers (routes lost, a standby) is routed; else it starts again from what was kept.
            const warm = this.releases.list().filter((r) => r.version === stable && !r.starting && r.url !== current?.url);
            let release;
            for (const r of warm)
                if (await this.answers(r)) {
                    release = r;
                    break;
                }
            if (!release) {
                this.releases.restartable(stable);
                release = await this.launch(stable, { timeoutMs, again: true });
                done.push(`started ${this.describe(release)} again (${current ? 'it did not answer' : 'nothing served it'})`);
            }
            else
                done.push(`routed ${this.describe(release)} again (it ran, but the router did not send it traffic)`);
            routes = { ...this.router.routes(), stable: backend(release) };
            await this.route(routes);
            // Routing starts a stopped router (a restarted host loses both): said too, so the summary names all it did.
            if (routerDown)
                done.unshift('restarted the router on its recorded routes');
        }
        else if (routerDown) {
            await this.route(routes);
            done.push('restarted the router on its recorded routes');
        }
        return done;
    }
    /** A release answers its health check: asked up to three times over about a second, so a busy machine's slow answer is not taken for a dead release. */
    async answers(release) {
        if (!release || release.starting)
            return false;
        for (let attempt = 0; attempt < 3; attempt++) {
            if (await this.releases.healthy(release))
                return true;
            if (attempt < 2)
                await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .yy)(400);
        }
        return false;
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
                await this.route({ stable: routes.stable, canary: null, weight: 0 });
            await this.retire(replaces);
        }
        return this.releases.start(key, version, options);
    }
    /** Every route change is fenced: a run that no longer holds the environment's lock changes no traffic. */
    async route(routes) {
        this.deps.store?.fence?.();
        await this.router.apply(routes);
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


/***/ }),

/***/ 2941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ LocalRouterClient),
/* harmony export */   _: () => (/* binding */ LocalReleaseRouter)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _state_json_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8423);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4772);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8565);
/* harmony import */ var _process_proc_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8418);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1243);
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(5917);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4910);
/* harmony import */ var _server_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(8462);
/* harmony import */ var _routes_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(6648);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(3899);
/* harmony import */ var _access_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(872);















/** How long an upgrade waits for the old router to finish its open connections (keep-alive: 5 s idle). */
const OLD_ROUTER_WAIT_MS = 15_000;
// The action's handle on the local router process of one environment. The public port only proxies;
// everything here goes to the router's admin listener (loopback, its port in the pid file).
class LocalRouterClient {
    dir;
    configured;
    host;
    cohorts;
    accessOf;
    routesFile;
    logFile;
    chosen;
    /**
     * `port` undefined (a pull-request environment that names none): a free port chosen when the router
     * first starts and kept in its routes file, so that many previews on one machine each get their own
     * (the environment's URL output says which).
     */
    constructor(dir, configured, host = '127.0.0.1', cohorts, accessOf) {
        this.dir = dir;
        this.configured = configured;
        this.host = host;
        this.cohorts = cohorts;
        this.accessOf = accessOf;
        this.routesFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'router.json');
        this.logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'router.log');
    }
    access;
    /** A private preview's token (made once, on first use), for the route table and the probes' header. */
    get token() {
        if (this.access === undefined)
            this.access = this.accessOf?.() ?? null;
        return this.access ?? undefined;
    }
    get port() {
        if (this.configured !== undefined)
            return this.configured;
        if (this.chosen === undefined && (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(this.routesFile))
            this.chosen = (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .Vh)(this.routesFile, {}).port;
        return this.chosen ?? _routes_js__WEBPACK_IMPORTED_MODULE_13__/* .DEFAULT_ROUTER_PORT */ .C;
    }
    get baseUrl() {
        return `http://${this.host}:${this.port}`;
    }
    routes() {
        return (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .Vh)(this.routesFile, { port: this.port, host: this.host, stable: null, canary: null, weight: 0, generation: 0 });
    }
    pidFile() {
        return (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .Vh)((0,_server_js__WEBPACK_IMPORTED_MODULE_10__/* .pidFileOf */ .fN)(this.routesFile), {});
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
        return adminToken ? { [_server_js__WEBPACK_IMPORTED_MODULE_10__/* .ADMIN_TOKEN_HEADER */ .ir]: adminToken } : {};
    }
    async admin(path, options) {
        const base = this.adminUrl();
        if (!base)
            throw new Error('the local router is not running');
        return (0,_http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .httpRequest */ .aj)(`${base}${path}`, { ...options, headers: this.adminHeaders() });
    }
    /** The running router's revision when it answers as the one recorded; undefined when none does. */
    async running() {
        try {
            const res = await this.admin('/health', { timeoutMs: 1000 });
            if (res.status !== 200)
                return undefined;
            const body = JSON.parse(res.body);
            return body.pid === this.pid() && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W_)(this.process()) ? body.revision ?? 1 : undefined;
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
        if (revision === _server_js__WEBPACK_IMPORTED_MODULE_10__/* .ROUTER_REVISION */ .sh)
            return;
        if (revision !== undefined)
            return this.upgrade(revision, say);
        // One that no pid file names would hold the port the new one needs.
        await this.stopStrays(say);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(this.dir, { recursive: true });
        if (this.configured === undefined && !(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(this.routesFile))
            this.chosen = await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_11__/* .freePort */ .o)();
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(this.routesFile))
            (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(this.routesFile, this.routes());
        const [cmd, ...args] = (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .getSelfCommand */ .kC)();
        const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(this.logFile, 'a');
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(cmd, args, {
            detached: true,
            stdio: ['ignore', log, log],
            env: { ...(0,_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_14__/* .childEnv */ .gf)(process.env), [_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .ROUTER_ENV */ .ie]: this.routesFile },
            cwd: this.dir,
        });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(log);
        child.unref();
        const deadline = Date.now() + 15_000;
        while (Date.now() < deadline) {
            if (child.exitCode !== null)
                break;
            if (this.pid() === child.pid && (await this.healthy()))
                return;
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(50);
        }
        (0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .killGroup */ .i0)(child.pid, 'SIGTERM');
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-ROUTER-001', `The local router did not start on ${this.host}:${this.port} (log: ${this.logFile}).`, {
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
        (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)((0,_server_js__WEBPACK_IMPORTED_MODULE_10__/* .successorFileOf */ .CL)(this.routesFile), { command: (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .getSelfCommand */ .kC)() });
        let answer = {};
        try {
            answer = JSON.parse((await this.admin('/handoff', { method: 'POST', timeoutMs: 20_000 })).body);
        }
        catch (e) {
            answer = { error: (0,_http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .describeFetchError */ .Op)(e) };
        }
        const deadline = Date.now() + 5_000;
        while (answer.pid && Date.now() < deadline && !(this.pid() === answer.pid && (await this.running()) === _server_js__WEBPACK_IMPORTED_MODULE_10__/* .ROUTER_REVISION */ .sh))
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(25);
        if (!answer.pid || this.pid() !== answer.pid) {
            log?.(`The local router (revision ${from}, pid ${before}) could not be upgraded to revision ${_server_js__WEBPACK_IMPORTED_MODULE_10__/* .ROUTER_REVISION */ .sh}: ${answer.error ?? 'the new one did not answer'}; the running one keeps serving.`);
            return;
        }
        // The old one still answers on the connections it had (each closes after its next answer, an idle
        // one after the keep-alive timeout) with the routes it had: no route changes until it is gone.
        const old = before ? { pid: before } : undefined;
        const gone = Date.now() + OLD_ROUTER_WAIT_MS;
        while ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W_)(old) && Date.now() < gone)
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(50);
        log?.(`Router upgraded in place from revision ${from} to ${_server_js__WEBPACK_IMPORTED_MODULE_10__/* .ROUTER_REVISION */ .sh} (pid ${before} -> ${answer.pid}): its listening socket was handed over, no connection refused${(0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W_)(old) ? `; the old one still has connections open after ${OLD_ROUTER_WAIT_MS / 1000}s` : ', and the old one finished its connections'}.`);
    }
    /**
     * Stops router processes of this environment other than the one its pid file names: one whose starter
     * was killed before it answered, or that lost a race to another's start. Found by their working
     * directory and the routes file they were started for (Linux /proc; elsewhere there is nothing to find).
     */
    async stopStrays(say) {
        const recorded = this.process();
        const strays = [];
        for (const p of (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_7__/* .processesUnder */ .Os)(this.dir)) {
            // A router is its own process group's leader (started detached); what it runs itself (under tsx in
            // tests, esbuild's service) has its working directory and environment but is no router.
            if (p.relative !== '' || p.pid !== p.pgid || p.pid === recorded?.pid || (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_7__/* .processEnv */ .Hb)(p.pid, _runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .ROUTER_ENV */ .ie) !== this.routesFile)
                continue;
            strays.push({ pid: p.pid, start: p.start });
        }
        if (!strays.length)
            return;
        say?.(`Stopping ${strays.length} local router process(es) that no pid file names (pid ${strays.map((r) => r.pid).join(', ')}), left by an interrupted run.`);
        await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .stopGroups */ .vl)(strays, 5_000);
    }
    /** Writes the new route table first, then asks the router to load it and checks it did. */
    async apply(change) {
        const current = this.routes();
        const token = this.token;
        const next = { ...current, ...change, port: this.port, host: this.host, generation: current.generation + 1, cohorts: this.cohorts, access: token ? (0,_access_js__WEBPACK_IMPORTED_MODULE_12__/* .routeAccess */ ._g)(token.name, token.token) : undefined };
        if (!next.canary)
            next.weight = 0;
        (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(this.routesFile, next);
        let answer;
        try {
            const res = await this.admin('/reload', { method: 'POST', timeoutMs: 5000 });
            answer = JSON.parse(res.body);
        }
        catch (e) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-ROUTER-002', `The local router did not answer the reload: ${(0,_http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .describeFetchError */ .Op)(e)}.`, {
                fix: `Check ${this.logFile}; the next run restarts the router with the routes on disk.`,
            });
        }
        if (answer.generation !== next.generation) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-ROUTER-002', `The local router did not apply the new routes: ${answer.error ?? 'generation mismatch'}.`, {
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
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(25);
        }
    }
    async stop() {
        const router = this.process();
        try {
            await this.admin('/stop', { method: 'POST', timeoutMs: 2000 });
        }
        catch {
            (0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .signalRecordedGroup */ .yS)(router, 'SIGTERM');
        }
        const deadline = Date.now() + 5000;
        while ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W_)(router) && Date.now() < deadline)
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(50);
        if ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W_)(router))
            (0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .signalRecordedGroup */ .yS)(router, 'SIGKILL');
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
    up() {
        return this.client.healthy();
    }
    counters() {
        return this.client;
    }
    async endpoint(which) {
        const token = this.client.token;
        return { url: `${this.client.baseUrl}/`, headers: { [_routes_js__WEBPACK_IMPORTED_MODULE_13__/* .ROUTE_HEADER */ .K]: which, ...(token ? { [_access_js__WEBPACK_IMPORTED_MODULE_12__/* .ACCESS_HEADER */ .zd]: token.token } : {}) } };
    }
    prune() {
        return this.client.stopStrays((m) => this.log.warning(m));
    }
    async remove() {
        await this.client.stop();
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(this.client.routesFile, { force: true });
    }
}


/***/ })

};
