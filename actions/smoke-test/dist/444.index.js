export const id = 444;
export const ids = [444];
export const modules = {

/***/ 6444:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRouterProcess: () => (/* binding */ runRouterProcess)
});

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./shared/traffic/local/upstream.ts

/** One keep-alive connection, with the requests it carries (in flight and queued). */
class Connection extends undici.Client {
    requests = 0;
}
class Upstream {
    url;
    options;
    /** Requests in flight (or queued) to this release. */
    inflight = 0;
    idle = [];
    live = new Set();
    closing = false;
    constructor(url, options) {
        this.url = url;
        this.options = options;
    }
    /**
     * A connection for one request: the most recently idle one, a new one, or (all `max` busy) the queue of
     * the least loaded. Give it back with release() when the request has ended.
     */
    acquire() {
        const connection = this.take();
        connection.requests++;
        this.inflight++;
        return connection;
    }
    /** Gives a connection back when its request has ended (answered, failed or aborted). */
    release(client) {
        const connection = client;
        connection.requests--;
        this.inflight--;
        if (connection.requests > 0)
            return;
        if (connection.closed || connection.destroyed)
            this.live.delete(connection);
        else if (this.closing)
            void this.drop(connection);
        else
            this.idle.push(connection);
    }
    /** Closes every connection once its requests have ended; no new ones are opened. */
    async close() {
        this.closing = true;
        this.idle.length = 0;
        await Promise.all([...this.live].filter((c) => c.requests === 0).map((c) => this.drop(c)));
    }
    take() {
        for (let connection = this.idle.pop(); connection; connection = this.idle.pop()) {
            if (!connection.closed && !connection.destroyed)
                return connection;
            this.live.delete(connection);
        }
        if (this.live.size >= this.options.max) {
            let least;
            for (const c of this.live)
                if (!c.closed && !c.destroyed && (!least || c.requests < least.requests))
                    least = c;
            if (least)
                return least;
        }
        const { keepAliveTimeoutMs, timeoutMs } = this.options;
        const connection = new Connection(this.url, { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, pipelining: 1 });
        this.live.add(connection);
        return connection;
    }
    async drop(connection) {
        this.live.delete(connection);
        await connection.close().catch(() => undefined);
    }
}
/**
 * The router's upstreams, one per release address: made on first use, closed once the release is no longer
 * routed and its last request has been answered.
 */
class UpstreamPool {
    options;
    upstreams = new Map();
    constructor(options) {
        this.options = options;
    }
    /** The upstream of a release address (made on first use). */
    of(url) {
        let upstream = this.upstreams.get(url);
        if (!upstream) {
            upstream = new Upstream(url, this.options);
            this.upstreams.set(url, upstream);
        }
        return upstream;
    }
    /** Requests in flight per release address (GET /inflight, a drain's wait). */
    inflight() {
        return Object.fromEntries([...this.upstreams].map(([url, upstream]) => [url, upstream.inflight]));
    }
    /** Closes the connections of every address not in `routed` that has nothing in flight. */
    closeUnrouted(routed) {
        for (const [url, upstream] of this.upstreams) {
            if (routed.has(url) || upstream.inflight > 0)
                continue;
            this.upstreams.delete(url);
            void upstream.close();
        }
    }
    /** Closes every connection (the router stops). */
    closeAll() {
        for (const upstream of this.upstreams.values())
            void upstream.close();
    }
}

// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var cohorts = __webpack_require__(3706);
;// CONCATENATED MODULE: ./shared/traffic/local/routing.ts


