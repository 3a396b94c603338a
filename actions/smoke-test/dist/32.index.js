export const id = 32;
export const ids = [32];
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

/***/ 3032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LocalProvider: () => (/* binding */ LocalProvider),
/* harmony export */   existingAppDir: () => (/* binding */ existingAppDir)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _template_render_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9273);
/* harmony import */ var _config_resolve_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6433);
/* harmony import */ var _state_json_file_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8423);
/* harmony import */ var _state_paths_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5760);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4772);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8565);
/* harmony import */ var _process_proc_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(8418);
/* harmony import */ var _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(2941);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(4910);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(3899);
/* harmony import */ var _traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(3706);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(6648);
















const DEFAULT_PORT = 8080;
const LOG_TAIL = 1500;
const DEFAULT_MIN_READY = '500ms';
const DRAIN_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
class LocalProvider {
    deps;
    name = 'local';
    router;
    cfg;
    releasesDir;
    stateFile;
    constructor(deps) {
        this.deps = deps;
        this.cfg = deps.environment.config.local;
        this.releasesDir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(deps.store.dir, 'releases');
        this.stateFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(deps.store.dir, 'local.json');
        this.router = new _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_11__/* .LocalRouterClient */ .O(deps.store.dir, this.cfg.port ?? DEFAULT_PORT, this.cfg.listen, (0,_traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_14__/* .cohortsOf */ .gb)(deps.environment.config.canary));
    }
    appDir(version) {
        return localAppDir(this.deps, version);
    }
    local() {
        return (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_6__/* .readJson */ .V)(this.stateFile, { running: {} });
    }
    updateLocal(change) {
        const state = this.local();
        change(state);
        (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_6__/* .writeJsonAtomic */ .Z)(this.stateFile, state);
    }
    releaseDir(version) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.releasesDir, version);
    }
    async preflight(request) {
        existingAppDir(this.deps, request.version);
    }
    async deploy(request) {
        await this.copyRelease(request.version);
        const release = await this.start(request.version, request.timeoutMs);
        try {
            await this.router.ensureRunning((m) => this.deps.log.info(m));
            const backend = { version: request.version, url: `http://127.0.0.1:${release.port}` };
            if (request.strategy === 'canary') {
                await this.router.apply({ canary: backend, weight: request.canaryWeight });
                this.deps.log.info(`Router: canary ${request.version} takes ${request.canaryWeight}% of traffic.`);
                return { url: this.router.baseUrl };
            }
            const previous = this.router.routes().stable?.version;
            await this.router.apply({ stable: backend, canary: null, weight: 0 });
            this.deps.log.info(`Router: ${request.version} serves 100% of traffic${previous ? ` (was ${previous})` : ''}.`);
            // Rolling stops the old release; blue-green keeps it warm so a rollback is a router switch.
            const prior = request.previousVersion;
            const standby = request.strategy === 'blue-green' && prior && prior !== request.version && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .isRunning */ .W_)(this.local().running[prior]) ? prior : undefined;
            await this.stopAllBut(standby ? [request.version, standby] : [request.version]);
            return { url: this.router.baseUrl, slot: request.strategy === 'blue-green' ? request.version : undefined, standby };
        }
        catch (e) {
            // The new release must not outlive a failed deploy (it never took traffic, or traffic went back).
            if (this.router.routes().stable?.url !== `http://127.0.0.1:${release.port}`)
                await this.stop(request.version);
            throw e;
        }
    }
    async setCanaryWeight(version, weight) {
        const routes = this.router.routes();
        if (routes.canary?.version !== version) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-CANARY-001', `The local router has no canary ${version}.`, { fix: 'Deploy the version with strategy canary first.' });
        }
        await this.router.ensureRunning((m) => this.deps.log.info(m));
        await this.router.apply({ weight });
    }
    async promote(version) {
        await this.router.ensureRunning((m) => this.deps.log.info(m));
        const routes = this.router.routes();
        if (routes.canary?.version !== version && routes.stable?.version === version)
            return;
        if (!routes.canary)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-CANARY-001', `No canary ${version} to promote.`, { fix: 'Deploy with strategy canary first.' });
        await this.router.apply({ stable: routes.canary, canary: null, weight: 0 });
        await this.stopAllBut([version]);
    }
    async abort(version) {
        const routes = this.router.routes();
        if (routes.canary) {
            await this.router.ensureRunning((m) => this.deps.log.info(m));
            await this.router.apply({ canary: null, weight: 0 });
        }
        const stableVersion = this.router.routes().stable?.version;
        if (version && version !== stableVersion)
            await this.stop(version);
    }
    async rollback(to, _from, timeoutMs) {
        await this.abort(null);
        const running = this.local().running[to];
        let port = running && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .isRunning */ .W_)(running) && (await this.healthyAt(running.port)) ? running.port : undefined;
        if (port === undefined) {
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(this.releaseDir(to))) {
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-ROLLBACK-002', `Release ${to} is not kept under ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(this.deps.workspace, this.releasesDir)}.`, {
                    fix: 'Roll back to a version that was deployed to this environment (see the record history), or deploy it anew.',
                });
            }
            port = (await this.start(to, timeoutMs)).port;
        }
        else
            this.deps.log.info(`${to} is still running (blue-green standby); switching traffic back.`);
        await this.router.ensureRunning((m) => this.deps.log.info(m));
        await this.router.apply({ stable: { version: to, url: `http://127.0.0.1:${port}` }, canary: null, weight: 0 });
        await this.stopAllBut([to]);
    }
    /** Stops release processes the state does not name, and any the router no longer routes to. */
    async prune(keep) {
        const routes = this.router.routes();
        const routed = [routes.stable?.version, routes.canary?.version].filter(Boolean);
        const orphans = Object.keys(this.local().running).filter((v) => !keep.includes(v) && !routed.includes(v));
        if (orphans.length)
            this.deps.log.warning(`Stopping release(s) ${orphans.join(', ')} left running by an interrupted run.`);
        for (const v of orphans)
            await this.stop(v);
        await this.stopUnrecorded();
        await this.router.stopStrays((m) => this.deps.log.warning(m));
    }
    /**
     * Stops release processes that local.json does not record: a run killed between starting a release and
     * writing its pid down leaves one that no state names and nothing else would ever stop. Found by their
     * working directory under the releases directory (Linux /proc; elsewhere there is nothing to find).
     */
    async stopUnrecorded(version) {
        const recorded = new Set(Object.values(this.local().running).map((p) => p.pid));
        const strays = new Map();
        for (const p of (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_10__/* .processesUnder */ .Os)(this.releasesDir)) {
            const v = p.relative.split('/')[0];
            if (!v || (version && v !== version) || recorded.has(p.pgid) || strays.has(p.pgid))
                continue;
            strays.set(p.pgid, { ref: { pid: p.pgid, start: p.pid === p.pgid ? p.start : undefined }, version: v });
        }
        if (!strays.size)
            return;
        this.deps.log.warning(`Stopping release process(es) of ${[...new Set([...strays.values()].map((s) => s.version))].join(', ')} that no state records (left by a run killed while starting them).`);
        await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .stopGroups */ .vl)([...strays.values()].map((s) => s.ref), STOP_GRACE_MS);
    }
    /** The local router's counters (`source: local`). */
    routerCounters() {
        return this.router;
    }
    canaryEndpoint() {
        return { url: `${this.router.baseUrl}/`, headers: { [_traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_15__/* .ROUTE_HEADER */ .K]: 'canary' } };
    }
    stableEndpoint() {
        return { url: `${this.router.baseUrl}/`, headers: { [_traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_15__/* .ROUTE_HEADER */ .K]: 'stable' } };
    }
    /** Stops the release processes of this environment; stops the router too when nothing is left. */
    async teardown() {
        await this.stopAllBut([]);
        await this.router.stop();
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(this.releasesDir, { recursive: true, force: true });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(this.router.routesFile, { force: true });
    }
    async copyRelease(version) {
        const src = this.appDir(version);
        const dest = this.releaseDir(version);
        await this.stop(version);
        await this.stopUnrecorded(version);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(dest, { recursive: true, force: true });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(this.releasesDir, { recursive: true });
        const stateRoot = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(this.deps.stateDir);
        const keep = (p) => !p.split(/[\\/]/).includes('.git') && !((0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(p) + '/').startsWith(stateRoot + '/');
        // Entry by entry: with `app: .` the state directory (and so the release) is inside the app, and
        // cpSync refuses to copy a directory into itself before any filter runs.
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dest, { recursive: true });
        for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(src)) {
            if (keep((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(src, entry)))
                (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.cpSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(src, entry), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dest, entry), { recursive: true, filter: keep });
        }
    }
    async start(version, timeoutMs) {
        const dir = this.releaseDir(version);
        const port = await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_13__/* .freePort */ .o)();
        const logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.deps.store.dir, 'logs', `${version}.log`);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.deps.store.dir, 'logs'), { recursive: true });
        const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(logFile, 'a');
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('/bin/sh', ['-c', this.cfg.start], {
            cwd: dir,
            detached: true,
            stdio: ['ignore', log, log],
            env: { ...this.deps.env, PORT: String(port), GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: this.deps.environment.name },
        });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(log);
        child.unref();
        // Recorded at once, so a run killed during the health wait leaves a process the next run can find.
        const proc = { pid: child.pid, start: (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .processStart */ .gy)(child.pid), port, startedAt: new Date().toISOString(), starting: true };
        this.updateLocal((st) => { st.running[version] = proc; });
        let exit;
        child.on('exit', (code, signal) => {
            exit = { code, signal };
        });
        const health = this.cfg.health ?? '/';
        const minReadyMs = (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .parseDuration */ .E9)(this.cfg.minReady ?? DEFAULT_MIN_READY, 'local.minReady');
        this.deps.log.info(`Started ${version} (pid ${child.pid}, port ${port}); waiting for ${health} to answer 2xx for ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .formatDuration */ .a3)(minReadyMs)} (up to ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .formatDuration */ .a3)(timeoutMs)}).`);
        const deadline = Date.now() + timeoutMs;
        let last = 'no answer yet';
        let healthySince;
        const fail = async (error) => {
            await this.stop(version, false);
            throw error;
        };
        while (Date.now() < deadline) {
            if (exit) {
                await fail(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, {
                    fix: `Check local.start ("${this.cfg.start}") runs in ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(this.deps.workspace, dir)}, listens on $PORT and keeps running.`,
                }));
            }
            const probe = await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_12__/* .probeHealth */ .v_)(`http://127.0.0.1:${port}${health}`);
            if (probe.ok) {
                healthySince ??= Date.now();
                // Healthy for minReady without a miss: a release that crashes right after start never takes traffic.
                if (Date.now() - healthySince >= minReadyMs && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .isRunning */ .W_)(proc)) {
                    const ready = { pid: proc.pid, start: proc.start, port, startedAt: proc.startedAt };
                    this.updateLocal((st) => { st.running[version] = ready; });
                    return ready;
                }
            }
            else {
                healthySince = undefined;
                last = probe.last;
            }
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .sleep */ .yy)(healthySince ? 50 : 100);
        }
        return fail(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-003', `Release ${version} did not become healthy within ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .formatDuration */ .a3)(timeoutMs)} (${health} ${last}); it was stopped and the previous version keeps serving. Last output:\n${tail(logFile)}`, {
            fix: `Make ${health} answer 2xx once the app is ready, or raise the timeout.`,
        }));
    }
    async healthyAt(port) {
        return (await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_12__/* .probeHealth */ .v_)(`http://127.0.0.1:${port}${this.cfg.health ?? '/'}`)).ok;
    }
    /**
     * Stops a release. When it may still have requests in flight through the router (it served traffic),
     * they finish first (bounded), then it gets SIGTERM, then SIGKILL after a grace period.
     */
    async stop(version, drain = true) {
        const proc = this.local().running[version];
        if (!proc)
            return;
        if (drain && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .recordedGroupAlive */ .$h)(proc))
            await this.router.drain(`http://127.0.0.1:${proc.port}`, DRAIN_TIMEOUT_MS);
        await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .stopGroups */ .vl)([proc], STOP_GRACE_MS);
        this.updateLocal((st) => { delete st.running[version]; });
    }
    async stopAllBut(keep) {
        for (const version of Object.keys(this.local().running))
            if (!keep.includes(version))
                await this.stop(version);
    }
}
/** The release's source directory for a version (local.app rendered), inside the workspace. */
function localAppDir(deps, version) {
    const cfg = deps.environment.config.local;
    const path = (0,_template_render_js__WEBPACK_IMPORTED_MODULE_4__/* .render */ .XX)(cfg.app, (0,_config_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .templateContext */ .WX)(deps.event, { ...(0,_config_resolve_js__WEBPACK_IMPORTED_MODULE_5__/* .environmentFields */ .pj)(deps.environment), version }), 'local.app');
    if (!(0,_state_paths_js__WEBPACK_IMPORTED_MODULE_7__/* .isInside */ .FK)(deps.workspace, path)) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-003', `local.app "${path}" leaves the workspace.`, { fix: 'Point local.app at a directory inside the repository.' });
    }
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(deps.workspace, path);
}
/** localAppDir, refused (before anything changes) when it is not a directory. */
function existingAppDir(deps, version) {
    const dir = localAppDir(deps, version);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(dir) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(dir).isDirectory()) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-001', `Application directory ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(deps.workspace, dir) || '.'} (local.app) does not exist.`, {
            fix: `Create it or correct environments.${deps.environment.key}.local.app.`,
        });
    }
    return dir;
}
function tail(file) {
    try {
        const text = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8');
        return text.slice(-LOG_TAIL).trimEnd() || '(no output)';
    }
    catch {
        return '(no output)';
    }
}


