export const id = 30;
export const ids = [30,22];
export const modules = {

/***/ 2224:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I$: () => (/* binding */ startRelease),
/* harmony export */   Po: () => (/* binding */ updateLocal),
/* harmony export */   Ts: () => (/* binding */ STOP_GRACE_MS),
/* harmony export */   a$: () => (/* binding */ stopRelease),
/* harmony export */   iG: () => (/* binding */ readLocal),
/* harmony export */   rs: () => (/* binding */ urlOf)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7364);
/* harmony import */ var _files_json_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7273);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4772);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8565);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2094);







const LOG_TAIL = 1500;
const STOP_GRACE_MS = 10_000;
const localStateFile = (storeDir) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(storeDir, 'local.json');
function readLocal(storeDir) {
    return (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(localStateFile(storeDir), { running: {} });
}
function updateLocal(storeDir, change) {
    const state = readLocal(storeDir);
    change(state);
    (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .ZJ)(localStateFile(storeDir), state);
}
const urlOf = (port) => `http://127.0.0.1:${port}`;
/** Stops the recorded process of `version` (when it is the one on `port`) and forgets it. */
async function stopRelease(storeDir, version, port) {
    const proc = readLocal(storeDir).running[version];
    if (!proc || proc.port !== port)
        return;
    await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .stopGroups */ .vl)([proc], STOP_GRACE_MS);
    updateLocal(storeDir, (st) => { delete st.running[version]; });
}
/**
 * Starts a release on `port` and waits until its health path has answered 2xx for minReady without a
 * miss; recorded in local.json at once (starting), so a run killed during the wait leaves it findable.
 * A release that exits or never gets healthy is stopped and a coded error says why, with its output.
 */
async function startRelease(storeDir, launch, port, health, say) {
    const { version } = launch;
    const logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(storeDir, 'logs', `${version}.log`);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(storeDir, 'logs'), { recursive: true });
    const child = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .startDetached */ .tG)(launch.argv, { cwd: launch.cwd, env: { ...launch.env, PORT: String(port) }, logFile });
    const proc = { pid: child.pid, start: (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .processStart */ .gy)(child.pid), port, startedAt: new Date().toISOString(), starting: true };
    updateLocal(storeDir, (st) => { st.running[version] = proc; });
    let exit;
    child.on('exit', (code, signal) => {
        exit = { code, signal };
    });
    say(`Started ${version} (pid ${child.pid}, port ${port}); waiting for ${health.path} to answer 2xx for ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(health.minReadyMs)} (up to ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(health.timeoutMs)}).`);
    const deadline = Date.now() + health.timeoutMs;
    let last = 'no answer yet';
    let healthySince;
    const fail = async (error) => {
        await stopRelease(storeDir, version, port);
        throw error;
    };
    while (Date.now() < deadline) {
        if (exit) {
            await fail(new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .GlidepathError */ .HT('GP-PROVIDER-002', `Release ${version} exited (${exit.signal ?? `code ${exit.code}`}) ${healthySince ? 'right after its health path first answered (within local.minReady)' : 'before it became healthy'}; it never took traffic. Last output:\n${tail(logFile)}`, { fix: health.fix }));
        }
        const probe = await (0,_http_request_js__WEBPACK_IMPORTED_MODULE_6__/* .probeHealth */ .v_)(`${urlOf(port)}${health.path}`);
        if (probe.ok) {
            healthySince ??= Date.now();
            // Healthy for minReady without a miss: a release that crashes right after start never takes traffic.
            if (Date.now() - healthySince >= health.minReadyMs && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(proc)) {
                const ready = { pid: proc.pid, start: proc.start, port, startedAt: proc.startedAt };
                updateLocal(storeDir, (st) => { st.running[version] = ready; });
                return ready;
            }
        }
        else {
            healthySince = undefined;
            last = probe.last;
        }
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(healthySince ? 50 : 100);
    }
    return fail(new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .GlidepathError */ .HT('GP-PROVIDER-003', `Release ${version} did not become healthy within ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(health.timeoutMs)} (${health.path} ${last}); it was stopped and the previous version keeps serving. Last output:\n${tail(logFile)}`, {
        fix: `Make ${health.path} answer 2xx once the app is ready, or raise the timeout.`,
    }));
}
function tail(file) {
    try {
        const text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
        return text.slice(-LOG_TAIL).trimEnd() || '(no output)';
    }
    catch {
        return '(no output)';
    }
}


