export const id = 78;
export const ids = [78];
export const modules = {

/***/ 5078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runAgent: () => (/* binding */ runAgent)
/* harmony export */ });
/* unused harmony export perform */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(481);
/* harmony import */ var node_readline__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_readline__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _runtime_self_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1243);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7364);
/* harmony import */ var _runtime_runtime_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(5917);
/* harmony import */ var _process_proc_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8418);
/* harmony import */ var _local_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5030);
/* harmony import */ var _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2941);
/* harmony import */ var _traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(3706);
/* harmony import */ var _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6648);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3899);












async function readStdin() {
    const chunks = [];
    for await (const c of process.stdin)
        chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
}
const write = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const say = (line) => write(line);
const failure = (e) => {
    const err = (0,_errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .toGlidepathError */ .cL)(e);
    return { error: { code: err.code, message: err.message, fix: err.fix } };
};
/**
 * Does one operation on this host for the runner; resolves once its answer is written. It goes with its
 * connection: a runner killed (or cut off) mid-operation leaves the host as a killed run leaves this
 * machine, for the next run's recovery, never an operation still changing things behind the next run.
 */
async function runAgent() {
    // The session's sshd process: gone (or its pid another's) once the connection is.
    const session = (0,_process_proc_js__WEBPACK_IMPORTED_MODULE_5__/* .ancestorNamed */ .Hv)('sshd');
    if (session)
        setInterval(() => { if ((0,_process_proc_js__WEBPACK_IMPORTED_MODULE_5__/* .procStat */ .jW)(session.pid)?.start !== session.start)
            process.exit(1); }, 200).unref();
    process.stdout.on('error', () => process.exit(1));
    if (process.env[_runtime_self_js__WEBPACK_IMPORTED_MODULE_2__/* .AGENT_ENV */ .wU] === 'serve')
        return serve();
    try {
        const request = JSON.parse(await readStdin());
        say({ result: (await perform(request, say)) ?? null });
    }
    catch (e) {
        say(failure(e));
        process.exitCode = 1;
    }
}
/**
 * Serves the run's requests (`{"id":N,"request":{...}}`, a line each) until the runner ends the channel,
 * each as it comes (a counter read beside a long deploy): every line out carries its request's id, the
 * last `done`. What is in flight when the channel ends is finished (the runner asked for it), as a
 * one-operation agent would; a connection lost ends this process (the watcher above).
 */
async function serve() {
    const inflight = new Set();
    for await (const text of (0,node_readline__WEBPACK_IMPORTED_MODULE_1__.createInterface)({ input: process.stdin, crlfDelay: Infinity })) {
        if (!text.trim())
            continue;
        let message;
        try {
            message = JSON.parse(text);
        }
        catch {
            continue;
        }
        const tagged = (line) => write({ ...line, id: message.id });
        const done = perform(message.request, tagged).then((result) => write({ result: result ?? null, id: message.id, done: true }), (e) => write({ ...failure(e), id: message.id, done: true }));
        inflight.add(done);
        void done.finally(() => inflight.delete(done));
    }
    await Promise.all(inflight);
}
/** The router's operations alone: the environment's Glidepath router on this host. */
async function routerOperation(request, say) {
    const router = new _traffic_local_client_js__WEBPACK_IMPORTED_MODULE_7__/* .LocalRouterClient */ .O((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.dir), request.router?.port ?? _traffic_local_routes_js__WEBPACK_IMPORTED_MODULE_10__/* .DEFAULT_ROUTER_PORT */ .C, undefined, (0,_traffic_cohorts_js__WEBPACK_IMPORTED_MODULE_8__/* .cohortsOf */ .gb)(request.environment.config.canary));
    const [a, b] = request.args;
    switch (request.op) {
        case 'router-apply':
            // One call per route change: the router is started (or upgraded) first when it needs to be.
            await router.ensureRunning((m) => say({ info: m }));
            return router.apply(a);
        case 'router-drain': return router.drain(a, b);
        case 'router-stop':
            await router.stop();
            (0,node_fs__WEBPACK_IMPORTED_MODULE_3__.rmSync)(router.routesFile, { force: true });
            return null;
        case 'router-stats': return router.stats(a);
        default: return (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_9__/* .freePort */ .o)();
    }
}
async function perform(request, say) {
    if (request.op.startsWith('router-') || request.op === 'free-port')
        return routerOperation(request, say);
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.dir);
    const cfg = request.environment.config;
    // Here the provider runs on its own machine: no ssh section, and the app is what the runner uploaded.
    const environment = { ...request.environment, config: { ...cfg, ssh: undefined, local: { ...cfg.local, app: '.' } } };
    const upload = request.upload ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(request.upload) : dir;
    const provider = new _local_js__WEBPACK_IMPORTED_MODULE_6__.LocalProvider({
        environment,
        store: { dir },
        workspace: upload,
        // Only what is under it is left out of a release's copy: nothing of the upload is.
        stateDir: (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, 'releases'),
        event: request.event,
        env: (0,_runtime_runtime_js__WEBPACK_IMPORTED_MODULE_11__/* .childEnv */ .gf)(process.env),
        log: { info: (m) => say({ info: m }), warning: (m) => say({ warning: m }) },
    });
    const [a, b, c] = request.args;
    try {
        switch (request.op) {
            case 'deploy': return await provider.deploy(a);
            case 'set-weight': return await provider.setCanaryWeight(a, b);
            case 'promote': return await provider.promote(a, b, c);
            case 'abort': return await provider.abort(a, b);
            case 'rollback':
                // A release the host no longer keeps arrives with the request (the runner's copy of that version).
                if (request.upload)
                    provider.keep(a);
                return await provider.rollback(a, b, c);
            case 'prune': return await provider.prune(a);
            case 'teardown': return await provider.teardown(request.environment.timeoutMs);
            case 'observe': return await provider.observe();
            case 'heal': return await provider.heal(a, b);
            default: throw new Error(`unknown agent operation ${String(request.op)}`);
        }
    }
    finally {
        if (request.upload)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_3__.rmSync)(upload, { recursive: true, force: true });
    }
}


/***/ })

};
