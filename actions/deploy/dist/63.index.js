export const id = 63;
export const ids = [63,32];
export const modules = {

/***/ 3063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SshLocalProvider: () => (/* binding */ SshLocalProvider)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _ssh_agent_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9112);
/* harmony import */ var _ssh_host_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5145);
/* harmony import */ var _ssh_environment_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8716);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6648);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3032);






// The local provider on a host reached over SSH (issue 24). The runner puts what the host needs there
// itself: its own bundle (once per build, under .glidepath/agent/<hash>), a Node.js when the host has
// none of 20 or later (the runner's own, once per version), and each version's app directory. Every
// operation is then the local provider itself, run on the host by that bundle (agent.ts): releases are
// the host's processes behind a Glidepath router on the host, with the lock and the state kept there.
// The runner reaches the router through the connection (forwards), never a public port.
class SshLocalProvider {
    deps;
    name = 'local';
    host;
    onHost;
    cfg;
    agent;
    /** The router on the host, for what the runner reads of it: counters and probes, through the connection. */
    router;
    constructor(deps) {
        this.deps = deps;
        this.cfg = deps.environment.config.local;
        this.host = new _ssh_host_js__WEBPACK_IMPORTED_MODULE_2__/* .SshHost */ .fQ(deps.environment.config.ssh, deps.env, deps.store.dir);
        this.onHost = new _ssh_environment_js__WEBPACK_IMPORTED_MODULE_3__/* .HostEnvironment */ .o(this.host, deps.environment.name);
        this.agent = new _ssh_agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .HostAgent */ .gz(this.onHost, deps);
        this.router = new _ssh_agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .AgentRouter */ .jQ(this.agent, { port: this.port, listen: this.cfg.listen }, deps.environment.timeoutMs);
    }
    get port() {
        return this.cfg.port ?? _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_ROUTER_PORT */ .C;
    }
    async preflight(request) {
        (0,_local_js__WEBPACK_IMPORTED_MODULE_4__.existingAppDir)(this.deps, request.version);
        (0,_ssh_agent_client_js__WEBPACK_IMPORTED_MODULE_1__/* .selfBundle */ .n4)();
        await this.onHost.ensure(request.timeoutMs);
        await this.agent.ready();
    }
    /** Runs one operation of the local provider on the host (its log lines become ours, its error ours). */
    run(op, args, timeoutMs, upload) {
        return this.agent.call(op, args, timeoutMs, { upload });
    }
    async deploy(request) {
        const app = (0,_local_js__WEBPACK_IMPORTED_MODULE_4__.existingAppDir)(this.deps, request.version);
        const upload = `${this.onHost.dir}/incoming/${request.version}`;
        const state = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(this.deps.stateDir);
        // The runner's own state directory may be inside the app (app: .): it never goes to the host.
        const inside = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(app, state);
        const exclude = ['.git', ...(inside && !inside.startsWith('..') ? [`./${inside}`] : [])];
        await this.host.uploadDir(app, upload, exclude, request.timeoutMs);
        const result = (await this.run('deploy', [request], request.timeoutMs, upload));
        return { ...result, url: this.publicUrl() };
    }
    /** Where users reach the router, when it listens beyond the host's loopback. */
    publicUrl() {
        const listen = this.cfg.listen;
        if (!listen || listen.startsWith('127.') || listen === 'localhost' || listen === '::1')
            return undefined;
        const host = listen === '0.0.0.0' || listen === '::' ? this.host.cfg.host : listen;
        return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
    }
    async setCanaryWeight(version, weight, timeoutMs) {
        await this.run('set-weight', [version, weight], timeoutMs);
    }
    async promote(version, timeoutMs) {
        await this.run('promote', [version], timeoutMs);
    }
    async abort(version, timeoutMs) {
        await this.run('abort', [version], timeoutMs);
    }
    async rollback(to, from, timeoutMs) {
        await this.run('rollback', [to, from, timeoutMs], timeoutMs);
    }
    async teardown(timeoutMs) {
        await this.run('teardown', [], timeoutMs);
    }
    async prune(keep) {
        await this.run('prune', [keep], this.deps.environment.timeoutMs);
    }
    /** The router's counters on the host, read through the connection. */
    routerCounters() {
        return this.router.counters();
    }
    canaryEndpoint() {
        return this.router.endpoint('canary');
    }
    stableEndpoint() {
        return this.router.endpoint('stable');
    }
    loadState() {
        return this.onHost.load();
    }
    saveState(state) {
        return this.onHost.save(state);
    }
    lock(options) {
        return this.onHost.lock(options);
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


/***/ }),