/***/ }),

/***/ 5022:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FL: () => (/* binding */ forgetSleep),
/* harmony export */   LK: () => (/* binding */ isAsleep),
/* harmony export */   runWake: () => (/* binding */ runWake),
/* harmony export */   sH: () => (/* binding */ wakeUp),
/* harmony export */   u9: () => (/* binding */ putToSleep)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _state_lock_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5745);
/* harmony import */ var _files_json_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7273);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8565);
/* harmony import */ var _process_proc_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8418);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(3899);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1243);
/* harmony import */ var _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(2941);
/* harmony import */ var _traffic_local_front_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(2211);
/* harmony import */ var _traffic_local_wake_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(9922);
/* harmony import */ var _local_process_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(2224);













const sleepFileOf = (dir) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'sleep.json');
function isAsleep(storeDir) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(sleepFileOf(storeDir));
}
function readSleep(storeDir) {
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(sleepFileOf(storeDir), 'utf8'));
    }
    catch {
        return undefined;
    }
}
/**
 * This program's command as the waker runs it later: a bundle (dist/index.js) is copied once under the
 * state root (by its content's hash), because the runner's copy of the action may be gone by the time a
 * request wakes the preview (a job's action cache, a runner's update). Elsewhere (development) it is
 * the command as it is.
 */
function keptSelfCommand(stateRoot) {
    const command = (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .getSelfCommand */ .kC)();
    const script = command.at(-1);
    if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(script) !== 'index.js' || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(script)) !== 'dist')
        return command;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(script)).digest('hex').slice(0, 16);
    const kept = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(stateRoot, '.glidepath-bin', hash);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(kept, 'index.js'))) {
        const partial = `${kept}.${process.pid}.tmp`;
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.cpSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(script), partial, { recursive: true });
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.renameSync)(partial, kept);
        }
        catch {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(partial, { recursive: true, force: true }); // another sleep kept the same build first
        }
        forgetUnusedBuilds(stateRoot, hash);
    }
    return [...command.slice(0, -1), (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(kept, 'index.js')];
}
/** Kept builds no sleeping preview names any more (the one just kept aside) are removed. */
function forgetUnusedBuilds(stateRoot, current) {
    const bin = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(stateRoot, '.glidepath-bin');
    const used = new Set([current]);
    for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(stateRoot, { withFileTypes: true })) {
        const wake = entry.isDirectory() ? readSleep((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(stateRoot, entry.name))?.wake.at(-1) : undefined;
        if (wake?.startsWith(`${bin}/`))
            used.add((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(wake)));
    }
    for (const build of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(bin))
        if (!used.has(build) && !build.endsWith('.tmp'))
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(bin, build), { recursive: true, force: true });
}
/** Puts the preview to sleep (its lock held by the caller); false, with the reason said, when it cannot. */
async function putToSleep(plan) {
    const { storeDir, router, say } = plan;
    if (isAsleep(storeDir))
        return false;
    const running = Object.entries((0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .readLocal */ .iG)(storeDir).running);
    const releases = [];
    for (const [version, proc] of running) {
        const launch = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(proc) && !proc.starting ? (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_6__/* .processLaunch */ .zD)(proc.pid) : undefined;
        if (!launch) {
            say(`Not put to sleep: release ${version} (pid ${proc.pid}) is ${proc.starting ? 'still starting' : 'not running as recorded'}, so it could not be started again as it ran.`);
            return false;
        }
        const { PORT: _port, ...env } = launch.env;
        releases.push({ version, cwd: launch.cwd, argv: launch.argv, env, port: proc.port });
    }
    if (!releases.length)
        return false;
    const since = new Date().toISOString();
    const file = { since, releases, health: plan.health, wake: keptSelfCommand(plan.stateRoot), ...(plan.front ? { front: plan.front } : {}) };
    (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(sleepFileOf(storeDir), file, 0o600);
    (0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .updateLocal */ .Po)(storeDir, (st) => { st.asleep = since; });
    const access = router.routes().access;
    const asleep = { dir: storeDir, wake: file.wake, since, ...(access ? { access } : {}) };
    const front = frontOf(file);
    if (front) {
        const site = front.sites().find((s) => s.name === file.front?.name);
        if (site)
            await front.join({ ...site, asleep }, say);
        await router.stop();
    }
    else
        await router.patch({ asleep });
    await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .stopGroups */ .vl)(running.map(([, proc]) => proc), _local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .STOP_GRACE_MS */ .Ts);
    return true;
}
/**
 * Wakes the preview in `storeDir` when it sleeps: its releases started as they ran, the routes put
 * back. `locked`: the caller holds the preview's lock (a deploy); otherwise the waker takes it.
 * True when it woke the preview, false when it was awake.
 */
