export const id = 544;
export const ids = [544];
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

/***/ 6544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   previewHeaders: () => (/* binding */ previewHeaders)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _traffic_local_access_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(872);
/* harmony import */ var _config_load_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4364);
/* harmony import */ var _config_resolve_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1569);
/* harmony import */ var _files_paths_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5274);
/* harmony import */ var _state_store_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8529);







// smoke-test's reading of the environment for a private preview's token: loaded only when the workspace
// has a config (a run given its url and checks alone starts without the config's reader).
/**
 * The token header of a private preview (previews.private) the step's environment resolves to; undefined
 * otherwise. The target opened for the url or checks is used as it is; else the config is read for this.
 */
function previewHeaders(runtime, settings, opened) {
    let environment;
    let dir;
    // The preview secret is Glidepath's (runtime.env): a preview's processes never get it.
    const env = runtime.env;
    if (opened) {
        environment = opened.environment;
        dir = opened.store.dir;
    }
    else {
        const workspace = runtime.context.workspace;
        if (!settings.configText && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(workspace, settings.config)))
            return undefined;
        try {
            const config = (0,_config_load_js__WEBPACK_IMPORTED_MODULE_3__/* .loadWorkspaceConfig */ ._u)(workspace, settings.config, settings.configText);
            const resolved = (0,_config_resolve_js__WEBPACK_IMPORTED_MODULE_4__/* .resolveEnvironment */ .g9)(config, runtime.context, settings.environment);
            if (resolved.kind !== 'resolved')
                return undefined;
            environment = resolved.environment;
            dir = new _state_store_js__WEBPACK_IMPORTED_MODULE_6__/* .StateStore */ .fy((0,_files_paths_js__WEBPACK_IMPORTED_MODULE_5__/* .stateDirOf */ .If)(workspace, environment.config, config.defaults), environment.name).dir;
        }
        catch {
            return undefined; // the checks were given in full; a config they do not need does not stop them
        }
    }
    if (!(0,_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_2__/* .isPrivatePreview */ .Qv)(environment.config))
        return undefined;
    const token = (0,_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_2__/* .previewToken */ .Go)(environment, env, dir);
    return token ? { [_traffic_local_access_js__WEBPACK_IMPORTED_MODULE_2__/* .ACCESS_HEADER */ .zd]: token } : undefined;
}


/***/ }),

/***/ 8529:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hn: () => (/* binding */ environmentSlug),
/* harmony export */   fy: () => (/* binding */ StateStore),
/* harmony export */   x5: () => (/* binding */ parseCarriedState)
/* harmony export */ });
/* unused harmony export carryState */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _files_json_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7273);