/** Reads one request header from a raw head (joined as Node would: cookies with '; ', others with ', '). */
const headerReader = (raw) => (name) => {
    let value;
    for (let i = 0; i < raw.length; i += 2) {
        if (raw[i].length !== name.length || raw[i].toLowerCase() !== name)
            continue;
        value = value === undefined ? raw[i + 1] : `${value}${name === 'cookie' ? '; ' : ', '}${raw[i + 1]}`;
    }
    return value;
};
const noHeaders = () => undefined;
class RouteState {
    routesFile;
    table;
    /** The request headers cohort rules read (Cookie, match headers), looked up in the raw head only then. */
    cohortNames;
    constructor(routesFile) {
        this.routesFile = routesFile;
        this.table = this.read();
        this.cohortNames = this.table.cohorts ? (0,cohorts/* cohortHeaders */.OX)(this.table.cohorts) : undefined;
    }
    read() {
        return JSON.parse((0,external_node_fs_.readFileSync)(this.routesFile, 'utf8'));
    }
    /** Reads the routes file again; throws (keeping the routes in force) when it cannot be read. */
    reload() {
        const table = this.read();
        this.table = table;
        this.cohortNames = table.cohorts ? (0,cohorts/* cohortHeaders */.OX)(table.cohorts) : undefined;
        return table;
    }
    /** The release a request goes to (a pinned role, the cohort rules, else the weight); undefined when none serves. */
    pick(forced, raw, method = 'GET', hasBody = false) {
        const table = this.table;
        if (!table.stable && !table.canary)
            return undefined;
        const choice = (0,cohorts/* chooseRole */.uc)(table, { route: forced, header: this.cohortNames?.size ? headerReader(raw) : noHeaders }, Math.random, method, hasBody);
        const backend = choice.role === 'canary' ? table.canary : table.stable;
        return backend ? { ...choice, backend } : undefined;
    }
    /** The other release, for a request that never reached the one it was sent to. */
    other(role) {
        const table = this.table;
        return role === 'canary' ? (table.stable ? { backend: table.stable, role: 'stable' } : undefined) : table.canary ? { backend: table.canary, role: 'canary' } : undefined;
    }
    /** Every address the routes send traffic to (a front's previews included). */
    routed() {
        const table = this.table;
        return new Set([table.stable?.url, table.canary?.url, ...(table.sites ?? []).map((x) => x.url)]);
    }
}

;// CONCATENATED MODULE: ./shared/traffic/local/mirror.ts
/** Mirrored requests in flight at most; more are dropped (a slow canary must not pile them up). */
const MIRROR_MAX = 64;
/**
 * Mirrored copies to the canary (canary.mirror): fire and forget, at most MIRROR_MAX at once (beyond,
 * dropped and counted), never holding up or failing the client's own request. The canary's answers are
 * counted for its judgement and discarded.
 */