async function wakeUp(storeDir, say, locked) {
    if (!isAsleep(storeDir))
        return false;
    const held = locked ? undefined : await (0,_state_lock_js__WEBPACK_IMPORTED_MODULE_3__/* .acquireLock */ .I)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(storeDir, 'lock'), { timeoutMs: _traffic_local_wake_js__WEBPACK_IMPORTED_MODULE_11__/* .WAKE_TIMEOUT_MS */ .S, action: 'wake' });
    try {
        const file = readSleep(storeDir);
        if (!file)
            return false;
        const started = Date.now();
        const moved = new Map();
        const running = (0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .readLocal */ .iG)(storeDir).running;
        for (const launch of file.releases) {
            if ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(running[launch.version]))
                continue;
            const port = (await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_7__/* .listening */ .u)(`127.0.0.1:${launch.port}`)) ? await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_7__/* .freePort */ .o)() : launch.port;
            await (0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .startRelease */ .I$)(storeDir, launch, port, file.health, say);
            if (port !== launch.port)
                moved.set((0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .urlOf */ .rs)(launch.port), (0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .urlOf */ .rs)(port));
        }
        const client = new _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_9__/* .LocalRouterClient */ .O(storeDir, undefined);
        const table = client.routes();
        const remap = (b) => (b && moved.has(b.url) ? { ...b, url: moved.get(b.url) } : b);
        const front = frontOf(file);
        if (front) {
            (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(client.routesFile, { ...table, stable: remap(table.stable), canary: remap(table.canary), asleep: undefined });
            await client.ensureRunning(say);
            const site = front.sites().find((s) => s.name === file.front?.name);
            if (site)
                await front.join({ name: site.name, host: site.host, url: site.url }, say);
        }
        else
            await client.patch({ stable: remap(table.stable), canary: remap(table.canary), asleep: undefined });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(sleepFileOf(storeDir), { force: true });
        (0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .updateLocal */ .Po)(storeDir, (st) => { delete st.asleep; });
        say(`Woke the preview (asleep since ${file.since}) in ${((Date.now() - started) / 1000).toFixed(1)}s: ${file.releases.map((r) => r.version).join(', ')} started again.`);
        return true;
    }
    finally {
        held?.release();
    }
}
/** A sleeping preview's teardown: it is not woken, only forgotten as asleep (its releases are already stopped). */
function forgetSleep(storeDir) {
    if (!isAsleep(storeDir))
        return;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)(sleepFileOf(storeDir), { force: true });
    (0,_local_process_js__WEBPACK_IMPORTED_MODULE_12__/* .updateLocal */ .Po)(storeDir, (st) => { delete st.asleep; });
}
function frontOf(file) {
    return file.front ? new _traffic_local_front_js__WEBPACK_IMPORTED_MODULE_10__/* .PreviewFront */ .G(file.front.stateRoot, file.front.key, { port: file.front.port, listen: file.front.listen }) : undefined;
}
/** The waker: this program started by a router with GLIDEPATH_INTERNAL_WAKE (entry/entry.ts). Exit 0 once awake. */
async function runWake() {
    const dir = process.env[_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .WAKE_ENV */ .$z];
    const say = (m) => process.stdout.write(`${new Date().toISOString()} ${m}\n`);
    try {
        const file = readSleep(dir);
        if (file)
            (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_8__/* .setSelfCommand */ .O5)(file.wake);
        await wakeUp(dir, say, false);
    }
    catch (e) {
        say(`Could not wake the preview in ${dir}: ${e.message}`);
        process.exitCode = 1;
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
// EXTERNAL MODULE: ./shared/files/paths.ts
var paths = __webpack_require__(5274);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: ./shared/providers/local-process.ts
var local_process = __webpack_require__(2224);
// EXTERNAL MODULE: ./shared/providers/local-sleep.ts
var local_sleep = __webpack_require__(5022);
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
var client = __webpack_require__(2941);
// EXTERNAL MODULE: ./shared/traffic/factory.ts + 1 modules
var factory = __webpack_require__(1085);
// EXTERNAL MODULE: ./shared/http/request.ts
var request = __webpack_require__(2094);
// EXTERNAL MODULE: ./shared/http/ports.ts
var ports = __webpack_require__(3899);
// EXTERNAL MODULE: ./shared/providers/releases.ts
var releases = __webpack_require__(5753);
;// CONCATENATED MODULE: ./shared/providers/local.ts
















// The embedded default (SPEC 3.1): each version is a release directory under the state directory, run
// as a process on this machine with PORT and GLIDEPATH_VERSION, behind the local router. A release
// takes traffic only once its health path answers; until then the previous one keeps serving.
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
        // Glidepath's router on this machine: the only one the config lets in front of the local provider (config/routers.ts).
        const router = (0,factory/* frontRouter */.Z)(deps);
        if (!(router instanceof client/* LocalReleaseRouter */._))
            throw new Error(`the local provider runs behind Glidepath's router, not ${router.constructor.name}`);
        this.router = router;
        this.releases = new LocalReleases(deps, cfg);
    }
    async preflight(request) {
        existingAppDir(this.deps, request.version);
    }
    /** A rollback's re-send: the version's release put in place from its source, to be started by the rollback. */
    keep(version) {
        this.releases.keep(version);
    }
    async sleep(idleMs) {
        const { store, environment, stateDir, log } = this.deps;
        if ((0,local_sleep/* isAsleep */.LK)(store.dir))
            return undefined;
        const client = this.router.client;
        let activity;
        try {
            activity = await client.activity();
        }
        catch {
            return undefined; // no router answers: nothing tells how idle it is
        }
        const last = activity.lastRequestAt ?? activity.startedAt;
        if (!last || Date.now() - Date.parse(last) < idleMs)
            return undefined;
        const host = environment.config.previews?.host;
        const front = host ? { stateRoot: stateDir, key: environment.key, port: host.port, ...(host.listen ? { listen: host.listen } : {}), name: environment.name } : undefined;
        const slept = await (0,local_sleep/* putToSleep */.u9)({ stateRoot: stateDir, storeDir: store.dir, router: client, health: this.releases.health(60_000), front, say: (m) => log.info(m) });
        return slept ? `no request since ${last}${activity.lastRequestAt ? '' : ' (the router started, none since)'}` : undefined;
    }
    wake() {
        return (0,local_sleep/* wakeUp */.sH)(this.deps.store.dir, (m) => this.deps.log.info(m), true);
    }
    async teardown(timeoutMs) {
        (0,local_sleep/* forgetSleep */.FL)(this.deps.store.dir);
        await super.teardown(timeoutMs);
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
    constructor(deps, cfg) {
        this.deps = deps;
        this.cfg = cfg;
        this.releasesDir = (0,external_node_path_.join)(deps.store.dir, 'releases');
    }
    local() {
        return (0,local_process/* readLocal */.iG)(this.deps.store.dir);
    }
    releaseDir(version) {
        return (0,external_node_path_.join)(this.releasesDir, version);
    }
    list() {
        return Object.entries(this.local().running).map(([version, p]) => ({ version, url: (0,local_process/* urlOf */.rs)(p.port), ...(p.starting ? { starting: true } : {}) }));
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
        return { version, url: (0,local_process/* urlOf */.rs)(proc.port) };
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
        if (proc && (0,local_process/* urlOf */.rs)(proc.port) === release.url)
            await (0,local_process/* stopRelease */.a$)(this.deps.store.dir, release.version, proc.port);
    }
    alive(release) {
        const proc = this.local().running[release.version];
        return Boolean(proc && (0,local_process/* urlOf */.rs)(proc.port) === release.url && (0,run/* isRunning */.W_)(proc));
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
        await (0,run/* stopGroups */.vl)([...strays.values()].map((s) => s.ref), local_process/* STOP_GRACE_MS */.Ts);
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
    /** How a release's health is waited for (local.health, local.minReady). */
    health(timeoutMs) {
        return {
            path: this.cfg.health ?? '/',
            minReadyMs: this.deps.environment.durations.minReady,
            timeoutMs,
            fix: `Check local.start ("${this.cfg.start}") runs in its release directory under ${(0,external_node_path_.relative)(this.deps.workspace, this.releasesDir) || '.'}, listens on $PORT and keeps running.`,
        };
    }
    async spawn(version, timeoutMs) {
        const launch = { version, cwd: this.releaseDir(version), argv: ['/bin/sh', '-c', this.cfg.start], env: { ...this.deps.env, GLIDEPATH_VERSION: version, GLIDEPATH_ENVIRONMENT: this.deps.environment.name } };
        return (0,local_process/* startRelease */.I$)(this.deps.store.dir, launch, await (0,ports/* freePort */.o)(), this.health(timeoutMs), (m) => this.deps.log.info(m));
    }
}
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


/***/ }),

