export const id = 78;
export const ids = [78,32];
export const modules = {

/***/ 5078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runAgent: () => (/* binding */ runAgent)
/* harmony export */ });
/* unused harmony export perform */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7364);
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(5917);
/* harmony import */ var _process_proc_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8418);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3032);
/* harmony import */ var _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2941);
/* harmony import */ var _traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3706);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6648);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3899);










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
    const session = (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_3__/* .ancestorNamed */ .Hv)('sshd');
    if (session)
        setInterval(() => { if ((0,_process_proc_js__WEBPACK_IMPORTED_MODULE_3__/* .procStat */ .jW)(session.pid)?.start !== session.start)
            process.exit(1); }, 200).unref();
    process.stdout.on('error', () => process.exit(1));
    try {
        const request = JSON.parse(await readStdin());
        say({ result: (await perform(request)) ?? null });
    }
    catch (e) {
        const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .toGlidepathError */ .cL)(e);
        say({ error: { code: err.code, message: err.message, fix: err.fix } });
        process.exitCode = 1;
    }
}
/** The router's operations alone: the environment's Glidepath router on this host. */
async function routerOperation(request) {
    const router = new _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_5__/* .LocalRouterClient */ .O((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.dir), request.router?.port ?? _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_ROUTER_PORT */ .C, undefined, (0,_traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_6__/* .cohortsOf */ .gb)(request.environment.config.canary));
    const [a, b] = request.args;
    switch (request.op) {
        case 'router-apply':
            // One call per route change: the router is started (or upgraded) first when it needs to be.
            await router.ensureRunning((m) => say({ info: m }));
            return router.apply(a);
        case 'router-drain': return router.drain(a, b);
        case 'router-stop':
            await router.stop();
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(router.routesFile, { force: true });
            return null;
        case 'router-stats': return router.stats(a);
        default: return (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_7__/* .freePort */ .o)();
    }
}
async function perform(request) {
    if (request.op.startsWith('router-') || request.op === 'free-port')
        return routerOperation(request);
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.dir);
    const cfg = request.environment.config;
    // Here the provider runs on its own machine: no ssh section, and the app is what the runner uploaded.
    const environment = { ...request.environment, config: { ...cfg, ssh: undefined, local: { ...cfg.local, app: '.' } } };
    const upload = request.upload ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.upload) : dir;
    const provider = new _local_js__WEBPACK_IMPORTED_MODULE_4__.LocalProvider({
        environment,
        store: { dir },
        workspace: upload,
        // Only what is under it is left out of a release's copy: nothing of the upload is.
        stateDir: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'releases'),
        event: request.event,
        env: (0,_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_9__/* .childEnv */ .gf)(process.env),
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
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(upload, { recursive: true, force: true });
    }
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
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_16__ = __webpack_require__(6648);
/* harmony import */ var _releases_js__WEBPACK_IMPORTED_MODULE_15__ = __webpack_require__(5753);

















const LOG_TAIL = 1500;
const DEFAULT_MIN_READY = '500ms';
const STOP_GRACE_MS = 10_000;
/**
 * The local provider: its releases (processes on this machine) and Glidepath's router in front; the
 * strategies are the shared ones (releases.ts).
 */
class LocalProvider extends _releases_js__WEBPACK_IMPORTED_MODULE_15__/* .ReleaseProvider */ .Z {
    name = 'local';
    releases;
    router;
    constructor(deps) {
        super(deps);
        const cfg = deps.environment.config.local;
        const client = new _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_11__/* .LocalRouterClient */ .O(deps.store.dir, cfg.port ?? _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_16__/* .DEFAULT_ROUTER_PORT */ .C, cfg.listen, (0,_traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_14__/* .cohortsOf */ .gb)(deps.environment.config.canary));
        this.router = new _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_11__/* .LocalReleaseRouter */ ._(client, deps.log);
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
        this.releasesDir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(deps.store.dir, 'releases');
        this.stateFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(deps.store.dir, 'local.json');
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
        await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .stopGroups */ .vl)([proc], STOP_GRACE_MS);
        this.updateLocal((st) => { delete st.running[release.version]; });
    }
    async healthy(release) {
        const proc = this.local().running[release.version];
        return (0,_process_run_js__WEBPACK_IMPORTED_MODULE_9__/* .isRunning */ .W_)(proc) && (await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_12__/* .probeHealth */ .v_)(`${release.url}${this.cfg.health ?? '/'}`)).ok;
    }
    restartable(version) {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(this.releaseDir(version))) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-ROLLBACK-002', `Release ${version} is not kept under ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(this.deps.workspace, this.releasesDir)}.`, {
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
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(this.releasesDir, { recursive: true, force: true });
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
    copyRelease(version) {
        const src = localAppDir(this.deps, version);
        const dest = this.releaseDir(version);
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
    async spawn(version, timeoutMs) {
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
            await this.stop({ version, url: urlOf(port) });
            throw error;
        };
        while (Date.now() < deadline) {
            if (exit) {
                await fail(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, {
                    fix: `Check local.start ("${this.cfg.start}") runs in ${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(this.deps.workspace, dir)}, listens on $PORT and keeps running.`,
                }));
            }
            const probe = await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_12__/* .probeHealth */ .v_)(`${urlOf(port)}${health}`);
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
}
const urlOf = (port) => `http://127.0.0.1:${port}`;
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


/***/ })

};
