export const id = 63;
export const ids = [63,30];
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
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5030);






const existingAppDirOrNone = (deps, version) => {
    try {
        return (0,_local_js__WEBPACK_IMPORTED_MODULE_4__.existingAppDir)(deps, version);
    }
    catch {
        return undefined;
    }
};
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
    keepsPrevious = true;
    async promote(version, timeoutMs, opts = {}) {
        await this.run('promote', [version, timeoutMs, opts], timeoutMs);
    }
    async abort(version, timeoutMs) {
        await this.run('abort', [version], timeoutMs);
    }
    async rollback(to, from, timeoutMs) {
        try {
            await this.run('rollback', [to, from, timeoutMs], timeoutMs);
        }
        catch (e) {
            // The host no longer keeps the release: sent again when the runner has that version's own directory.
            const source = e.code === 'GP-ROLLBACK-002' && /\{\{\s*version\s*\}\}/.test(this.cfg.app) ? existingAppDirOrNone(this.deps, to) : undefined;
            if (!source)
                throw e;
            this.deps.log.info(`${this.host.label} no longer keeps ${to}; sending it again from ${(0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(this.deps.workspace, source) || '.'}.`);
            const upload = `${this.onHost.dir}/incoming/${to}`;
            await this.host.uploadDir(source, upload, ['.git'], timeoutMs);
            await this.run('rollback', [to, from, timeoutMs], timeoutMs, upload);
        }
    }
    async teardown(timeoutMs) {
        await this.run('teardown', [], timeoutMs);
    }
    async prune(keep) {
        await this.run('prune', [keep], this.deps.environment.timeoutMs);
    }
    /** What the host serves, read there by the agent (its router and releases). */
    async observe() {
        return (await this.run('observe', [], this.deps.environment.timeoutMs));
    }
    async heal(stable, timeoutMs) {
        return (await this.run('heal', [stable, timeoutMs], timeoutMs));
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

/***/ 5030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  LocalProvider: () => (/* binding */ LocalProvider),
  existingAppDir: () => (/* binding */ existingAppDir)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
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
// EXTERNAL MODULE: ./shared/process/proc.ts
var proc = __webpack_require__(8418);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./shared/state/tree.ts



/**
 * A digest of a directory tree as a release needs it byte for byte: every entry's path, kind and mode, each
 * file's content, each symbolic link's target as written (a relative link stays relative), and empty folders.
 * `skip` leaves out entries by their path relative to the root.
 */
function treeDigest(root, skip = () => false) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const buffer = Buffer.allocUnsafe(1 << 16);
    const walk = (rel) => {
        const names = (0,external_node_fs_.readdirSync)((0,external_node_path_.join)(root, rel)).sort();
        for (const name of names) {
            const path = rel ? `${rel}/${name}` : name;
            if (skip(path))
                continue;
            const abs = (0,external_node_path_.join)(root, path);
            const st = (0,external_node_fs_.lstatSync)(abs);
            const mode = (st.mode & 0o777).toString(8);
            if (st.isSymbolicLink())
                hash.update(`L ${path} -> ${(0,external_node_fs_.readlinkSync)(abs)}\n`);
            else if (st.isDirectory()) {
                hash.update(`D ${path} ${mode}\n`);
                walk(path);
            }
            else if (st.isFile()) {
                hash.update(`F ${path} ${mode} ${st.size}\n`);
                const fd = (0,external_node_fs_.openSync)(abs, 'r');
                try {
                    for (let n; (n = (0,external_node_fs_.readSync)(fd, buffer, 0, buffer.length, null)) > 0;)
                        hash.update(buffer.subarray(0, n));
                }
                finally {
                    (0,external_node_fs_.closeSync)(fd);
                }
            }
            else
                hash.update(`O ${path}\n`);
        }
    };
    walk('');
    return hash.digest('hex');
}
/** Gives each folder copied from `src` to `dest` its source's mode (Node's cpSync creates folders with the default). */
function copyFolderModes(src, dest, rel = '') {
    const from = (0,external_node_path_.join)(src, rel);
    const to = (0,external_node_path_.join)(dest, rel);
    if (!(0,external_node_fs_.existsSync)(to))
        return;
    const st = (0,external_node_fs_.lstatSync)(from);
    if (!st.isDirectory() || (0,external_node_fs_.lstatSync)(to).isSymbolicLink())
        return;
    for (const name of (0,external_node_fs_.readdirSync)(from))
        if ((0,external_node_fs_.lstatSync)((0,external_node_path_.join)(from, name)).isDirectory())
            copyFolderModes(src, dest, rel ? `${rel}/${name}` : name);
    if (rel)
        (0,external_node_fs_.chmodSync)(to, st.mode & 0o7777);
}