const MAX_RECORDS = 200;
/** Records kept in the `state` output that carries the state to a later job. */
const CARRIED_RECORDS = 20;
/** A directory name for an environment: readable, and unique even when the name has odd characters. */
function environmentSlug(name) {
    const slug = name.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '_').slice(0, 80);
    return slug === name ? slug : `${slug}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_2__.createHash)('sha256').update(name).digest('hex').slice(0, 8)}`;
}
class StateStore {
    environment;
    dir;
    file;
    constructor(stateDir, environment) {
        this.environment = environment;
        this.dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(stateDir, environmentSlug(environment));
        this.file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'state.json');
    }
    ensureDir() {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.dir, { recursive: true });
    }
    exists() {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(this.file);
    }
    /** Checked before every write: throws (GP-LOCK-003) once the run that opened this store no longer holds the lock. */
    fence;
    read() {
        const state = (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readJson */ .Vh)(this.file, { schema: 1, environment: this.environment, stable: null, canary: null, records: [] });
        const wrong = stateProblem(state);
        if (wrong) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-STATE-001', `State file ${this.file} is not an environment state: ${wrong}.`, { fix: _files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .REBUILD_FIX */ .IL });
        }
        const read = state;
        return { ...read, stable: read.stable ?? null, canary: read.canary ?? null };
    }
    write(state) {
        this.fence?.();
        this.ensureDir();
        (0,_files_json_file_js__WEBPACK_IMPORTED_MODULE_4__/* .writeJsonAtomic */ .ZJ)(this.file, { ...state, records: keptRecords(state.records, MAX_RECORDS) });
    }
    /** Inserts or replaces a record (by id) and applies the other changes in one atomic write. */
    saveRecord(record, change = {}) {
        const state = this.read();
        const records = state.records.filter((r) => r.id !== record.id);
        const index = state.records.findIndex((r) => r.id === record.id);
        if (index >= 0)
            records.splice(index, 0, record);
        else
            records.push(record);
        const next = { ...state, ...change, records };
        this.write(next);
        return next;
    }
    latest() {
        const { records } = this.read();
        return records[records.length - 1];
    }
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** What makes a parsed file not an environment state (its schema, checked field by field), or undefined. */
function stateProblem(value) {
    if (!isObject(value))
        return `it holds ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not an object`;
    if (value.schema !== 1)
        return `schema is ${JSON.stringify(value.schema) ?? 'missing'}, not 1`;
    if (typeof value.environment !== 'string')
        return 'environment is not a name';
    if (!Array.isArray(value.records))
        return `records is ${value.records === null ? 'null' : value.records === undefined ? 'missing' : 'not a list'}`;
    const bad = value.records.findIndex((r) => !isObject(r) || typeof r.id !== 'string' || typeof r.version !== 'string' || typeof r.status !== 'string');
    if (bad >= 0)
        return `records[${bad}] is not a deployment record (id, version, status)`;
    if (value.stable != null && !(isObject(value.stable) && typeof value.stable.version === 'string' && typeof value.stable.recordId === 'string'))
        return 'stable is neither null nor { version, recordId }';
    if (value.canary != null && !(isObject(value.canary) && typeof value.canary.version === 'string' && typeof value.canary.recordId === 'string' && typeof value.canary.weight === 'number' && typeof value.canary.step === 'number')) {
        return 'canary is neither null nor { version, recordId, weight, step }';
    }
    for (const key of ['standby', 'pending', 'hold']) {
        if (value[key] !== undefined && value[key] !== null && !isObject(value[key]))
            return `${key} is not an object`;
    }
    if (isObject(value.standby) && typeof value.standby.version !== 'string')
        return 'standby has no version';
    if (isObject(value.pending) && (typeof value.pending.op !== 'string' || typeof value.pending.version !== 'string'))
        return 'pending is not an operation (op, version)';
    return undefined;
}
/** Records whose steps keep their interval-by-interval series (the charts of recent reports); older ones drop them. */
const CHARTED_RECORDS = 10;
/** The newest `max` records; those past the newest CHARTED_RECORDS without their steps' interval series. */
function keptRecords(records, max) {
    const kept = records.slice(-max);
    const from = kept.length - CHARTED_RECORDS;
    return kept.map((r, i) => (i >= from || !r.steps?.some((s) => s.intervals) ? r : { ...r, steps: r.steps.map(({ intervals: _i, units: _u, ...s }) => s) }));
}
/** The state as one line of JSON for the `state` output: what a later job (another runner) needs. */
function carryState(state) {
    return JSON.stringify({ ...state, records: keptRecords(state.records, CARRIED_RECORDS) });
}
/** The `state` input (another job's `state` output), checked before anything relies on it. */
function parseCarriedState(raw, environment) {
    let state;
    try {
        state = JSON.parse(raw);
    }
    catch (e) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `Input state is not JSON: ${e.message}.`, { fix: 'Pass the state output of an earlier deploy, canary-step or rollback step unchanged (e.g. state: ${{ needs.deploy.outputs.state }}).' });
    }
    const wrong = stateProblem(state);
    if (wrong) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `Input state is not a Glidepath environment state: ${wrong}.`, { fix: 'Pass the state output of an earlier deploy, canary-step or rollback step unchanged.' });
    }
    if (state.environment !== environment) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-INPUT-001', `Input state is ${state.environment}'s, not ${environment}'s.`, { fix: 'Pass the state output of a step that acted on the same environment.' });
    }
    return state;
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


/***/ })

};