/***/ }),

/***/ 2941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ LocalRouterClient)
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
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(5917);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(4910);
/* harmony import */ var _server_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(8462);












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
        this.routesFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'router.json');
        this.logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'router.log');
    }
    get baseUrl() {
        return `http://${this.host}:${this.port}`;
    }
    routes() {
        return (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .V)(this.routesFile, { port: this.port, host: this.host, stable: null, canary: null, weight: 0, generation: 0 });
    }
    pidFile() {
        return (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .V)((0,_server_js__WEBPACK_IMPORTED_MODULE_10__/* .pidFileOf */ .fN)(this.routesFile), {});
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
    async admin(path, options) {
        const base = this.adminUrl();
        if (!base)
            throw new Error('the local router is not running');
        return (0,_http_request_js__WEBPACK_IMPORTED_MODULE_9__/* .httpRequest */ .aj)(`${base}${path}`, options);
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
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(this.routesFile))
            (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .Z)(this.routesFile, this.routes());
        const [cmd, ...args] = (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .getSelfCommand */ .kC)();
        const log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(this.logFile, 'a');
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(cmd, args, {
            detached: true,
            stdio: ['ignore', log, log],
            env: { ...(0,_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_11__/* .childEnv */ .gf)(process.env), [_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .ROUTER_ENV */ .ie]: this.routesFile },
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
        (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .Z)((0,_server_js__WEBPACK_IMPORTED_MODULE_10__/* .successorFileOf */ .CL)(this.routesFile), { command: (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .getSelfCommand */ .kC)() });
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
            if (p.relative !== '' || p.pid === recorded?.pid || (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_7__/* .processEnv */ .Hb)(p.pid, _runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .ROUTER_ENV */ .ie) !== this.routesFile)
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
        const next = { ...current, ...change, port: this.port, host: this.host, generation: current.generation + 1, cohorts: this.cohorts };
        if (!next.canary)
            next.weight = 0;
        (0,_state_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .Z)(this.routesFile, next);
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


/***/ })

};