/***/ 9112:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gz: () => (/* binding */ HostAgent),
/* harmony export */   jQ: () => (/* binding */ AgentRouter),
/* harmony export */   n4: () => (/* binding */ selfBundle)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1243);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6648);






// The runner's half of Glidepath's agent on a host over SSH (issue 24): puts what the host needs there
// itself, once (its own bundle per build under .glidepath/agent/<hash>, and a Node.js when the host has
// none of 20 or later: the runner's own), then runs one operation at a time there (providers/agent.ts):
// the request as JSON on standard input, never on a command line; log lines, then the result or the
// error, as JSON lines back. Used by the local provider over SSH (every operation) and by compose over
// SSH with the local router (the router's operations).
const MIN_NODE = 20;
/** The agent's own start and the connection, on top of what the operation itself may take. */
const MARGIN_MS = 60_000;
const SETUP_TIMEOUT_MS = 10 * 60_000;
let bundle;
/** The bundle this process runs from (dist/index.js and its chunks), and a hash of its files. */
function selfBundle() {
    if (bundle)
        return bundle;
    const command = (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_4__/* .getSelfCommand */ .kC)();
    const entry = command.length === 2 ? command[1] : undefined;
    if (!entry || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(entry) !== 'index.js') {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INTERNAL-001', 'Glidepath on a host over SSH runs from an action bundle or the glidepath CLI (it puts its own bundle on the host); this process runs from source.', {
            fix: 'Use the published action (uses: glidepath-dev/glidepath/actions/deploy@v1) or the glidepath CLI.',
        });
    }
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(entry);
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for (const f of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir).sort()) {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f)).isFile())
            continue;
        hash.update(f).update('\0').update((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f))).update('\0');
    }
    bundle = { dir, hash: hash.digest('hex').slice(0, 16) };
    return bundle;
}
class HostAgent {
    place;
    deps;
    /** The node and bundle to run on the host, once checked (or put there) in this run. */
    command;
    constructor(place, deps) {
        this.place = place;
        this.deps = deps;
    }
    get host() {
        return this.place.host;
    }
    /**
     * Makes sure the host can run the agent: a Node.js of 20 or later (its own, or the runner's put there
     * once), and this build's bundle. One call when both are there; an upload for each that is not.
     */
    async ready() {
        if (this.command)
            return this.command;
        const own = selfBundle();
        const remoteBundle = `.glidepath/agent/${own.hash}`;
        const remoteNode = `.glidepath/node/${process.version}/node`;
        const check = `ok() { "$1" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${MIN_NODE} ? 0 : 1)' >/dev/null 2>&1; }
n=$(command -v node 2>/dev/null || true)
if [ -n "$n" ] && ok "$n"; then echo "node=$n"; elif [ -x "$2" ] && ok "$2"; then echo "node=$2"; else echo "node="; fi
if [ -f "$1/.glidepath-complete" ]; then echo bundle=yes; else echo bundle=no; fi`;
        const r = await this.host.capture(check, [remoteBundle, remoteNode], SETUP_TIMEOUT_MS, 'check node and bundle');
        if (r.code !== 0)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-SSH-002', `Could not check ${this.host.label} for Node.js: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.host.user} has a POSIX shell on ${this.host.cfg.host}.` });
        let node = /^node=(.*)$/m.exec(r.stdout)?.[1]?.trim();
        if (!node) {
            this.deps.log.info(`${this.host.label} has no Node.js ${MIN_NODE}+: putting the runner's (${process.version}) at ${remoteNode}, once.`);
            await this.host.uploadFile(process.execPath, remoteNode, SETUP_TIMEOUT_MS);
            node = remoteNode;
        }
        if (!/^bundle=yes$/m.test(r.stdout)) {
            this.deps.log.info(`Putting Glidepath (${own.hash}) on ${this.host.label} at ${remoteBundle}, once per build.`);
            await this.host.uploadDir(own.dir, remoteBundle, [], SETUP_TIMEOUT_MS);
        }
        this.command = { node, entry: `${remoteBundle}/index.js` };
        return this.command;
    }
    /** Runs one operation on the host; its log lines become ours (with the host's name), its error ours. */
    async call(op, args, timeoutMs, extra = {}) {
        const { node, entry } = await this.ready();
        const request = { op, args, environment: this.deps.environment, event: this.deps.event, dir: this.place.dir, ...extra };
        let answer;
        let failure;
        const other = [];
        const r = await this.host.run('exec "$1" "$2"', {
            env: { [_runtime_self_js__WEBPACK_IMPORTED_MODULE_4__/* .AGENT_ENV */ .wU]: '1' },
            args: [node, entry],
            input: JSON.stringify(request),
            timeoutMs: timeoutMs + MARGIN_MS,
            label: `glidepath ${op}`,
            onLine: (text) => {
                let line;
                try {
                    line = JSON.parse(text);
                }
                catch { /* not the agent's */ }
                if (line && 'info' in line)
                    this.deps.log.info(`[${this.host.label}] ${line.info}`);
                else if (line && 'warning' in line)
                    this.deps.log.warning(`[${this.host.label}] ${line.warning}`);
                else if (line && 'result' in line)
                    answer = line;
                else if (line && 'error' in line)
                    failure = line.error;
                else if (text.trim())
                    other.push(text);
            },
        });
        if (failure)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT(failure.code, `On ${this.host.label}: ${failure.message}`, { fix: failure.fix });
        if (!answer) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-SSH-002', `Glidepath on ${this.host.label} ended without an answer to ${op} (exit ${r.code ?? r.signal}): ${other.slice(-3).join(' | ') || 'no output'}.`, {
                fix: `Check the host's free disk space and memory, and that ${this.host.user} may run programs in its home (or ssh.dir); the next run finds the host's state and carries on.`,
            });
        }
        return answer.result;
    }
}
/**
 * Glidepath's local router on a host over SSH: each operation runs on the host through the agent, and the
 * runner reaches the router's public port through the connection. Compose over SSH drives it (keeping
 * the routes with its slots); the local provider over SSH reads its counters and probes through it.
 */