/***/ 5753:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ ReleaseProvider)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4772);


/** How long an abort may take to start a stable that stopped answering, when the caller names no timeout. */
const DEFAULT_ABORT_TIMEOUT_MS = 120_000;
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
    async abort(version, timeoutMs = DEFAULT_ABORT_TIMEOUT_MS) {
        let routes = this.router.routes();
        if (routes.canary) {
            // Stable must be ready to take the canary's share back (Argo Rollouts #3888): never all traffic to a
            // version that does not answer. One that does not is started again first; if it cannot be, traffic
            // stays split (the canary keeps answering what stable cannot) and the next run finishes the abort.
            const stable = routes.stable;
            if (stable && !(await this.answers(this.find(stable.url)))) {
                this.deps.log.warning(`${stable.version} (stable) does not answer its health check; it is started again before the canary's ${routes.weight}% moves back to it.`);
                let why;
                try {
                    await this.heal(stable.version, timeoutMs);
                    routes = this.router.routes();
                    if (routes.stable && !(await this.answers(this.find(routes.stable.url))))
                        why = 'it still runs but does not answer, and a running release is never killed for being slow';
                }
                catch (e) {
                    why = `it could not be started again: ${e.message}`;
                }
                if (why) {
                    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-PROVIDER-007', `The canary was not aborted: stable ${stable.version} does not answer its health check, and ${why}. Traffic stays split, so the canary keeps answering what stable cannot.`, {
                        fix: `Make ${stable.version} answer (its process, its host, its release files), then run again: the next run finishes the abort. Or roll back to a version that starts.`,
                    });
                }
                this.deps.log.info(`${stable.version} answers again; the canary's traffic moves back to it.`);
            }
        }
        await this.dropCanary(version);
    }
    /** The canary off traffic (all of it back on stable as routed), then stopped; and any other release of `version`. */
    async dropCanary(version) {
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
        // The rollback makes `to` answer itself (below), so the canary goes without an abort's check of stable.
        await this.dropCanary(null);
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

/***/ 9922:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ WAKE_TIMEOUT_MS),
/* harmony export */   b: () => (/* binding */ Waker)
/* harmony export */ });
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8565);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1243);