class Mirror {
    pool;
    stats;
    canary;
    inflight = 0;
    dropped = 0;
    constructor(pool, stats, canary) {
        this.pool = pool;
        this.stats = stats;
        this.canary = canary;
    }
    send(path, method, headers) {
        const canary = this.canary();
        if (!canary)
            return;
        if (this.inflight >= MIRROR_MAX) {
            this.dropped++;
            return;
        }
        this.inflight++;
        const upstream = this.pool.of(canary.url);
        const connection = upstream.acquire();
        const started = performance.now();
        let status = 0;
        let done = false;
        const end = (error) => {
            if (done)
                return;
            done = true;
            this.inflight--;
            upstream.release(connection);
            this.stats.record(canary.version, 'canary', status || 502, performance.now() - started, error);
        };
        try {
            connection.dispatch({ path, method: method, headers: [...headers, 'x-glidepath-mirror', '1'], body: null }, {
                onConnect: () => undefined,
                onHeaders: (statusCode) => {
                    if (statusCode >= 200)
                        status = statusCode;
                    return true;
                },
                onData: () => true,
                onComplete: () => end(status >= 500),
                onError: () => end(true),
            });
        }
        catch {
            end(true);
        }
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./shared/traffic/local/router-files.ts
var router_files = __webpack_require__(5925);
;// CONCATENATED MODULE: ./shared/traffic/local/admin.ts


const json = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
};
/** The admin API's request handler and the secret it asks for (written to the 0600 pid file). */
function adminApi(x) {
    const token = (0,external_node_crypto_.randomBytes)(32).toString('hex');
    const authorised = (req) => {
        const given = Buffer.from(String(req.headers[router_files/* ADMIN_TOKEN_HEADER */.ir] ?? ''));
        const wanted = Buffer.from(token);
        return given.length === wanted.length && (0,external_node_crypto_.timingSafeEqual)(given, wanted);
    };
    const handle = (req, res) => {
        const url = new URL(req.url ?? '/', 'http://router');
        const route = `${req.method} ${url.pathname}`;
        if (route !== 'GET /health' && route !== 'GET /metrics' && !authorised(req)) {
            return json(res, 401, { error: `the admin API needs the ${router_files/* ADMIN_TOKEN_HEADER */.ir} header from the router's pid file` });
        }
        const table = x.routes.table;
        switch (route) {
            case 'GET /health':
                return json(res, 200, { ok: true, pid: process.pid, generation: table.generation, revision: x.revision });
            case 'GET /routes':
                return json(res, 200, { ...table, inflight: x.pool.inflight() });
            case 'GET /metrics':
                res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
                return res.end(x.stats.prometheus());
            case 'GET /stats': {
                const window = Math.max(0.25, Number(url.searchParams.get('window') ?? '60')) * 1000;
                return json(res, 200, { window: window / 1000, versions: x.stats.window(window) });
            }
            case 'GET /mirror':
                return json(res, 200, { inflight: x.mirror.inflight, dropped: x.mirror.dropped });
            case 'GET /inflight':
                return json(res, 200, x.pool.inflight());
            case 'GET /activity': {
                const last = x.lastRequestAt();
                return json(res, 200, { lastRequestAt: last ? new Date(last).toISOString() : null, asleep: Boolean(table.asleep) });
            }
            case 'POST /reload':
                try {
                    const next = x.routes.reload();
                    x.pool.closeUnrouted(x.routes.routed());
                    return json(res, 200, { generation: next.generation, weight: next.weight });
                }
                catch (e) {
                    return json(res, 500, { error: `route table unreadable: ${e.message}; previous routes kept` });
                }
            case 'POST /handoff':
                x.handOff().then((pid) => json(res, 200, { pid }), (e) => json(res, 500, { error: e.message }));
                return;
            case 'POST /stop':
                json(res, 200, { stopping: true });
                setTimeout(() => x.stop(), 20);
                return;
            default:
                return json(res, 404, { error: 'unknown admin endpoint' });
        }
    };
    return { token, handle };
}

// EXTERNAL MODULE: ./shared/traffic/local/access.ts
var access = __webpack_require__(872);
;// CONCATENATED MODULE: ./shared/traffic/local/sites.ts
// One Glidepath router in front of many previews (previews.host): a request goes to the preview whose
// host name it asks for (the Host header, port aside), or whose name it gives in the
// x-glidepath-preview-name header (tests and scripts without DNS), or under whose /<name>/ path it
// comes (the prefix is taken off on the way). Pure: the router asks with the request's parts.
const SITE_HEADER = 'x-glidepath-preview-name';
function siteFor(sites, host, named, path) {
    if (named) {
        const site = sites.find((s) => s.name === named.trim());
        if (site)
            return { site, path };
    }
    const bare = host?.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
    const byHost = bare ? sites.find((s) => s.host === bare) : undefined;
    if (byHost)
        return { site: byHost, path };
    const first = /^\/([^/?#]+)(\/[^]*|\?[^]*)?$/.exec(path);
    const byPath = first ? sites.find((s) => s.name === decodeURIComponent(first[1])) : undefined;
    if (byPath && first)
        return { site: byPath, path: first[2]?.startsWith('/') ? first[2] : `/${first[2] ?? ''}` };
    return undefined;
}

// EXTERNAL MODULE: ./shared/traffic/local/wake.ts
var wake = __webpack_require__(9922);
;// CONCATENATED MODULE: ./shared/traffic/local/proxy.ts







// The router's public side: each request goes to the release its routes pick (traffic/local/routing.ts)
// over a kept-alive upstream connection (upstream.ts), its bytes straight to the client with backpressure;
// a request that never reached a release is served by the other one, or again on a fresh connection; a
// sleeping preview is woken first; WebSocket upgrades pass through untouched.
// Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded; nor are those a Connection header names.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);
const RETRYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);
// Errors where the request never reached the release (nothing was sent or processed), so it can go to
// the other release, or again on a fresh connection.
const NOT_DELIVERED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EHOSTUNREACH']);
const STALE_SOCKET = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);
/** Names a Connection header lists (they are hop-by-hop too); undefined when it lists none. */
function connectionNames(connection) {
    if (!connection)
        return undefined;
    // Nearly every request says only keep-alive (or close): names already dropped as hop-by-hop.
    if (typeof connection === 'string' && connection.length <= 10 && HOP_BY_HOP.has(connection.toLowerCase()))
        return undefined;
    const names = new Set();
    for (const name of String(connection).split(','))
        names.add(name.trim().toLowerCase());
    return names;
}
/**
 * Request headers as the release receives them, in one pass over the raw head (Node never builds the
 * headers object): hop-by-hop ones dropped, those the Connection header names too, X-Forwarded-* set.
 */
function forwardHeaders(raw, remote, encrypted) {
    const out = [];
    let xff;
    let proto;
    let forwardedHost;
    let host;
    let route;
    let connection;
    let hasBody = false;
    for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i].toLowerCase();
        const value = raw[i + 1];
        switch (name) {
            case 'x-forwarded-for':
                xff = xff === undefined ? value : `${xff}, ${value}`;
                continue;
            case 'x-forwarded-proto':
                proto ??= value;
                continue;
            case 'x-forwarded-host':
                forwardedHost ??= value;
                continue;
            case 'host':
                host ??= value;
                continue;
            case 'connection':
                connection = connection === undefined ? value : `${connection}, ${value}`;
                continue;
            case 'content-length':
            case 'transfer-encoding':
                hasBody = true;
                break;
            case cohorts/* ROUTE_HEADER */.K7:
                route ??= value;
                break;
        }
        if (!HOP_BY_HOP.has(name))
            out.push(name, value);
    }
    const extra = connectionNames(connection);
    const headers = extra ? out.filter((_, i) => !extra.has(out[i - (i % 2)])) : out;
    headers.push('x-forwarded-for', xff ? `${xff}, ${remote ?? ''}` : remote ?? '', 'x-forwarded-proto', proto ?? (encrypted ? 'https' : 'http'), 'x-forwarded-host', forwardedHost ?? host ?? '');
    if (host !== undefined)
        headers.push('host', host);
    return { headers, route, hasBody };
}
/**
 * The release's response headers (raw name/value pairs) as the client gets them, in one pass:
 * hop-by-hop ones dropped, and those the Connection header names.
 */
