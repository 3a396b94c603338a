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

/***/ 8418:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hb: () => (/* binding */ processEnv),
/* harmony export */   Hv: () => (/* binding */ ancestorNamed),
/* harmony export */   Os: () => (/* binding */ processesUnder),
/* harmony export */   bU: () => (/* binding */ procPids),
/* harmony export */   jW: () => (/* binding */ procStat),
/* harmony export */   zD: () => (/* binding */ processLaunch)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

/** /proc/<pid>/stat, parsed; undefined when the process is gone or /proc cannot tell. */
function procStat(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] };
    }
    catch {
        return undefined;
    }
}
/** The nearest ancestor of this process whose command name starts with `name` (its pid and start), if /proc tells. */
function ancestorNamed(name) {
    let pid = process.ppid;
    for (let depth = 0; pid > 1 && depth < 16; depth++) {
        let comm;
        try {
            comm = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/comm`, 'utf8').trim();
        }
        catch {
            return undefined;
        }
        const stat = procStat(pid);
        if (!stat)
            return undefined;
        if (comm.startsWith(name))
            return { pid, start: stat.start };
        pid = stat.ppid;
    }
    return undefined;
}
/** The pids /proc lists (empty where there is no /proc). */
function procPids() {
    let entries;
    try {
        entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)('/proc');
    }
    catch {
        return [];
    }
    return entries.filter((e) => e.charCodeAt(0) <= 57).map(Number).filter((n) => Number.isInteger(n) && n > 0);
}
/**
 * Live processes whose working directory is `dir` or below it, even if that directory has been deleted
 * since (the kernel then shows it with " (deleted)"). How a process that was never recorded (its starter
 * was killed between spawning it and writing its pid down) is still found.
 */
function processesUnder(dir) {
    const root = dir.replace(/\/+$/, '');
    const out = [];
    for (const pid of procPids()) {
        let cwd;
        try {
            cwd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
        }
        catch {
            continue;
        }
        if (cwd !== root && !cwd.startsWith(`${root}/`))
            continue;
        const stat = procStat(pid);
        if (!stat || stat.state === 'Z')
            continue;
        out.push({ pid, pgid: stat.pgid, start: stat.start, relative: cwd.slice(root.length + 1) });
    }
    return out;
}
/** A process's environment variable, as it started (undefined when /proc cannot tell or it has none). */
function processEnv(pid, name) {
    try {
        const entry = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith(`${name}=`));
        return entry?.slice(name.length + 1);
    }
    catch {
        return undefined;
    }
}
/** How a process was started: its command line, environment and working directory (undefined when /proc cannot tell). */
function processLaunch(pid) {
    try {
        const argv = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
        const env = {};
        for (const entry of (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/environ`, 'utf8').split('\0')) {
            const eq = entry.indexOf('=');
            if (eq > 0)
                env[entry.slice(0, eq)] = entry.slice(eq + 1);
        }
        return argv.length ? { argv, env, cwd: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readlinkSync)(`/proc/${pid}/cwd`) } : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 8565:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FN: () => (/* binding */ processAlive),
/* harmony export */   SL: () => (/* binding */ runStreaming),
/* harmony export */   W_: () => (/* binding */ isRunning),
/* harmony export */   ci: () => (/* binding */ outputTail),
/* harmony export */   d1: () => (/* binding */ runCommand),
/* harmony export */   gy: () => (/* binding */ processStart),
/* harmony export */   i0: () => (/* binding */ killGroup),
/* harmony export */   mB: () => (/* binding */ runProgram),
/* harmony export */   tG: () => (/* binding */ startDetached),
/* harmony export */   vl: () => (/* binding */ stopGroups),
/* harmony export */   yS: () => (/* binding */ signalRecordedGroup)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _proc_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8418);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _time_duration_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4772);





// Runs a trusted command string from the config through /bin/sh. Everything that varies per run
// (versions, branch names, PR titles) travels in `env`, never in the command line itself.
/**
 * Starts a program in its own process group, its output appended to `logFile` (dropped when there is none,
 * or when `logOptional` and the file cannot be opened). Unless `wait`, it outlives this process (unref'd):
 * the router, a release and the waker start so.
 */
