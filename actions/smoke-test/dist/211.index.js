export const id = 211;
export const ids = [211];
export const modules = {

/***/ 3899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ freePort),
/* harmony export */   u: () => (/* binding */ listening)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);


// Ports on this machine: one free to listen on, and whether something listens at an address.
/** Ports this process handed out: a port is given once, even before whoever asked binds it. */
const handedOut = new Set();
const LOWEST = 10_000;
/** The kernel's ephemeral range: what it gives to any program's listen(0) and outgoing connections (read once per process). */
let range;
function ephemeralRange() {
    range ??= readRange();
    return range;
}
function readRange() {
    try {
        const [lo, hi] = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
        if (lo > 0 && hi >= lo)
            return [lo, hi];
    }
    catch {
        // Not Linux: the IANA range.
    }
    return [49152, 65535];
}
function canListen(port) {
    return new Promise((resolve) => {
        const srv = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.createServer)();
        srv.once('error', () => resolve(undefined));
        srv.listen(port, '127.0.0.1', () => {
            const addr = srv.address();
            const got = typeof addr === 'object' && addr ? addr.port : undefined;
            srv.close(() => resolve(got));
        });
    });
}
/**
 * A port free on 127.0.0.1 now, for something that binds it later (a release, a container's published
 * port, the router). Picked below the kernel's ephemeral range: a port the kernel chose (listen(0)) and
 * gave back is free for the kernel to give to the next program's listen(0) or outgoing connection in
 * the seconds before it is bound; one below the range is handed out only by a choice like this one.
 */
async function freePort() {
    const [lo] = ephemeralRange();
    const span = lo - 1 - LOWEST;
    for (let i = 0; span > 1000 && i < 50; i++) {
        const port = LOWEST + Math.floor(Math.random() * span);
        if (handedOut.has(port))
            continue;
        if ((await canListen(port)) !== undefined) {
            handedOut.add(port);
            return port;
        }
    }
    // No room below the range (a machine that widened it): the kernel's choice.
    const port = await canListen(0);
    if (port === undefined)
        throw new Error('no free port on 127.0.0.1');
    handedOut.add(port);
    return port;
}
/** Something accepts connections at host:port. */
function listening(address, timeoutMs = 1000) {
    const at = address.lastIndexOf(':');
    return new Promise((resolve) => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_1__.connect)(Number(address.slice(at + 1)), address.slice(0, at));
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

/***/ 5745:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ acquireLock)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4772);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8565);