function responseHeaders(raw) {
    const out = [];
    let connection;
    let length = -1;
    for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i].toString('latin1');
        const lower = name.toLowerCase();
        if (lower === 'connection') {
            const value = raw[i + 1].toString('latin1');
            connection = connection === undefined ? value : `${connection}, ${value}`;
            continue;
        }
        if (lower !== 'host' && HOP_BY_HOP.has(lower))
            continue;
        const value = raw[i + 1].toString('latin1');
        if (lower === 'content-length')
            length = /^\d+$/.test(value) ? Number(value) : -1;
        out.push(name, value);
    }
    const extra = connectionNames(connection);
    return { headers: extra ? out.filter((_, i) => !extra.has(out[i - (i % 2)].toLowerCase())) : out, length };
}
/** The router's request and upgrade handlers. */
function createProxy(x) {
    const { routes, stats, pool, mirror } = x;
    // A sleeping preview (previews.idle) is woken by the request, which then goes on (traffic/local/wake.ts).
    const waker = new wake/* Waker */.b();
    const wakeThen = (asleep, req, res) => {
        void waker.wake(asleep).then((awake) => {
            if (res.writableEnded || res.destroyed)
                return;
            if (awake)
                return proxy(req, res, true);
            res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' });
            res.end(`This preview is asleep and could not be woken (see ${asleep.dir}/wake.log).\n`);
        });
    };
    const proxy = (req, res, woken = false) => {
        // Handed over: this answer ends its connection, and the client's next one reaches the successor.
        if (x.handingOff())
            res.shouldKeepAlive = false;
        if (!woken)
            x.activity.lastRequestAt = Date.now();
        const table = routes.table;
        if (table.access) {
            // A private preview: only its token passes (a cookie from the comment's link, basic auth, the header).
            const verdict = (0,access/* checkAccess */.x8)(table.access, headerReader(req.rawHeaders), req.url ?? '/', false);
            if (verdict.kind === 'login') {
                res.writeHead(303, { location: verdict.location, 'set-cookie': verdict.cookie, 'cache-control': 'no-store' });
                return res.end();
            }
            if (verdict.kind === 'denied') {
                res.writeHead(401, verdict.headers);
                return res.end(verdict.body);
            }
        }
        if (table.asleep && !woken)
            return wakeThen(table.asleep, req, res);
        const { headers, route, hasBody } = forwardHeaders(req.rawHeaders, req.socket.remoteAddress, false);
        const method = req.method ?? 'GET';
        let path = req.url ?? '/';
        let first;
        if (table.sites) {
            // A front for many previews: the request's host name (or name) picks the preview's own router.
            const read = headerReader(req.rawHeaders);
            const found = siteFor(table.sites, read('host'), read(SITE_HEADER), path);
            if (!found) {
                res.writeHead(404, { 'content-type': 'text/plain' });
                res.end('No preview answers at this address (Glidepath preview front).\n');
                return;
            }
            const asleep = found.site.asleep;
            if (asleep && !woken) {
                // A stranger's request to a private preview is refused here, without waking it.
                const verdict = asleep.access ? (0,access/* checkAccess */.x8)(asleep.access, read, req.url ?? '/', false) : undefined;
                if (verdict?.kind === 'denied') {
                    res.writeHead(401, verdict.headers);
                    return res.end(verdict.body);
                }
                return wakeThen(asleep, req, res);
            }
            path = found.path;
            first = { role: 'stable', backend: { version: found.site.name, url: found.site.url } };
        }
        else
            first = routes.pick(route, req.rawHeaders, method, hasBody);
        if (!first) {
            res.writeHead(503, { 'content-type': 'text/plain' });
            res.end('No release is serving yet (Glidepath local router).\n');
            return;
        }
        if (first.mirror)
            mirror.send(req.url ?? '/', method, headers);
        const setCookie = first.setCookie;
        const started = performance.now();
        const noBody = RETRYABLE.has(method) && !hasBody;
        let aborted = false;
        // One listener for the client going away, whichever attempt is running: before the response head it
        // only marks the request aborted (the attempt then drops the answer); after it, the upstream request
        // is cut too and counted with the status it had.
        let onClientClose;
        res.once('close', () => {
            if (res.writableFinished)
                return;
            aborted = true;
            onClientClose?.();
        });
        const attempt = (target, tries) => {
            const { backend, role } = target;
            const upstream = pool.of(backend.url);
            const connection = upstream.acquire();
            let settled = false;
            let status = 0;
            let abortUpstream;
            let length = -1;
            let received = 0;
            const settle = (code, error) => {
                if (settled)
                    return;
                settled = true;
                upstream.release(connection);
                stats.record(backend.version, role, code, performance.now() - started, error);
                // A release taken out of the routes gives its connections up with its last request.
                const now = routes.table;
                if (backend.url !== now.stable?.url && backend.url !== now.canary?.url && !now.sites)
                    pool.closeUnrouted(routes.routed());
            };
            onClientClose = undefined;
            let resume;
            // undici's dispatch handler: no promise, no body stream object per request; the release's bytes go
            // straight to the client, with backpressure (a slow client pauses this upstream only).
            connection.dispatch({ path, method: method, headers, body: noBody ? null : req }, {
                onConnect: (abort) => {
                    abortUpstream = abort;
                    if (aborted)
                        abort();
                },
                onHeaders: (statusCode, rawHeaders, resumeUpstream) => {
                    if (statusCode < 200)
                        return true; // 1xx: wait for the final response
                    status = statusCode;
                    if (aborted) {
                        abortUpstream?.();
                        settle(statusCode, false);
                        return false;
                    }
                    const response = responseHeaders(rawHeaders);
                    length = method === 'HEAD' || statusCode === 204 || statusCode === 304 ? -1 : response.length;
                    response.headers.push('x-glidepath-version', backend.version, 'x-glidepath-role', role);
                    // The client's version as assigned; a retry on the other release (the first never got the
                    // request) assigns the one that answered.
                    const affinity = routes.table.cohorts?.affinity;
                    if (setCookie && affinity)
                        response.headers.push('set-cookie', backend === first.backend ? setCookie : (0,cohorts/* affinityCookie */.FJ)(affinity, backend.version));
                    res.writeHead(statusCode, response.headers);
                    resume = resumeUpstream;
                    onClientClose = () => {
                        abortUpstream?.();
                        settle(status, false);
                    };
                    return true;
                },
                // The chunk that completes a body of known length goes out with end(): a small response leaves
                // in one write. Anything else (a stream, server-sent events) is written as it arrives; a client
                // that cannot take it pauses this upstream until it drains.
                onData: (chunk) => {
                    received += chunk.length;
                    if (length >= 0 && received >= length) {
                        res.end(chunk);
                        return true;
                    }
                    if (res.write(chunk))
                        return true;
                    if (resume)
                        res.once('drain', resume);
                    return false;
                },
                onComplete: () => {
                    if (!res.writableEnded)
                        res.end();
                    settle(status, status >= 500);
                },
                onError: (e) => {
                    const code = e.code ?? '';
                    if (status) {
                        // The response had started: the client gets a cut-off response, never a second one.
                        settle(status, !aborted);
                        if (!res.destroyed)
                            res.destroy();
                        return;
                    }
                    // The request never reached this release: count the failure against it, then serve it from the
                    // other release (a crashed canary must not fail users) or again on a fresh connection.
                    if (noBody && tries < 2 && !aborted && (NOT_DELIVERED.has(code) || STALE_SOCKET.has(code))) {
                        settle(502, true);
                        const next = NOT_DELIVERED.has(code) ? routes.other(role) ?? target : target;
                        // Not from inside undici's error callback: it is still failing this connection's queue, and a
                        // request dispatched onto the same connection now trips its assertion and kills the router
                        // (found by the model's fault of a killed stable release). Next turn, the connection is clean.
                        setImmediate(() => {
                            if (aborted)
                                return settle(502, false);
                            attempt(next, tries + 1);
                        });
                        return;
                    }
                    settle(502, !aborted);
                    if (aborted)
                        return;
                    if (!res.headersSent) {
                        res.writeHead(502, { 'content-type': 'text/plain', 'x-glidepath-version': backend.version, 'x-glidepath-role': role });
                        res.end(`Upstream ${role} ${backend.version} failed: ${e.message}\n`);
                    }
                    else
                        res.destroy();
                },
            });
        };
        attempt(first, 0);
    };
    // WebSocket (and any other) upgrades: the request head goes to the chosen release as is, then bytes
    // flow both ways untouched.
    const upgrade = (req, client, head) => {
        const { headers, route } = forwardHeaders(req.rawHeaders, req.socket.remoteAddress, false);
        const target = routes.pick(route, req.rawHeaders);
        if (!target)
            return client.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n\r\n');
        const url = new URL(target.backend.url);
        const upstream = (0,external_node_net_.connect)(Number(url.port), url.hostname, () => {
            headers.push('connection', 'Upgrade', 'upgrade', String(req.headers.upgrade ?? ''));
            const lines = [`${req.method} ${req.url} HTTP/1.1`];
            for (let i = 0; i < headers.length; i += 2)
                lines.push(`${headers[i]}: ${headers[i + 1]}`);
            upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
            if (head.length)
                upstream.write(head);
            upstream.pipe(client);
            client.pipe(upstream);
        });
        const close = () => { upstream.destroy(); client.destroy(); };
        upstream.on('error', () => {
            stats.record(target.backend.version, target.role, 502, 0, true);
            if (!client.destroyed)
                client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
        });
        client.on('error', close);
        upstream.on('close', () => client.destroy());
    };
    return { proxy, upgrade };
}