function startDetached(argv, options) {
    let log = 'ignore';
    if (options.logFile) {
        try {
            log = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.openSync)(options.logFile, 'a');
        }
        catch (e) {
            if (!options.logOptional)
                throw e;
        }
    }
    try {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', log, log] });
        if (!options.wait)
            child.unref();
        return child;
    }
    finally {
        if (typeof log === 'number')
            (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.closeSync)(log);
    }
}
const TAIL_BYTES = 8 * 1024;
function runCommand(command, options) {
    return runStreaming('/bin/sh', ['-c', command], options);
}
/**
 * Runs a program with an argument array (no shell), its output streamed line by line, in its own process
 * group (registered while it runs), stopped at the time limit: runCommand's core, and the SSH client's.
 * `input` goes to its stdin.
 */
function runStreaming(file, args, options) {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], detached: true });
        if (options.input !== undefined && child.stdin) {
            child.stdin.on('error', () => undefined);
            child.stdin.end(options.input);
        }
        if (child.pid)
            options.registry?.add(child.pid, options.label);
        let tail = '';
        let partial = '';
        const onData = (chunk) => {
            const text = chunk.toString('utf8');
            tail = (tail + text).slice(-TAIL_BYTES);
            const lines = (partial + text).split('\n');
            partial = lines.pop() ?? '';
            for (const l of lines)
                options.onLine?.(l);
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup(child.pid, 'SIGTERM');
            setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000).unref();
        }, options.timeoutMs);
        child.on('error', (e) => {
            clearTimeout(timer);
            reject(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-004', `${options.label} could not start: ${e.message}`, { fix: `Check that ${file} exists and the working directory is readable.` }));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (child.pid)
                options.registry?.remove(child.pid);
            if (partial)
                options.onLine?.(partial);
            const result = { code, signal, output: tail, durationMs: Date.now() - started };
            if (timedOut) {
                reject(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-005', `${options.label} did not finish within ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(options.timeoutMs)}; it was stopped.`, {
                    fix: 'Make the command finish sooner or raise the timeout (input `timeout` or the environment\'s `timeout`).',
                }));
            }
            else
                resolve(result);
        });
    });
}
function killGroup(pid, signal) {
    if (!pid)
        return false;
    try {
        process.kill(-pid, signal);
        return true;
    }
    catch {
        try {
            process.kill(pid, signal);
            return true;
        }
        catch {
            return false;
        }
    }
}
function processAlive(pid) {
    if (!pid)
        return false;
    try {
        process.kill(pid, 0);
    }
    catch (e) {
        return e.code === 'EPERM';
    }
    // A zombie (exited, not yet reaped by whoever adopted it) still answers kill(0); it is not alive.
    const stat = (0,_proc_js__WEBPACK_IMPORTED_MODULE_2__/* .procStat */ .jW)(pid);
    return stat ? stat.state !== 'Z' : true;
}
/** The start time of a live process, from /proc (undefined where /proc cannot tell). */
function processStart(pid) {
    return pid ? (0,_proc_js__WEBPACK_IMPORTED_MODULE_2__/* .procStat */ .jW)(pid)?.start : undefined;
}
/** The recorded process still runs: alive, and not a later process that was given the same pid. */
function isRunning(ref) {
    if (!ref || !processAlive(ref.pid))
        return false;
    if (!ref.start)
        return true;
    const now = processStart(ref.pid);
    return now === undefined || now === ref.start;
}
/** The pid is now another process's: signalling it (or its group) would hit someone else. */
function reused(ref) {
    if (!ref.start || !processAlive(ref.pid))
        return false;
    const now = processStart(ref.pid);
    return now !== undefined && now !== ref.start;
}
/** Whether the recorded process group still runs (its leader may be gone while the app lives on). */
function recordedGroupAlive(ref) {
    return Boolean(ref) && !reused(ref) && groupAlive(ref.pid);
}
/** Signals a recorded process group, unless its pid now belongs to another process. */
function signalRecordedGroup(ref, signal) {
    if (!ref || reused(ref))
        return false;
    return killGroup(ref.pid, signal);
}
/**
 * Stops recorded process groups: SIGTERM to each, up to `graceMs` for all to end, then SIGKILL to any
 * left and a short wait for them to go.
 */
