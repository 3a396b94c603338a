export const id = 724;
export const ids = [724];
export const modules = {

/***/ 7273:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IL: () => (/* binding */ REBUILD_FIX),
/* harmony export */   Vh: () => (/* binding */ readJson),
/* harmony export */   ZJ: () => (/* binding */ writeJsonAtomic)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7364);


// JSON files that Glidepath owns (the state, a provider's own record, the router's routes and pid file):
// written atomically (a temporary file renamed over the old one, so a reader or a killed run never sees
// half a file) and read with a coded error when unreadable. A leaf: node's fs and the error type only.
/** Written whole or not at all (a temporary file renamed over it); `mode` 0o600 for a file only its owner may read. */
function writeJsonAtomic(path, value, mode) {
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(tmp, `${JSON.stringify(value, null, 2)}\n`, mode === undefined ? undefined : { mode });
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(tmp, path);
}
/** What every error about a broken or missing record offers: the record rebuilt from the platform, never a fresh start. */
const REBUILD_FIX = 'Rebuild it from what the platform serves: `glidepath state rebuild --environment <name>` (it reads the router, the releases and the GitHub deployments; the old file is kept beside it as .broken), or restore it from a backup.';
function readJson(path, fallback) {
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path))
        return fallback;
    try {
        return JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'));
    }
    catch (e) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_1__/* .GlidepathError */ .HT('GP-STATE-001', `State file ${path} is unreadable: ${e.message}`, {
            fix: REBUILD_FIX,
        });
    }
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

/***/ 872:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Go: () => (/* binding */ previewToken),
/* harmony export */   Qv: () => (/* binding */ isPrivatePreview),
/* harmony export */   _g: () => (/* binding */ routeAccess),
/* harmony export */   f$: () => (/* binding */ previewAccess),
/* harmony export */   x8: () => (/* binding */ checkAccess),
/* harmony export */   zd: () => (/* binding */ ACCESS_HEADER)
/* harmony export */ });
/* unused harmony export previewLink */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _config_routers_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(671);




// Private previews at the local router (previews.private): a request passes with the preview's token
// in a cookie (set from the link in the pull request's comment), in basic auth (any user, the token as
// password) or in the x-glidepath-preview header (smoke-test, the judge's probes and automation send
// it); anything else gets 401. The token is an HMAC of the preview's name under the repository's secret
// (previews.secretEnv, default GLIDEPATH_PREVIEW_SECRET) or, without one, under a secret made for the
// preview and kept in its state directory. The router keeps only the token's SHA-256.
const ACCESS_HEADER = 'x-glidepath-preview';
const ACCESS_COOKIE = 'glidepath-preview';
const ACCESS_QUERY = 'glidepath-preview';
const DEFAULT_SECRET_ENV = 'GLIDEPATH_PREVIEW_SECRET';
const COOKIE_MAX_AGE = 30 * 86_400;
/** Whether the environment's previews answer only with their token: a previews block, not `private: false`, the router in front. */
function isPrivatePreview(config) {
    return Boolean(config.pullRequests && config.previews && config.previews.private !== false && (0,_config_routers_js__WEBPACK_IMPORTED_MODULE_3__/* .routerInFront */ .Kh)(config));
}
/** The preview's token, or undefined for an environment whose previews are public. */
function previewToken(environment, env, stateDir) {
    if (!isPrivatePreview(environment.config))
        return undefined;
    const secret = env[environment.config.previews?.secretEnv ?? DEFAULT_SECRET_ENV] || ownSecret(stateDir);
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', secret).update(`glidepath-preview:${environment.name}`).digest('base64url').slice(0, 32);
}
/** A secret made for this preview, kept beside its state (owner-only). */
function ownSecret(dir) {
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'preview-secret');
    if ((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(file))
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8').trim();
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.writeFileSync)(file, `${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    }
    catch (e) {
        if (e.code !== 'EEXIST')
            throw e;
    }
    // Another run may have made it first: the file is the secret.
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(file, 'utf8').trim();
}
function routeAccess(name, token) {
    return { realm: `Glidepath preview ${name}`, sha256: sha256(token).toString('hex') };
}
/** The link that logs a browser in: the preview's URL with the token, which the router swaps for a cookie. */
function previewLink(url, token) {
    const u = new URL(url);
    u.searchParams.set(ACCESS_QUERY, token);
    return u.toString();
}
const sha256 = (s) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(s).digest();
function matches(access, presented) {
    if (!presented)
        return false;
    const want = Buffer.from(access.sha256, 'hex');
    const got = sha256(presented.trim());
    return got.length === want.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(got, want);
}
function cookieValue(cookies, name) {
    if (!cookies)
        return undefined;
    for (const part of cookies.split(';')) {
        const at = part.indexOf('=');
        if (at > 0 && part.slice(0, at).trim() === name)
            return part.slice(at + 1).trim();
    }
    return undefined;
}
/** The router's check, on the request's headers (read by name) and path. */
function checkAccess(access, header, path, secure) {
    if (matches(access, header(ACCESS_HEADER)) || matches(access, cookieValue(header('cookie'), ACCESS_COOKIE)))
        return { kind: 'pass' };
    const auth = header('authorization');
    if (auth && /^basic /i.test(auth)) {
        const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
        if (matches(access, decoded.slice(decoded.indexOf(':') + 1)))
            return { kind: 'pass' };
    }
    const q = path.indexOf('?');
    if (q >= 0) {
        const params = new URLSearchParams(path.slice(q + 1));
        const token = params.get(ACCESS_QUERY);
        if (token && matches(access, token)) {
            params.delete(ACCESS_QUERY);
            const rest = params.toString();
            return {
                kind: 'login',
                // Always a path on the preview itself: leading slashes or backslashes (//evil.example) would leave it.
                location: `/${path.slice(0, q).replace(/^[/\\]+/, '')}${rest ? `?${rest}` : ''}`,
                cookie: `${ACCESS_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${COOKIE_MAX_AGE}${secure ? '; Secure' : ''}`,
            };
        }
    }
    return {
        kind: 'denied',
        headers: { 'www-authenticate': `Basic realm="${access.realm.replace(/"/g, '')}", charset="UTF-8"`, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
        body: 'This preview is private. Open it with the link in the pull request\'s Glidepath comment, or sign in with its token.\n',
    };
}
/** What a provider with the local router gives its router client: the preview's name and token, when private. */
function previewAccess(deps) {
    const token = previewToken(deps.environment, deps.glidepathEnv ?? deps.env, deps.store.dir);
    return token ? { name: deps.environment.name, token } : undefined;
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


/***/ })

};
