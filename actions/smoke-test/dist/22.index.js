export const id = 22;
export const ids = [22];
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
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4910);







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