async function stopGroups(refs, graceMs) {
    for (const ref of refs)
        signalRecordedGroup(ref, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (refs.some(recordedGroupAlive) && Date.now() < deadline)
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(25);
    const left = refs.filter(recordedGroupAlive);
    for (const ref of left)
        signalRecordedGroup(ref, 'SIGKILL');
    for (let i = 0; i < 40 && left.some(recordedGroupAlive); i++)
        await (0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .yy)(25);
}
/**
 * Whether any process of a process group is still running (zombies do not count). A release is a group
 * (its shell and the app it starts), so stopping one waits for the whole group, not only its leader.
 */
function groupAlive(pgid) {
    if (!pgid)
        return false;
    try {
        process.kill(-pgid, 0);
    }
    catch (e) {
        return e.code === 'EPERM';
    }
    const pids = (0,_proc_js__WEBPACK_IMPORTED_MODULE_2__/* .procPids */ .bU)();
    // Without /proc, kill(0) answering is all there is to go on.
    if (!pids.length)
        return true;
    return pids.some((pid) => {
        const stat = (0,_proc_js__WEBPACK_IMPORTED_MODULE_2__/* .procStat */ .jW)(pid);
        return stat !== undefined && stat.pgid === pgid && stat.state !== 'Z';
    });
}
/** The last lines a program said (stderr, else stdout) on one line, for an error message. */
function outputTail(result, lines) {
    return (result.stderr.trim() || result.stdout.trim() || '(no output)').split('\n').slice(-lines).join(' | ');
}
/**
 * Runs a program with an argument array: no shell, so nothing in `args` is ever parsed as shell syntax.
 * The caller checks `code`; a start failure and the time limit are errors of their own.
 */
function runProgram(file, args, options) {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
        const out = [];
        const err = [];
        child.stdout.on('data', (c) => out.push(c));
        child.stderr.on('data', (c) => err.push(c));
        child.stdin.on('error', () => undefined);
        if (typeof options.input === 'object')
            options.input.pipe(child.stdin);
        else
            child.stdin.end(options.input ?? '');
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup(child.pid, 'SIGTERM');
            setTimeout(() => killGroup(child.pid, 'SIGKILL'), 2000).unref();
        }, Math.max(1, options.timeoutMs));
        child.on('error', (e) => {
            clearTimeout(timer);
            const missing = e.code === 'ENOENT';
            reject(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-004', `${options.label}: ${missing ? `${file} was not found` : `${file} could not start: ${e.message}`}.`, {
                fix: missing ? `Install ${file} on the runner (or put it on PATH) before this step.` : `Check that ${file} is executable.`,
            }));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (timedOut) {
                reject(new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-PROVIDER-005', `${options.label} did not finish within ${(0,_time_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(options.timeoutMs)}; it was stopped.`, {
                    fix: 'Raise the timeout (input `timeout` or the environment\'s `timeout`) or look at why the cluster is slow to answer.',
                }));
                return;
            }
            resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), durationMs: Date.now() - started });
        });
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

/***/ 5925:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ successorFileOf),
/* harmony export */   fN: () => (/* binding */ pidFileOf),
/* harmony export */   ir: () => (/* binding */ ADMIN_TOKEN_HEADER),
/* harmony export */   sh: () => (/* binding */ ROUTER_REVISION)
/* harmony export */ });
// What the local router and those who drive it share: its files beside the routes file, its code's
// revision and its admin API's header. Apart from server.ts, so the actions' start-up does not load the
// router's own code (server.ts is loaded only in the router process).
function pidFileOf(routesFile) {
    return routesFile.replace(/\.json$/, '.pid');
}
/** Where the action writes the command of the router that takes over (POST /handoff reads it there). */
function successorFileOf(routesFile) {
    return routesFile.replace(/\.json$/, '.next.json');
}
/**
 * What this router's code is: a running router of another revision is replaced by the next action that
 * drives it (its listening socket handed over, so no connection is refused). Raise it whenever the
 * router's behaviour or admin API changes.
 */
const ROUTER_REVISION = 4;
/** The header that carries the admin API's secret. */
const ADMIN_TOKEN_HEADER = 'x-glidepath-admin-token';


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