// Scale to zero, the router's half (previews.idle): a request for a sleeping preview starts the
// waker (providers/local-sleep.ts, this program again with GLIDEPATH_INTERNAL_WAKE) once, however many
// requests arrive meanwhile; they all wait for it and are then answered on the routes it left. The
// waker starts the releases, waits for their health and rewrites the routes, so the router only waits.
/** How long a request waits for a preview to wake (its releases' health included) before a 503. */
const WAKE_TIMEOUT_MS = 120_000;
class Waker {
    waking = new Map();
    /** Wakes the preview in `asleep.dir` (one waker at a time per preview); true once it is awake. */
    wake(asleep) {
        let pending = this.waking.get(asleep.dir);
        if (!pending) {
            pending = run(asleep).finally(() => this.waking.delete(asleep.dir));
            this.waking.set(asleep.dir, pending);
        }
        return pending;
    }
}
function run(asleep) {
    return new Promise((resolve) => {
        const env = {};
        for (const [k, v] of Object.entries(process.env))
            if (v !== undefined && k !== _runtime_self_js__WEBPACK_IMPORTED_MODULE_2__/* .ROUTER_ENV */ .ie)
                env[k] = v;
        env[_runtime_self_js__WEBPACK_IMPORTED_MODULE_2__/* .WAKE_ENV */ .$z] = asleep.dir;
        // Without its log the waker still runs.
        const child = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_0__/* .startDetached */ .tG)(asleep.wake, { cwd: asleep.dir, env, logFile: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(asleep.dir, 'wake.log'), logOptional: true, wait: true });
        const timer = setTimeout(() => {
            try {
                process.kill(-child.pid, 'SIGKILL');
            }
            catch { /* gone */ }
            resolve(false);
        }, WAKE_TIMEOUT_MS);
        child.once('error', () => { clearTimeout(timer); resolve(false); });
        child.once('exit', (code) => { clearTimeout(timer); resolve(code === 0); });
    });
}


/***/ })

};