const generationFile = (path) => `${path}.generation`;
function lastGeneration(path) {
    try {
        const n = Number((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(generationFile(path), 'utf8').trim());
        return Number.isSafeInteger(n) && n >= 0 ? n : 0;
    }
    catch {
        return 0;
    }
}
function readOwner(path) {
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch {
        return undefined;
    }
}
function isStale(owner) {
    // A lock with no readable owner was cut short while being written: its writer died.
    if (!owner)
        return true;
    return owner.host === (0,node_os__WEBPACK_IMPORTED_MODULE_3__.hostname)() && !(0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W_)(owner);
}
async function acquireLock(path, options) {
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path), { recursive: true });
    const deadline = Date.now() + options.timeoutMs;
    let waited = false;
    for (;;) {
        try {
            const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, 'wx');
            // Under the lock: the generation file is only written by the holder.
            const generation = lastGeneration(path) + 1;
            const owner = { pid: process.pid, start: (0,_process_run_js__WEBPACK_IMPORTED_MODULE_6__/* .processStart */ .gy)(process.pid), host: (0,node_os__WEBPACK_IMPORTED_MODULE_3__.hostname)(), action: options.action, runId: options.runId, acquiredAt: new Date().toISOString(), token: (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.randomUUID)(), generation };
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, JSON.stringify(owner));
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(generationFile(path), `${generation}\n`);
            let released = false;
            return {
                path,
                generation,
                check: () => {
                    if (released)
                        return;
                    const current = readOwner(path);
                    const newest = lastGeneration(path);
                    if (current?.token === owner.token && newest <= generation)
                        return;
                    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-LOCK-003', `This run (${options.action}, generation ${generation}) no longer holds the environment lock: ${current ? `${current.action} (pid ${current.pid}${current.runId ? `, run ${current.runId}` : ''}) holds it now, generation ${current.generation ?? '?'}` : newest > generation ? `generation ${newest} was handed out since` : `the lock file ${path} was removed`}. It stopped before changing anything more.`, {
                        fix: 'Run the step again: it takes the lock afresh and reconciles with what serves. Never delete a lock file of a run that is still working; a lock left by a dead run is recovered by itself.',
                    });
                },
                release: () => {
                    released = true;
                    const current = readOwner(path);
                    if (current && current.token === owner.token)
                        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
                },
            };
        }
        catch (e) {
            if (e.code !== 'EEXIST')
                throw e;
        }
        const owner = readOwner(path);
        if (isStale(owner)) {
            // Give a writer that has just created the file a moment to fill it in before calling it stale.
            if (!owner)
                await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(50);
            if (await removeStale(path, options.onRecover))
                continue;
        }
        if (Date.now() >= deadline) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-LOCK-001', `Environment is locked by ${owner ? `${owner.action} (pid ${owner.pid} on ${owner.host}${owner.runId ? `, run ${owner.runId}` : ''}, since ${owner.acquiredAt})` : 'another run'}; waited ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(options.timeoutMs)}.`, {
                fix: `Let the other run finish or raise lock-timeout. A lock whose run died on this machine is recovered by itself; one left on another machine (${owner?.host ?? 'unknown'}) is recovered once that run's process is known gone there: only then delete ${path}.`,
            });
        }
        if (!waited)
            options.onWait?.(owner);
        waited = true;
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .yy)(Math.min(options.pollMs ?? 250, Math.max(10, deadline - Date.now())));
    }
}
/**
 * Removes a stale lock file, one waiter at a time: two waiters that both saw the same stale owner must
 * not both delete, or the second would delete the lock the first has just taken. A guard file taken
 * with O_EXCL serialises them; under it the owner is read again before the unlink.
 */
async function removeStale(path, onRecover) {
    const guard = `${path}.recovering`;
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(guard, 'wx');
    }
    catch (e) {
        if (e.code !== 'EEXIST')
            throw e;
        // A guard whose holder died (it is only held for a read and an unlink) is removed after a second.
        try {
            if (Date.now() - (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(guard).mtimeMs > 1000)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(guard);
        }
        catch { /* gone meanwhile */ }
        return false;
    }
    try {
        const owner = readOwner(path);
        if (!isStale(owner))
            return false;
        if (owner)
            onRecover?.(owner);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(path);
        }
        catch { /* gone meanwhile */ }
        return true;
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(guard);
        }
        catch { /* already gone */ }
    }
}


/***/ }),