// EXTERNAL MODULE: ./shared/traffic/local/client.ts
var local_client = __webpack_require__(2941);
// EXTERNAL MODULE: ./shared/http/request.ts + 1 modules
var request = __webpack_require__(4910);
// EXTERNAL MODULE: ./shared/http/ports.ts
var ports = __webpack_require__(3899);
// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var cohorts = __webpack_require__(3706);
// EXTERNAL MODULE: ./shared/traffic/local/routes.ts
var routes = __webpack_require__(6648);
// EXTERNAL MODULE: ./shared/traffic/local/access.ts
var access = __webpack_require__(872);
// EXTERNAL MODULE: ./shared/providers/releases.ts
var releases = __webpack_require__(5753);
;// CONCATENATED MODULE: ./shared/providers/local.ts



















const LOG_TAIL = 1500;
const DEFAULT_MIN_READY = '500ms';
const STOP_GRACE_MS = 10_000;
/** Release directories kept for rollbacks beside the running ones. */
const KEPT_RELEASES = 5;
/**
 * The local provider: its releases (processes on this machine) and Glidepath's router in front; the
 * strategies are the shared ones (releases.ts).
 */
class LocalProvider extends releases/* ReleaseProvider */.Z {
    name = 'local';
    releases;
    router;
    constructor(deps) {
        super(deps);
        const cfg = deps.environment.config.local;
        const client = new local_client/* LocalRouterClient */.O(deps.store.dir, cfg.port ?? (deps.environment.config.pullRequests ? undefined : routes/* DEFAULT_ROUTER_PORT */.C), cfg.listen, (0,cohorts/* cohortsOf */.gb)(deps.environment.config.canary), () => (0,access/* previewAccess */.f$)(deps));
        this.router = new local_client/* LocalReleaseRouter */._(client, deps.log);
        this.releases = new LocalReleases(deps, cfg);
    }
    async preflight(request) {
        existingAppDir(this.deps, request.version);
    }
    /** A rollback's re-send: the version's release put in place from its source, to be started by the rollback. */
    keep(version) {
        this.releases.keep(version);
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
        return (0,json_file/* readJson */.Vh)(this.stateFile, { running: {} });
    }
    updateLocal(change) {
        const state = this.local();
        change(state);
        (0,json_file/* writeJsonAtomic */.ZJ)(this.stateFile, state);
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
        if (!options.again || !(0,external_node_fs_.existsSync)(this.releaseDir(version)))
            this.copyRelease(version);
        const proc = await this.spawn(version, options.timeoutMs);
        this.forgetOldReleases();
        return { version, url: urlOf(proc.port) };
    }
    /** Puts a version's release in place from its source (a rollback's re-send), without starting it. */
    keep(version) {
        this.copyRelease(version);
    }
    /** Releases kept for rollbacks: the newest KEPT_RELEASES by when they were copied, and every running one. */
    forgetOldReleases() {
        if (!(0,external_node_fs_.existsSync)(this.releasesDir))
            return;
        const running = new Set(Object.keys(this.local().running));
        const kept = (0,external_node_fs_.readdirSync)(this.releasesDir).map((v) => ({ v, at: (0,external_node_fs_.statSync)(this.releaseDir(v)).mtimeMs })).sort((a, b) => b.at - a.at);
        for (const { v } of kept.slice(KEPT_RELEASES))
            if (!running.has(v))
                (0,external_node_fs_.rmSync)(this.releaseDir(v), { recursive: true, force: true });
    }
    async stop(release) {
        const proc = this.local().running[release.version];
        if (!proc || urlOf(proc.port) !== release.url)
            return;
        await (0,run/* stopGroups */.vl)([proc], STOP_GRACE_MS);
        this.updateLocal((st) => { delete st.running[release.version]; });
    }
    alive(release) {
        const proc = this.local().running[release.version];
        return Boolean(proc && urlOf(proc.port) === release.url && (0,run/* isRunning */.W_)(proc));
    }
    async healthy(release) {
        const proc = this.local().running[release.version];
        return (0,run/* isRunning */.W_)(proc) && (await (0,request/* probeHealth */.v_)(`${release.url}${this.cfg.health ?? '/'}`)).ok;
    }
    restartable(version) {
        if ((0,external_node_fs_.existsSync)(this.releaseDir(version)) || this.versionedSource(version))
            return;
        throw new errors/* GlidepathError */.HT('GP-ROLLBACK-002', `Release ${version} is not kept under ${(0,external_node_path_.relative)(this.deps.workspace, this.releasesDir) || this.releasesDir} (the newest ${KEPT_RELEASES} are), and local.app ("${this.cfg.app}") names no directory of its own for ${version} to send again.`, {
            fix: `Deploy ${version} anew (check out its commit and run deploy with version ${version}), or give each version its own app directory (local.app: 'releases/{{version}}') so a rollback can re-send it.`,
        });
    }
    /** The version's own source directory, when local.app names one per version (app-{{version}}) and it exists. */
    versionedSource(version) {
        if (!/\{\{\s*version\s*\}\}/.test(this.cfg.app))
            return undefined;
        try {
            const dir = localAppDir(this.deps, version);
            return (0,external_node_fs_.existsSync)(dir) && (0,external_node_fs_.statSync)(dir).isDirectory() ? dir : undefined;
        }
        catch {
            return undefined;
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
        // verbatimSymlinks: a relative link (venv/bin/python -> python3, node_modules/.bin/*) stays relative;
        // resolved, it would point back into the source, which is gone once an upload is removed.
        for (const entry of (0,external_node_fs_.readdirSync)(src)) {
            if (keep((0,external_node_path_.join)(src, entry)))
                (0,external_node_fs_.cpSync)((0,external_node_path_.join)(src, entry), (0,external_node_path_.join)(dest, entry), { recursive: true, filter: keep, verbatimSymlinks: true });
        }
        copyFolderModes(src, dest);
        const relativeKeep = (rel) => keep((0,external_node_path_.join)(src, rel));
        const want = treeDigest(src, (rel) => !relativeKeep(rel));
        const got = treeDigest(dest);
        if (want !== got) {
            (0,external_node_fs_.rmSync)(dest, { recursive: true, force: true });
            throw new errors/* GlidepathError */.HT('GP-PROVIDER-004', `The copy of ${version}'s release differs from its source (a file, mode or link changed while it was copied); nothing was started.`, {
                fix: 'Run again; if it persists, check that nothing writes into the app directory during a deploy.',
            });
        }
    }
    async spawn(version, timeoutMs) {
        const dir = this.releaseDir(version);
        const port = await (0,ports/* freePort */.o)();
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
            const probe = await (0,request/* probeHealth */.v_)(`${urlOf(port)}${health}`);
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
/** Older builds' bundles kept on a host beside the current one (a runner of an older build may still call). */
const KEEP_BUNDLES = 2;
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
            await this.pruneBundles(own.hash);
        }
        this.command = { node, entry: `${remoteBundle}/index.js` };
        return this.command;
    }
    /**
     * Once a new build is on the host, older bundles go, but for the newest few (a runner of the previous
     * build may still call) and any a process still runs from (a router loads its chunks lazily). Where the
     * host has no /proc to tell, nothing is removed. A failure here never fails the run.
     */
    async pruneBundles(current) {
        const script = `cd .glidepath/agent 2>/dev/null && [ -d /proc/self ] || exit 0
inuse=$(cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' '\\n' | grep -o 'agent/[0-9a-f]\\{16\\}/' | sort -u)
n=0
for d in $(ls -1t); do
  case "$d" in *[!0-9a-f]*|"$1") continue ;; esac
  [ \${#d} -eq 16 ] || continue
  n=$((n + 1))
  [ "$n" -le "$2" ] && continue
  case "$inuse" in *"agent/$d/"*) continue ;; esac
  rm -rf "$d" && echo "$d"
done`;
        try {
            const r = await this.host.capture(script, [current, String(KEEP_BUNDLES)], SETUP_TIMEOUT_MS, 'prune old bundles');
            const gone = r.stdout.split('\n').filter(Boolean);
            if (gone.length)
                this.deps.log.info(`Removed ${gone.length} older Glidepath bundle(s) from ${this.host.label} (none in use; the newest ${KEEP_BUNDLES} before this one kept).`);
        }
        catch { /* the run goes on: an old bundle left is only disk */ }
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