// EXTERNAL MODULE: ./shared/traffic/local/window.ts
var local_window = __webpack_require__(7994);
// EXTERNAL MODULE: ./shared/files/json-file.ts
var json_file = __webpack_require__(7273);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
;// CONCATENATED MODULE: ./shared/traffic/local/server.ts













// The local router process: a reverse proxy that splits traffic between the stable and the canary
// release by weight and counts requests, errors and latency per version. It runs detached from the
// action that started it and reads its route table from a file. This file starts it, stops it and hands
// its listening socket over; the parts are their own files: the public side (proxy.ts), what it routes
// by (routing.ts), the upstreams (upstream.ts: undici Clients, hottest first), mirrored copies
// (mirror.ts) and the admin API on a loopback port of its own, never the public one (admin.ts).
const UPSTREAM_TIMEOUT_MS = 30_000;
/** Tests start a router that says it is older (as one left by an earlier Glidepath would be). */
const REVISION_OVERRIDE = 'GLIDEPATH_INTERNAL_ROUTER_REVISION';
const HANDOFF_TIMEOUT_MS = 15_000;
async function runRouterProcess(routesFile) {
    const routes = new RouteState(routesFile);
    const stats = new local_window/* TrafficStats */.nF();
    const pool = new UpstreamPool({ max: 256, keepAliveTimeoutMs: 4_000, timeoutMs: UPSTREAM_TIMEOUT_MS });
    const mirror = new Mirror(pool, stats, () => routes.table.canary);
    // A number on the hot path; made a date only when asked (GET /activity).
    const activity = { lastRequestAt: 0 };
    const { proxy, upgrade } = createProxy({ routes, stats, pool, mirror, activity, handingOff: () => handingOff });
    const revision = Number(process.env[REVISION_OVERRIDE] ?? router_files/* ROUTER_REVISION */.sh);
    /** Set once another router took over the listening socket: answers close their connections. */
    let handingOff = false;
    const server = (0,external_node_http_.createServer)(proxy);
    server.on('upgrade', upgrade);
    server.keepAliveTimeout = 5000;
    const admin = adminApi({ routes, stats, pool, mirror, revision, lastRequestAt: () => activity.lastRequestAt, handOff: () => handOff(), stop: () => shutdown() });
    const adminServer = (0,external_node_http_.createServer)(admin.handle);
    const shutdown = () => {
        server.close();
        adminServer.close();
        server.closeIdleConnections();
        pool.closeAll();
        try {
            (0,external_node_fs_.unlinkSync)((0,router_files/* pidFileOf */.fN)(routesFile));
        }
        catch { /* already gone */ }
        // In-flight requests get a moment to finish; then the process goes.
        setTimeout(() => process.exit(0), 2000).unref();
        server.on('close', () => setTimeout(() => process.exit(0), 10));
    };
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    const listen = (srv, port, host) => new Promise((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => {
            const addr = srv.address();
            resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
    });
    /**
     * Hands this router's listening socket to a router of the action's build (the command in the
     * successor file), started as its child with an IPC channel: the successor accepts on the very same
     * socket, so no connection is ever refused. Then this one stops accepting, answers what its open
     * connections still send with `Connection: close` (their clients reconnect to the successor), and
     * exits once they are done. Resolves with the successor's pid once it is serving.
     */
    const handOff = async () => {
        if (handingOff)
            throw new Error('a handoff is already under way');
        const { command } = JSON.parse((0,external_node_fs_.readFileSync)((0,router_files/* successorFileOf */.CL)(routesFile), 'utf8'));
        const env = {};
        for (const [k, v] of Object.entries(process.env))
            if (v !== undefined && k !== REVISION_OVERRIDE)
                env[k] = v;
        const child = (0,external_node_child_process_.spawn)(command[0], command.slice(1), { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env, cwd: process.cwd() });
        const ready = await new Promise((done) => {
            const timer = setTimeout(() => done(false), HANDOFF_TIMEOUT_MS);
            child.once('message', (m) => { clearTimeout(timer); done(m?.type === 'glidepath-ready'); });
            child.once('exit', () => { clearTimeout(timer); done(false); });
            child.once('error', () => { clearTimeout(timer); done(false); });
            child.send({ type: 'glidepath-listen' }, server);
        });
        if (!ready) {
            try {
                process.kill(-child.pid, 'SIGKILL');
            }
            catch { /* gone */ }
            throw new Error('the successor router did not take over; this one keeps serving');
        }
        handingOff = true;
        child.disconnect();
        child.unref();
        // Stop accepting without closing idle keep-alive connections at once (http.Server#close would, and a
        // request sent on one at that moment would fail): each ends after its next answer, or idles out.
        external_node_net_.Server.prototype.close.call(server, () => process.exit(0));
        adminServer.close();
        setTimeout(() => process.exit(0), UPSTREAM_TIMEOUT_MS + 5_000).unref();
        return child.pid;
    };
    // Started by a router handing over: its listening socket arrives over IPC instead of being bound.
    const inherited = process.send ? await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no listening socket arrived from the router handing over')), HANDOFF_TIMEOUT_MS);
        process.once('message', (m, handle) => {
            clearTimeout(timer);
            if (m?.type === 'glidepath-listen' && handle)
                resolve(handle);
            else
                reject(new Error('the router handing over sent no listening socket'));
        });
    }) : undefined;
    if (inherited)
        await new Promise((resolve, reject) => { server.once('error', reject); server.listen(inherited, resolve); });
    else
        await listen(server, routes.table.port, routes.table.host);
    const adminPort = await listen(adminServer, 0, '127.0.0.1');
    const pidFile = { pid: process.pid, start: (0,run/* processStart */.gy)(process.pid), port: routes.table.port, adminPort, startedAt: new Date().toISOString(), adminToken: admin.token };
    (0,json_file/* writeJsonAtomic */.ZJ)((0,router_files/* pidFileOf */.fN)(routesFile), pidFile, 0o600);
    if (inherited && process.send) {
        process.send({ type: 'glidepath-ready', pid: process.pid });
        process.disconnect();
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


/***/ }),