class AgentRouter {
    agent;
    router;
    timeoutMs;
    constructor(agent, router, timeoutMs) {
        this.agent = agent;
        this.router = router;
        this.timeoutMs = timeoutMs;
    }
    call(op, args, timeoutMs = this.timeoutMs) {
        return this.agent.call(op, args, timeoutMs, { router: { port: this.router.port } });
    }
    /** Checks (and puts there, once) what the host needs to run the router: before anything changes. */
    async prepare() {
        await this.agent.ready();
    }
    /** Points the router on the host at these routes, starting it there first (or upgrading it) when needed: one call. */
    async apply(change) {
        await this.call('router-apply', [change]);
    }
    /** Waits on the host until no request is in flight to `url` through the router, bounded. */
    async drain(url, timeoutMs) {
        return (await this.call('router-drain', [url, timeoutMs], timeoutMs));
    }
    /** Stops the router on the host and forgets its routes (teardown). */
    async remove() {
        await this.call('router-stop', []);
    }
    /** The router's counters on the host, read through the connection. */
    counters() {
        return { stats: async (windowSeconds) => (await this.call('router-stats', [windowSeconds], 30_000)) };
    }
    /** A port nothing listens on on the host (for a release to publish). */
    async freePort() {
        return (await this.call('free-port', [], 30_000));
    }
    /** The router's public address as the runner reaches it: a local port forwarded through the connection. */
    async endpoint(which) {
        const listen = this.router.listen;
        const address = !listen || listen === '0.0.0.0' || listen === '::' ? '127.0.0.1' : listen;
        return { url: `http://${await this.agent.host.forward(`${address}:${this.router.port}`, 30_000)}/`, headers: { [_traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_5__/* .ROUTE_HEADER */ .K]: which } };
    }
}


/***/ })

};