/***/ 2941:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ LocalRouterClient),
/* harmony export */   _: () => (/* binding */ LocalReleaseRouter)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7364);
/* harmony import */ var _files_json_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7273);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4772);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8565);
/* harmony import */ var _process_proc_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8418);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(1243);
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_14__ = __webpack_require__(5917);
/* harmony import */ var _http_request_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4910);
/* harmony import */ var _router_files_js__WEBPACK_IMPORTED_MODULE_13__ = __webpack_require__(5925);
/* harmony import */ var _routes_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(6648);
/* harmony import */ var _cohorts_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3706);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(3899);
/* harmony import */ var _access_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(872);















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
        this.routesFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'router.json');
        this.logFile = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'router.log');
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
        if (this.chosen === undefined && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.routesFile))
            this.chosen = (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(this.routesFile, {}).port;
        return this.chosen ?? _routes_js__WEBPACK_IMPORTED_MODULE_12__/* .DEFAULT_ROUTER_PORT */ .C;
    }
    get baseUrl() {
        return `http://${this.host}:${this.port}`;
    }
    routes() {
        return (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)(this.routesFile, { port: this.port, host: this.host, stable: null, canary: null, weight: 0, generation: 0 });
    }
    pidFile() {
        return (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .readJson */ .Vh)((0,_router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .pidFileOf */ .fN)(this.routesFile), {});
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
        return adminToken ? { [_router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .ADMIN_TOKEN_HEADER */ .ir]: adminToken } : {};
    }
    async admin(path, options) {
        const base = this.adminUrl();
        if (!base)
            throw new Error('the local router is not running');
        return (0,_http_request_js__WEBPACK_IMPORTED_MODULE_8__/* .httpRequest */ .aj)(`${base}${path}`, { ...options, headers: this.adminHeaders() });
    }
    /** The running router's revision when it answers as the one recorded; undefined when none does. */
    async running() {
        try {
            const res = await this.admin('/health', { timeoutMs: 1000 });
            if (res.status !== 200)
                return undefined;
            const body = JSON.parse(res.body);
            return body.pid === this.pid() && (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(this.process()) ? body.revision ?? 1 : undefined;
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
        if (revision === _router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .ROUTER_REVISION */ .sh)
            return;
        if (revision !== undefined)
            return this.upgrade(revision, say);
        // One that no pid file names would hold the port the new one needs.
        await this.stopStrays(say);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.dir, { recursive: true });
        if (this.configured === undefined && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.routesFile))
            this.chosen = await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_10__/* .freePort */ .o)();
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.routesFile))
            (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .ZJ)(this.routesFile, this.routes());
        const [cmd, ...args] = (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_7__/* .getSelfCommand */ .kC)();
        const logFrom = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.logFile) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(this.logFile).size : 0;
        const child = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .startDetached */ .tG)([cmd, ...args], { cwd: this.dir, env: { ...(0,_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_14__/* .childEnv */ .gf)(process.env), [_runtime_self_js__WEBPACK_IMPORTED_MODULE_7__/* .ROUTER_ENV */ .ie]: this.routesFile }, logFile: this.logFile });
        const started = Date.now();
        const deadline = started + 15_000;
        while (Date.now() < deadline) {
            if (child.exitCode !== null)
                break;
            if (this.pid() === child.pid && (await this.healthy()))
                return;
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(50);
        }
        const exited = child.exitCode !== null ? `it exited (code ${child.exitCode})` : `it did not answer within ${Math.round((Date.now() - started) / 1000)} s`;
        (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .killGroup */ .i0)(child.pid, 'SIGTERM');
        // What the router said is the reason (a port in use, a routes file it could not read): quoted, not guessed.
        const said = logTail(this.logFile, logFrom);
        const inUse = /EADDRINUSE/.test(said);
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .GlidepathError */ .HT('GP-ROUTER-001', `The local router did not start on ${this.host}:${this.port}: ${exited}${said ? `; its log says: ${said}` : ''} (log: ${this.logFile}).`, {
            fix: inUse || !said ? `Free port ${this.port} or set local.port to a free port in the environment's config.` : 'See the router\'s words above and its log; run again once the cause is fixed.',
        });
    }
    /**
     * Replaces a running router of another revision by one of this build without refusing a connection:
     * the old one starts the new one with its listening socket (POST /handoff, the command in the
     * successor file), then finishes what it has in flight. A failed handoff leaves the old one serving.
     */
    async upgrade(from, log) {
        const before = this.pid();
        (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .ZJ)((0,_router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .successorFileOf */ .CL)(this.routesFile), { command: (0,_runtime_self_js__WEBPACK_IMPORTED_MODULE_7__/* .getSelfCommand */ .kC)() });
        let answer = {};
        try {
            answer = JSON.parse((await this.admin('/handoff', { method: 'POST', timeoutMs: 20_000 })).body);
        }
        catch (e) {
            answer = { error: (0,_http_request_js__WEBPACK_IMPORTED_MODULE_8__/* .describeFetchError */ .Op)(e) };
        }
        const deadline = Date.now() + 5_000;
        while (answer.pid && Date.now() < deadline && !(this.pid() === answer.pid && (await this.running()) === _router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .ROUTER_REVISION */ .sh))
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(25);
        if (!answer.pid || this.pid() !== answer.pid) {
            log?.(`The local router (revision ${from}, pid ${before}) could not be upgraded to revision ${_router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .ROUTER_REVISION */ .sh}: ${answer.error ?? 'the new one did not answer'}; the running one keeps serving.`);
            return;
        }
        // The old one still answers on the connections it had (each closes after its next answer, an idle
        // one after the keep-alive timeout) with the routes it had: no route changes until it is gone.
        const old = before ? { pid: before } : undefined;
        const gone = Date.now() + OLD_ROUTER_WAIT_MS;
        while ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(old) && Date.now() < gone)
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(50);
        log?.(`Router upgraded in place from revision ${from} to ${_router_files_js__WEBPACK_IMPORTED_MODULE_13__/* .ROUTER_REVISION */ .sh} (pid ${before} -> ${answer.pid}): its listening socket was handed over, no connection refused${(0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(old) ? `; the old one still has connections open after ${OLD_ROUTER_WAIT_MS / 1000}s` : ', and the old one finished its connections'}.`);
    }
    /**
     * Stops router processes of this environment other than the one its pid file names: one whose starter
     * was killed before it answered, or that lost a race to another's start. Found by their working
     * directory and the routes file they were started for (Linux /proc; elsewhere there is nothing to find).
     */
    async stopStrays(say) {
        const recorded = this.process();
        const strays = [];
        for (const p of (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_6__/* .processesUnder */ .Os)(this.dir)) {
            // A router is its own process group's leader (started detached); what it runs itself (under tsx in
            // tests, esbuild's service) has its working directory and environment but is no router.
            if (p.relative !== '' || p.pid !== p.pgid || p.pid === recorded?.pid || (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_6__/* .processEnv */ .Hb)(p.pid, _runtime_self_js__WEBPACK_IMPORTED_MODULE_7__/* .ROUTER_ENV */ .ie) !== this.routesFile)
                continue;
            strays.push({ pid: p.pid, start: p.start });
        }
        if (!strays.length)
            return;
        say?.(`Stopping ${strays.length} local router process(es) that no pid file names (pid ${strays.map((r) => r.pid).join(', ')}), left by an interrupted run.`);
        await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .stopGroups */ .vl)(strays, 5_000);
    }
    /** Writes the new route table first, then asks the router to load it and checks it did. */
    async apply(change) {
        const current = this.routes();
        const token = this.token;
        const next = { ...current, ...change, port: this.port, host: this.host, generation: current.generation + 1, cohorts: this.cohorts, access: token ? (0,_access_js__WEBPACK_IMPORTED_MODULE_11__/* .routeAccess */ ._g)(token.name, token.token) : undefined };
        if (!next.canary)
            next.weight = 0;
        return this.write(next);
    }
    /** Changes only what `change` names, keeping the rest of the table (its cohorts and access) as it is. */
    patch(change) {
        const current = this.routes();
        return this.write({ ...current, ...change, generation: current.generation + 1 });
    }
    async write(next) {
        (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeJsonAtomic */ .ZJ)(this.routesFile, next);
        let answer;
        try {
            const res = await this.admin('/reload', { method: 'POST', timeoutMs: 5000 });
            answer = JSON.parse(res.body);
        }
        catch (e) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .GlidepathError */ .HT('GP-ROUTER-002', `The local router did not answer the reload: ${(0,_http_request_js__WEBPACK_IMPORTED_MODULE_8__/* .describeFetchError */ .Op)(e)}.`, {
                fix: `Check ${this.logFile}; the next run restarts the router with the routes on disk.`,
            });
        }
        if (answer.generation !== next.generation) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_2__/* .GlidepathError */ .HT('GP-ROUTER-002', `The local router did not apply the new routes: ${answer.error ?? 'generation mismatch'}.`, {
                fix: `Check ${this.logFile}.`,
            });
        }
        return next;
    }
    /** When the router last passed on a request (undefined: none since it started), and when it started. */
    async activity() {
        const res = await this.admin('/activity', { timeoutMs: 5000 });
        const body = JSON.parse(res.body);
        return { lastRequestAt: body.lastRequestAt ?? undefined, startedAt: this.pidFile().startedAt };
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
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(25);
        }
    }
    async stop() {
        const router = this.process();
        try {
            await this.admin('/stop', { method: 'POST', timeoutMs: 2000 });
        }
        catch {
            (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .signalRecordedGroup */ .yS)(router, 'SIGTERM');
        }
        const deadline = Date.now() + 5000;
        while ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(router) && Date.now() < deadline)
            await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(50);
        if ((0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W_)(router))
            (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .signalRecordedGroup */ .yS)(router, 'SIGKILL');
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
        return { url: `${this.client.baseUrl}/`, headers: { [_cohorts_js__WEBPACK_IMPORTED_MODULE_9__/* .ROUTE_HEADER */ .K7]: which, ...(token ? { [_access_js__WEBPACK_IMPORTED_MODULE_11__/* .ACCESS_HEADER */ .zd]: token.token } : {}) } };
    }
    prune() {
        return this.client.stopStrays((m) => this.log.warning(m));
    }
    async remove() {
        await this.client.stop();
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(this.client.routesFile, { force: true });
    }
}
/** The last lines written to a router's log from `from` on (the log is shared by the routers that ran before it). */
function logTail(file, from) {
    try {
        const lines = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file).subarray(from).toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
        // A crash prints a stack: its error line is the reason.
        const error = lines.find((l) => /^(\w*Error|Glidepath\w*)\b|\bE[A-Z]{4,}\b/.test(l));
        return (error ?? lines.slice(-3).join(' | ')).slice(-600);
    }
    catch {
        return '';
    }
}