/***/ 7994:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nF: () => (/* binding */ TrafficStats)
/* harmony export */ });
/* unused harmony exports bucketOf, bucketUpperMs, quantile */
// Per-version request statistics of the local router, in fixed buckets (no object per request):
// cumulative counters for Prometheus, and a ring of 250 ms time slots, each with exact request and error
// counts and a log-spaced latency histogram, so analysis can ask "over the last interval" for any
// version (the canary and its baseline alike) and get exact counts and percentiles to within a bucket.
/** Prometheus histogram buckets (seconds) of glidepath_request_duration_seconds. */
const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SLOT_MS = 250;
const SLOTS = 2400; // ten minutes of history
const MAX_WINDOW_MS = SLOT_MS * (SLOTS - 1);
// Latency buckets: 0.1 ms * 2^(i/4), four per doubling (19% wide), up to about 60 s.
const HIST_MIN_MS = 0.1;
const PER_DOUBLING = 4;
const HIST = 80;
const CODES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none'];
function bucketOf(ms) {
    if (!(ms > HIST_MIN_MS))
        return 0;
    return Math.min(HIST - 1, Math.ceil(Math.log2(ms / HIST_MIN_MS) * PER_DOUBLING));
}
function bucketUpperMs(i) {
    return HIST_MIN_MS * 2 ** (i / PER_DOUBLING);
}
class Series {
    role;
    codes = new Float64Array(CODES.length);
    errorsTotal = 0;
    promBuckets = new Float64Array(LATENCY_BUCKETS_S.length);
    sum = 0;
    count = 0;
    lastSlot = 0;
    slotOf = new Float64Array(SLOTS).fill(-1);
    requests = new Uint32Array(SLOTS);
    errors = new Uint32Array(SLOTS);
    hist = new Uint32Array(SLOTS * HIST);
    constructor(role) {
        this.role = role;
    }
    record(slot, status, ms, error) {
        const i = slot % SLOTS;
        if (this.slotOf[i] !== slot) {
            this.slotOf[i] = slot;
            this.requests[i] = 0;
            this.errors[i] = 0;
            this.hist.fill(0, i * HIST, (i + 1) * HIST);
        }
        this.requests[i]++;
        if (error) {
            this.errors[i]++;
            this.errorsTotal++;
        }
        this.hist[i * HIST + bucketOf(ms)]++;
        this.lastSlot = slot;
        this.codes[status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : 5]++;
        const secs = ms / 1000;
        for (let b = 0; b < LATENCY_BUCKETS_S.length; b++)
            if (secs <= LATENCY_BUCKETS_S[b])
                this.promBuckets[b]++;
        this.sum += secs;
        this.count++;
    }
    window(fromSlot, toSlot) {
        const hist = new Float64Array(HIST);
        let requests = 0;
        let errors = 0;
        for (let slot = Math.max(fromSlot, toSlot - SLOTS + 1); slot <= toSlot; slot++) {
            const i = slot % SLOTS;
            if (this.slotOf[i] !== slot)
                continue;
            requests += this.requests[i];
            errors += this.errors[i];
            for (let b = 0; b < HIST; b++)
                hist[b] += this.hist[i * HIST + b];
        }
        return { requests, errors, hist };
    }
}
/** The q-quantile of a bucketed histogram, interpolated within its bucket (ms). */
function quantile(hist, total, q) {
    if (total <= 0)
        return null;
    const rank = q * total;
    let seen = 0;
    for (let b = 0; b < hist.length; b++) {
        const n = hist[b];
        if (n === 0)
            continue;
        if (seen + n >= rank) {
            const lo = b === 0 ? 0 : bucketUpperMs(b - 1);
            const hi = bucketUpperMs(b);
            return lo + (hi - lo) * Math.min(1, Math.max(0, (rank - seen) / n));
        }
        seen += n;
    }
    return bucketUpperMs(hist.length - 1);
}
class TrafficStats {
    clock;
    series = new Map();
    constructor(clock = Date.now) {
        this.clock = clock;
    }
    record(version, role, status, ms, error) {
        const slot = Math.floor(this.clock() / SLOT_MS);
        let s = this.series.get(version);
        if (!s) {
            this.evict(slot);
            s = new Series(role);
            this.series.set(version, s);
        }
        s.role = role;
        s.record(slot, status, ms, error);
    }
    /** Versions with no request for longer than the history are dropped (their memory with them). */
    evict(slot) {
        for (const [v, s] of this.series)
            if (slot - s.lastSlot > SLOTS)
                this.series.delete(v);
    }
    window(sinceMs, now = this.clock()) {
        const toSlot = Math.floor(now / SLOT_MS);
        const fromSlot = toSlot - Math.max(1, Math.round(Math.min(sinceMs, MAX_WINDOW_MS) / SLOT_MS)) + 1;
        const out = [];
        for (const [version, s] of this.series) {
            const w = s.window(fromSlot, toSlot);
            if (w.requests === 0)
                continue;
            const histogram = [];
            w.hist.forEach((n, b) => { if (n)
                histogram.push([Number(bucketUpperMs(b).toPrecision(4)), n]); });
            out.push({
                version, role: s.role, requests: w.requests, errors: w.errors, errorRate: w.errors / w.requests,
                p50: quantile(w.hist, w.requests, 0.5), p95: quantile(w.hist, w.requests, 0.95), p99: quantile(w.hist, w.requests, 0.99), histogram,
            });
        }
        return out;
    }
    prometheus() {
        const esc = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
        const out = [
            '# HELP glidepath_requests_total Requests through the Glidepath local router.',
            '# TYPE glidepath_requests_total counter',
        ];
        for (const [v, c] of this.series)
            c.codes.forEach((n, i) => { if (n)
                out.push(`glidepath_requests_total{version="${esc(v)}",role="${c.role}",code="${CODES[i]}"} ${n}`); });
        out.push('# HELP glidepath_request_errors_total Requests answered 5xx or not answered.', '# TYPE glidepath_request_errors_total counter');
        for (const [v, c] of this.series)
            out.push(`glidepath_request_errors_total{version="${esc(v)}",role="${c.role}"} ${c.errorsTotal}`);
        out.push('# HELP glidepath_request_duration_seconds Request latency through the router.', '# TYPE glidepath_request_duration_seconds histogram');
        for (const [v, c] of this.series) {
            const l = `version="${esc(v)}",role="${c.role}"`;
            LATENCY_BUCKETS_S.forEach((b, i) => out.push(`glidepath_request_duration_seconds_bucket{${l},le="${b}"} ${c.promBuckets[i]}`));
            out.push(`glidepath_request_duration_seconds_bucket{${l},le="+Inf"} ${c.count}`);
            out.push(`glidepath_request_duration_seconds_sum{${l}} ${c.sum}`);
            out.push(`glidepath_request_duration_seconds_count{${l}} ${c.count}`);
        }
        return `${out.join('\n')}\n`;
    }
}


/***/ })

};