/***/ }),

/***/ 2211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ PreviewFront)
/* harmony export */ });
/* unused harmony export ownRouterUrl */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _state_lock_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5745);
/* harmony import */ var _files_json_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7273);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2941);





// One Glidepath router in front of an environment's previews (previews.host): each preview keeps its
// own router (its releases, its weights, its token check), and the front sends each request to the one
// whose host name it asks for (traffic/local/sites.ts). A preview joins the front when it deploys and
// leaves it with its teardown; the front stops when the last one leaves. Its table is changed under a
// lock of its own, so previews deploying at once do not lose each other's entries.
const LOCK_TIMEOUT_MS = 60_000;
class PreviewFront {
    dir;
    client;
    constructor(stateRoot, key, cfg) {
        this.dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(stateRoot, `.previews-${key}`);
        this.client = new _client_js__WEBPACK_IMPORTED_MODULE_4__/* .LocalRouterClient */ .O(this.dir, cfg.port, cfg.listen);
    }
    get url() {
        return this.client.baseUrl;
    }
    sites() {
        return this.client.routes().sites ?? [];
    }
    /** The preview at `site.host` (its own router at `site.url`), replacing what it had there before. */
    async join(site, say) {
        await this.locked('preview front: join', async () => {
            await this.client.ensureRunning(say);
            const others = this.sites().filter((s) => s.name !== site.name);
            await this.client.apply({ sites: [...others, site].sort((a, b) => a.name.localeCompare(b.name)) });
        });
    }
    /** The preview leaves the front; the front stops once none is left. */
    async leave(name, say) {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.client.routesFile))
            return false;
        return this.locked('preview front: leave', async () => {
            const before = this.sites();
            const rest = before.filter((s) => s.name !== name);
            if (rest.length === before.length)
                return false;
            if (rest.length === 0) {
                await this.client.stop();
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(this.client.routesFile, { force: true });
                say(`The preview front at ${this.url} stopped: no preview is left behind it.`);
                return true;
            }
            await this.client.ensureRunning(say);
            await this.client.apply({ sites: rest });
            return true;
        });
    }
    async locked(action, fn) {
        const held = await (0,_state_lock_js__WEBPACK_IMPORTED_MODULE_2__/* .acquireLock */ .I)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'lock'), { timeoutMs: LOCK_TIMEOUT_MS, action });
        try {
            return await fn();
        }
        finally {
            held.release();
        }
    }
}
/** The address of a preview's own local router on this machine, from its routes file; undefined when it has none. */
function ownRouterUrl(storeDir) {
    const table = readJson(join(storeDir, 'router.json'), {});
    return table.port ? `http://127.0.0.1:${table.port}` : undefined;
}


/***/ }),

/***/ 6648:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ DEFAULT_ROUTER_PORT)
/* harmony export */ });
/** The router's public port when the environment names none (local.port, compose.port). */
const DEFAULT_ROUTER_PORT = 8080;


/***/ })

};
