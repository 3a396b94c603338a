export const id = 569;
export const ids = [569];
export const modules = {

/***/ 8844:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cg: () => (/* binding */ filterMatch),
/* harmony export */   ie: () => (/* binding */ DEFAULT_BRANCH_TABLE)
/* harmony export */ });
/* unused harmony export globMatch */
// The default branch table of the deployment guides (SPEC section 3). It applies to an environment with
// one of these names that says nothing about which refs deploy to it; any `branches`, `tags` or
// `pullRequests` key overrides it.
const DEFAULT_BRANCH_TABLE = {
    production: { branches: ['main'], production: true },
    staging: { branches: ['develop'] },
    preprod: { branches: ['release/*'] },
    'pre-prod': { branches: ['release/*'] },
    preview: { branches: ['feature/*'], pullRequests: true, transient: true },
    hotfix: { branches: ['hotfix/*'], production: true },
};
const compiled = new Map();
const MAX_COMPILED = 256;
function filterPatternItems(pattern) {
    const cached = compiled.get(pattern);
    if (cached)
        return cached;
    const items = [];
    // The item a following ? or + applies to: a literal, an escaped character or a set (never a * or another quantifier).
    let quantifiable = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === '\\' && i + 1 < pattern.length) {
            const lit = pattern[++i];
            items.push({ accepts: (x) => x === lit, optional: false, repeats: false });
            quantifiable = true;
        }
        else if (c === '*') {
            const any = pattern[i + 1] === '*';
            if (any)
                i++;
            items.push({ accepts: any ? () => true : (x) => x !== '/', optional: true, repeats: true });
            quantifiable = false;
        }
        else if ((c === '?' || c === '+') && quantifiable) {
            const last = items[items.length - 1];
            if (c === '?')
                last.optional = true;
            else
                items.push({ accepts: last.accepts, optional: true, repeats: true });
            quantifiable = false;
        }
        else if (c === '[' && pattern.indexOf(']', i + 2) >= 0) {
            const end = pattern.indexOf(']', i + 2);
            const set = charSet(pattern.slice(i + 1, end));
            items.push({ accepts: set, optional: false, repeats: false });
            i = end;
            quantifiable = true;
        }
        else {
            items.push({ accepts: (x) => x === c, optional: false, repeats: false });
            quantifiable = true;
        }
    }
    if (compiled.size >= MAX_COMPILED)
        compiled.clear();
    compiled.set(pattern, items);
    return items;
}
/** A bracket expression's members: single characters and a-z ranges (as the regular expression class it was). */
function charSet(body) {
    const singles = new Set();
    const ranges = [];
    for (let i = 0; i < body.length; i++) {
        if (i + 2 < body.length && body[i + 1] === '-') {
            ranges.push([body.charCodeAt(i), body.charCodeAt(i + 2)]);
            i += 2;
        }
        else
            singles.add(body[i]);
    }
    return (c) => singles.has(c) || ranges.some(([lo, hi]) => c.charCodeAt(0) >= lo && c.charCodeAt(0) <= hi);
}
/** One pattern (a leading `!` is not a pattern of its own here; see filterMatch). */
function globMatch(pattern, text) {
    const items = filterPatternItems(pattern);
    const n = items.length;
    let at = new Uint8Array(n + 1);
    const close = (set) => {
        for (let i = 0; i < n; i++)
            if (set[i] && items[i].optional)
                set[i + 1] = 1;
        return set;
    };
    at[0] = 1;
    close(at);
    for (const c of text) {
        const next = new Uint8Array(n + 1);
        let any = false;
        for (let i = 0; i < n; i++) {
            if (!at[i] || !items[i].accepts(c))
                continue;
            next[i + 1] = 1;
            if (items[i].repeats)
                next[i] = 1;
            any = true;
        }
        if (!any)
            return false;
        at = close(next);
    }
    return at[n] === 1;
}
/**
 * A list of filter patterns in GitHub's order semantics: a name is included when the last pattern that
 * matches it is a positive one (`!pattern` excludes what earlier patterns included, and a later positive
 * pattern includes it again). Returns the positive pattern that included it, or undefined.
 */
function filterMatch(patterns, text) {
    let included;
    for (const pattern of patterns) {
        if (pattern.startsWith('!')) {
            if (included !== undefined && globMatch(pattern.slice(1), text))
                included = undefined;
        }
        else if (globMatch(pattern, text))
            included = pattern;
    }
    return included;
}


/***/ }),

/***/ 4364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L: () => (/* binding */ TARGET_FIELD),
  _u: () => (/* binding */ loadWorkspaceConfig)
});

// UNUSED EXPORTS: loadConfig, parseConfig, readConfigText

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/template/render.ts
var render = __webpack_require__(9273);
// EXTERNAL MODULE: ./shared/config/yaml.ts
var yaml = __webpack_require__(4202);
// EXTERNAL MODULE: ./shared/config/schema-validate.ts + 6 modules
var schema_validate = __webpack_require__(4242);
;// CONCATENATED MODULE: ./shared/config/schema-runtime.ts
const s0 = ["local", "command", "kubernetes", "helm", "compose"];
const s1 = { "enum": s0 };
const s2 = ["rolling", "canary", "blue-green"];
const s3 = { "enum": s2 };
const s4 = { "type": "string", "pattern": "^([0-9]+(\\.[0-9]+)?(ms|s|m|h|d))+$|^[0-9]+(\\.[0-9]+)?$" };
const s5 = { "type": "number", "minimum": 0 };
const s6 = [s4, s5];
const s7 = { "anyOf": s6, "x-expected": "a duration such as 500ms, 30s, 10m or 1h30m" };
const s8 = { "type": "string", "minLength": 1 };
const s9 = { "type": "array", "items": s8 };
const s10 = { "type": "string", "minLength": 1, "pattern": "^/", "x-expected": "a path starting with /" };
const s11 = { "type": "integer", "minimum": 1, "maximum": 65535 };
const s12 = { "app": s8, "start": s8, "health": s10, "port": s11, "listen": s8, "stateDir": s8, "minReady": s7 };
const s13 = { "deploy": s8, "set-weight": s8, "rollback": s8, "status": s8, "teardown": s8, "stop": s8 };
const s14 = [s8, s9];
const s15 = { "anyOf": s14 };
const s16 = { "type": "string", "minLength": 1, "pattern": "^([A-Za-z]+/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", "x-expected": "kind/name, e.g. deployment/web" };
const s17 = { "manifests": s15, "namespace": s8, "workload": s16, "container": s8, "service": s8, "serverSide": { "type": "boolean" }, "kubeconfig": s8, "context": s8, "kubectl": s8, "failFast": s7, "restoreOnFailure": { "type": "boolean" }, "rollbackTimeout": s7, "createNamespace": { "type": "boolean" }, "deleteNamespaces": { "type": "boolean" } };
const s18 = { "type": "object", "additionalProperties": false, "properties": s17 };
const s19 = { "type": "string", "minLength": 1, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "x-expected": "a release name (lower case letters, digits and -)" };
const s20 = [{ "type": "string" }, { "type": "number" }, { "type": "boolean" }];
const s21 = { "anyOf": s20 };
const s22 = { "type": "object", "additionalProperties": s21 };
const s23 = { "repository": s8, "tag": s8, "digest": s8 };
const s24 = { "type": "object", "additionalProperties": false, "properties": s23 };
const s25 = { "type": "integer", "minimum": 0 };
const s26 = { "release": s19, "chart": s8, "namespace": s8, "chartVersion": s8, "values": s9, "set": s22, "imageValues": s24, "createNamespace": { "type": "boolean" }, "rollbackTimeout": s7, "helm": s8, "kubectl": s8, "kubeconfig": s8, "context": s8, "historyMax": s25 };
const s27 = { "type": "string", "minLength": 1, "pattern": "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", "x-expected": "a compose service name" };
const s28 = { "file": s15, "service": s27, "services": s9, "targetPort": s11, "image": s8, "port": s11, "health": s10, "minReady": s7, "project": s8, "docker": s8 };
const s29 = ["local", "nginx", "command", "gateway-api", "nginx-ingress", "replicas", "partition", "nodes"];
const s30 = { "enum": s29 };
const s31 = { "type": "string", "pattern": "^/[A-Za-z0-9._/-]+$", "x-expected": "a URI path such as /app/.glidepath-mirror" };
const s32 = { "upstream": s8, "file": s8, "stable": s8, "canary": s8, "test": s8, "reload": s8, "settle": s7, "mirrorPath": s31, "location": s8, "pidFile": s8, "accessLog": s8 };
const s33 = { "route": s8, "namespace": s8 };
const s34 = { "type": "integer", "minimum": 1 };
const s35 = { "enum": ["hold", "fail", "pass"] };
const s36 = ["local", "probe", "prometheus", "http"];
const s37 = { "enum": s36 };
const s38 = ["error-rate", "request-count", "latency-p50", "latency-p95", "latency-p99", "success-rate"];
const s39 = { "enum": s38 };
const s40 = { "type": "object", "additionalProperties": { "type": "string" } };
const s41 = [{ "type": "number" }, s4];
const s42 = { "anyOf": s41, "x-expected": "a number or a duration" };
const s43 = { "type": "integer", "minimum": 1, "maximum": 1000 };
const s44 = { "enum": ["stable", "previous"] };
const s45 = { "type": "string", "pattern": "^\\s*\\d+(\\.\\d+)?\\s*%\\s*$" };
const s46 = [s45, s5];
const s47 = { "anyOf": s46, "x-expected": "a relative allowance such as 0%, 20% or 0.2" };
const s48 = [s5, s4];
const s49 = { "anyOf": s48, "x-expected": "an absolute allowance: a number, or a duration for latencies" };
const s50 = { "enum": ["sequential", "fixed"] };
const s51 = { "type": "number", "exclusiveMinimum": 0, "maximum": 0.5, "x-expected": "a probability in (0, 0.5], e.g. 0.01" };
const s52 = { "type": "number", "exclusiveMinimum": 0 };
const s53 = [s45, s52];
const s54 = { "anyOf": s53, "x-expected": "a relative increase such as 100% (twice the allowed rate)" };
const s55 = [s45, s4, s52];
const s56 = { "anyOf": s55, "x-expected": "the smallest regression worth catching: a share such as 1% for error rates, a duration such as 25ms for latencies" };
const s57 = { "type": "number", "minimum": 0.5, "maximum": 0.99, "x-expected": "a probability in [0.5, 0.99], e.g. 0.9" };
const s58 = { "name": s8, "source": s37, "metric": s39, "query": s8, "volumeQuery": s8, "headers": s40, "url": s8, "path": s8, "min": s42, "max": s42, "failureLimit": s25, "inconclusiveLimit": s25, "errorLimit": s25, "minRequests": s25, "dryRun": { "type": "boolean" }, "requests": s43, "compare": s44, "maxIncrease": s47, "maxDifference": s49, "test": s50, "alpha": s51, "consecutiveFailures": s34, "detectIncrease": s54, "minEffect": s56, "power": s57, "baselineQuery": s8, "baselineUrl": s8 };
const s59 = { "type": "object", "additionalProperties": false, "required": ["name", "source"], "properties": s58 };
const s60 = { "type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_-]*$", "x-expected": "a cookie name (letters, digits, - and _)" };
const s61 = { "type": "string", "pattern": "^[A-Za-z0-9._~:/@+=!*-]+$", "x-expected": "a value of letters, digits and . _ ~ : / @ + = ! * - (no spaces, quotes or ;)" };
const s62 = { "type": "array", "minItems": 1, "items": s59 };
const s63 = { "type": "string", "minLength": 1, "pattern": "^https?://" };
const s64 = { "address": s63 };
const s65 = { "type": "object", "additionalProperties": false, "required": ["address"], "properties": s64 };
const s66 = { "window": s7, "interval": s7, "minRequests": s25, "onNoData": s35, "metrics": s62, "prometheus": s65 };
const s67 = { "type": "object", "additionalProperties": false, "required": ["window", "metrics"], "properties": s66 };
const s68 = { "type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "x-expected": "a time of day HH:MM (24h)" };
const s69 = { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?$", "x-expected": "a date (2026-12-21), a local time (2026-12-21T18:00) or an instant (2026-12-21T18:00:00Z)" };
const s70 = { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9.:-]*$", "x-expected": "a host name or address" };
const s71 = { "type": "string", "pattern": "^[a-z_][a-z0-9_.-]*$", "x-expected": "a user name" };
const s72 = { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "x-expected": "an environment variable name" };
const s73 = { "enum": ["strict", "accept-new"] };
const s74 = { "host": s70, "user": s71, "port": s11, "key": s72, "knownHosts": s72, "hostKeys": s73, "dir": s8 };
const s75 = { "type": "object", "additionalProperties": false, "properties": s74 };
const RUNTIME_SCHEMA = { "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://glidepath.dev/schema/glidepath.schema.json", "type": "object", "additionalProperties": false, "required": ["version", "environments"], "properties": { "version": { "const": 1 }, "defaults": { "type": "object", "additionalProperties": false, "properties": { "provider": s1, "strategy": s3, "timeout": s7, "stateDir": s8 } }, "environments": { "type": "object", "minProperties": 1, "propertyNames": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._{}-]*$" }, "additionalProperties": { "$ref": "#/$defs/environment" } } }, "$defs": { "environment": { "type": "object", "additionalProperties": false, "properties": { "branches": s9, "tags": s9, "pullRequests": { "type": "boolean" }, "name": s8, "url": s8, "provider": s1, "strategy": s3, "timeout": s7, "production": { "type": "boolean" }, "transient": { "type": "boolean" }, "local": { "type": "object", "additionalProperties": false, "required": ["app", "start"], "properties": s12 }, "command": { "type": "object", "additionalProperties": false, "properties": s13, "required": ["deploy"] }, "kubernetes": s18, "helm": { "type": "object", "additionalProperties": false, "required": ["release", "chart"], "properties": s26 }, "compose": { "type": "object", "additionalProperties": false, "required": ["service", "targetPort"], "properties": s28 }, "traffic": { "type": "object", "additionalProperties": false, "required": ["router"], "properties": { "router": s30, "nginx": { "type": "object", "additionalProperties": false, "required": ["upstream", "file", "stable", "canary"], "properties": s32 }, "gatewayApi": { "type": "object", "additionalProperties": false, "required": ["route"], "properties": s33 }, "ingress": s8 } }, "canary": { "type": "object", "additionalProperties": false, "properties": { "steps": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "properties": { "weight": { "type": "integer", "minimum": 0, "maximum": 100 }, "partition": s25, "nodes": { "anyOf": [s34, { "type": "string", "pattern": "^[A-Za-z0-9./_-]+(!?=[A-Za-z0-9._-]*)?(,[A-Za-z0-9./_-]+(!?=[A-Za-z0-9._-]*)?)*$", "x-expected": "a node label selector such as topology.kubernetes.io/zone=eu-1a" }] }, "pause": s7, "interval": s7 } } }, "analysis": { "type": "object", "additionalProperties": false, "properties": { "interval": s7, "warmup": s7, "minRequests": s25, "priors": { "type": "boolean" }, "onNoData": s35, "failureLimit": s25, "inconclusiveLimit": s25, "errorLimit": s25, "metrics": { "type": "array", "items": s59 }, "prometheus": { "type": "object", "additionalProperties": false, "required": ["address"], "properties": { "address": { "type": "string", "minLength": 1, "pattern": "^https?://", "x-expected": "the Prometheus base URL, e.g. http://prometheus:9090" } } }, "synthetic": { "type": "object", "additionalProperties": false, "properties": { "rate": { "type": "number", "exclusiveMinimum": 0, "maximum": 100 }, "max": { "type": "integer", "minimum": 2, "maximum": 100000 }, "requests": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "required": ["path"], "properties": { "path": { "type": "string", "pattern": "^/[^\\s]*$", "x-expected": "a path on the site, e.g. /products?page=1" }, "method": { "enum": ["GET", "HEAD"] }, "headers": s40 } } } } } } }, "onHold": { "enum": ["abort", "fail", "wait"] }, "maxWait": s7, "holdTimeout": s7, "abort": { "type": "object", "additionalProperties": false, "required": ["steps"], "properties": { "steps": { "type": "array", "minItems": 1, "items": { "type": "integer", "minimum": 1, "maximum": 99 } }, "pause": s7 } }, "affinity": { "type": "object", "additionalProperties": false, "properties": { "cookie": s60, "maxAge": s7 } }, "match": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "minProperties": 1, "properties": { "header": { "type": "object", "additionalProperties": false, "required": ["name", "value"], "properties": { "name": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9-]*$", "x-expected": "a header name (letters, digits and -)" }, "value": s61 } }, "cookie": { "type": "object", "additionalProperties": false, "required": ["name", "value"], "properties": { "name": s60, "value": s61 } } } } }, "mirror": { "type": "object", "additionalProperties": false, "required": ["weight"], "properties": { "weight": { "type": "integer", "minimum": 1, "maximum": 100 }, "methods": { "type": "array", "minItems": 1, "items": { "enum": ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] } } } } } }, "smoke": { "type": "object", "additionalProperties": false, "properties": { "checks": s8, "url": s8 } }, "verify": s67, "database": { "type": "object", "additionalProperties": false, "properties": { "postgres": { "type": "object", "additionalProperties": false, "properties": { "urlEnv": { "type": "string", "minLength": 1, "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "x-expected": "an environment variable name, e.g. DATABASE_URL" } } }, "backup": { "type": "object", "additionalProperties": false, "properties": { "enabled": { "type": "boolean" }, "keep": s34, "dir": s8, "command": s8 } }, "migrate": s8, "down": s8, "version": s8, "contract": s8, "restore": { "type": "boolean" } } }, "previews": { "type": "object", "additionalProperties": false, "properties": { "on": { "type": "array", "minItems": 1, "items": { "type": "string", "pattern": "^(opened|command|labeled:[^\\s]+)$", "x-expected": "opened, command or labeled:<label> (e.g. labeled:preview)" } }, "forks": { "enum": ["never", "command"] }, "forkSecrets": { "type": "array", "items": { "type": "string", "minLength": 1, "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "x-expected": "an environment variable name, e.g. STRIPE_TEST_KEY" } }, "ttl": s7, "idle": s7, "max": s34, "onMax": { "enum": ["stop-oldest", "refuse", "wait"] }, "maxWait": s7, "private": { "type": "boolean" }, "secretEnv": { "type": "string", "minLength": 1, "pattern": "^[A-Za-z_][A-Za-z0-9_]*$", "x-expected": "an environment variable name, e.g. GLIDEPATH_PREVIEW_SECRET" }, "host": { "type": "object", "additionalProperties": false, "required": ["port", "name"], "properties": { "port": s11, "name": s8, "listen": s8 } }, "database": { "type": "object", "additionalProperties": false, "properties": { "template": { "type": "string", "minLength": 1, "pattern": "^[A-Za-z_][A-Za-z0-9_$-]*$", "x-expected": "a database name on the same server, e.g. shop_seed" }, "seed": s8, "seedCommand": s8 } } } }, "rollback": { "type": "object", "additionalProperties": false, "properties": { "automatic": { "type": "boolean" }, "window": s7 } }, "lock": { "type": "object", "additionalProperties": false, "properties": { "timeout": s7 } }, "windows": { "type": "object", "additionalProperties": false, "properties": { "timezone": s8, "allow": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "required": ["from", "to"], "properties": { "days": { "type": "array", "minItems": 1, "items": { "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] } }, "from": s68, "to": s68 } } }, "freezes": { "type": "array", "items": { "type": "object", "additionalProperties": false, "required": ["from", "to"], "properties": { "from": s69, "to": s69, "reason": s8 } } }, "override": { "type": "boolean" } } }, "ssh": s75, "schedules": s9, "targets": { "type": "array", "minItems": 1, "items": { "type": "object", "additionalProperties": false, "required": ["name"], "properties": { "name": { "type": "string", "minLength": 1, "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$", "x-expected": "a name of letters, digits, ., _ and - (us-west-2)" }, "wave": s34, "url": s8, "provider": s1, "local": { "type": "object", "additionalProperties": false, "properties": s12 }, "command": { "type": "object", "additionalProperties": false, "properties": s13 }, "kubernetes": s18, "helm": { "type": "object", "additionalProperties": false, "properties": s26 }, "compose": { "type": "object", "additionalProperties": false, "properties": s28 }, "ssh": s75, "traffic": { "type": "object", "additionalProperties": false, "properties": { "router": s30, "nginx": { "type": "object", "additionalProperties": false, "properties": s32 }, "gatewayApi": { "type": "object", "additionalProperties": false, "properties": s33 }, "ingress": s8 } }, "verify": s67 } } }, "waves": { "type": "object", "additionalProperties": false, "properties": { "bake": s7, "onFailure": { "enum": ["rollback-failed", "rollback-all"] } } } } } } };

// EXTERNAL MODULE: ./shared/config/branch-table.ts
var branch_table = __webpack_require__(8844);
// EXTERNAL MODULE: ./shared/files/paths.ts
var files_paths = __webpack_require__(5274);
// EXTERNAL MODULE: ./shared/config/targets.ts
var config_targets = __webpack_require__(3923);
// EXTERNAL MODULE: ./shared/config/routers.ts
var routers = __webpack_require__(671);
;// CONCATENATED MODULE: ./shared/time/windows.ts
// Deploy windows and freezes (issue 25): when an environment takes new versions. Pure: the clock is
// an argument. Times of day and dates are read in the windows' time zone (IANA, default UTC), with its
// daylight saving; a window whose `to` is before its `from` runs past midnight (its days are the days
// it starts). Rollbacks and aborts never ask.
const DAYS = (/* unused pure expression or super */ null && (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']));
const formatters = new Map();
function formatter(timeZone) {
    let f = formatters.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
        formatters.set(timeZone, f);
    }
    return f;
}
/** Whether a string names a time zone this runtime knows. */
function validTimeZone(timeZone) {
    try {
        formatter(timeZone);
        return true;
    }
    catch {
        return false;
    }
}
function local(at, timeZone) {
    const parts = Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
    return {
        year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
        hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
        weekday: String(parts.weekday).slice(0, 3).toLowerCase(),
    };
}
/** The instant a wall-clock time in a zone names (the earlier one in a DST overlap). */
function zonedTime(year, month, day, hour, minute, timeZone) {
    const guess = Date.UTC(year, month - 1, day, hour, minute);
    const offsetAt = (t) => {
        const l = local(new Date(t), timeZone);
        return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - t;
    };
    let t = guess - offsetAt(guess);
    t = guess - offsetAt(t);
    return new Date(t);
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;
/** A freeze bound: a date (that day's start in the zone), a local date and time, or an ISO instant. */
function parseBound(value, timeZone) {
    const d = DATE.exec(value);
    if (d)
        return zonedTime(Number(d[1]), Number(d[2]), Number(d[3]), 0, 0, timeZone);
    const l = LOCAL_DATE_TIME.exec(value);
    if (l)
        return zonedTime(Number(l[1]), Number(l[2]), Number(l[3]), Number(l[4]), Number(l[5]), timeZone);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
        return undefined;
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : new Date(t);
}
const minutesOf = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** Whether a local time falls in one allow window (an overnight one counts from its start day). */
function inWindow(w, l) {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    const now = l.hour * 60 + l.minute;
    const days = w.days ?? [...DAYS];
    if (from < to)
        return days.includes(l.weekday) && now >= from && now < to;
    // Overnight: from today's start to midnight, or from midnight to `to` on the day after a start day.
    const yesterday = DAYS[(DAYS.indexOf(l.weekday) + 6) % 7];
    return (days.includes(l.weekday) && now >= from) || (days.includes(yesterday) && now < to);
}
function activeFreeze(cfg, at) {
    const tz = cfg.timezone ?? 'UTC';
    return cfg.freezes?.find((f) => {
        const from = parseBound(f.from, tz);
        const to = parseBound(f.to, tz);
        return from !== undefined && to !== undefined && at >= from && at < to;
    });
}
function allowedAt(cfg, at) {
    if (!cfg.allow?.length)
        return true;
    const l = local(at, cfg.timezone ?? 'UTC');
    return cfg.allow.some((w) => inWindow(w, l));
}
const HORIZON_MS = (/* unused pure expression or super */ null && (400 * 24 * 3600_000));
/** The first instant from `at` on when a deploy is allowed (undefined past a year's search). */
function nextOpen(cfg, at) {
    const tz = cfg.timezone ?? 'UTC';
    const freezes = (cfg.freezes ?? []).map((f) => ({ from: parseBound(f.from, tz)?.getTime() ?? 0, to: parseBound(f.to, tz)?.getTime() ?? 0 }));
    let t = Math.ceil(at.getTime() / 60_000) * 60_000;
    const end = at.getTime() + HORIZON_MS;
    while (t < end) {
        const freeze = freezes.find((f) => t >= f.from && t < f.to);
        if (freeze) {
            t = Math.max(t + 60_000, Math.ceil(freeze.to / 60_000) * 60_000);
            continue;
        }
        if (allowedAt(cfg, new Date(t)))
            return new Date(t);
        t += 60_000;
    }
    return undefined;
}
/** Whether a deploy may start now, and if not why and when it next may. */
function windowVerdict(cfg, at) {
    if (!cfg)
        return { open: true };
    const freeze = activeFreeze(cfg, at);
    const allowed = allowedAt(cfg, at);
    if (!freeze && allowed)
        return { open: true };
    const next = nextOpen(cfg, at);
    if (freeze)
        return { open: false, why: `a freeze is on from ${freeze.from} to ${freeze.to}${freeze.reason ? ` (${freeze.reason})` : ''}`, next, freeze };
    const zone = cfg.timezone ?? 'UTC';
    const windows = (cfg.allow ?? []).map((w) => `${w.days ? w.days.join(',') : 'every day'} ${w.from}-${w.to}`).join('; ');
    return { open: false, why: `it is outside the deploy windows (${windows}, ${zone})`, next };
}
/** An instant as the windows' zone shows it, for messages: 2026-12-07 09:00 Europe/Berlin (08:00Z). */
function describeInstant(at, timeZone = 'UTC') {
    const l = local(at, timeZone);
    const pad = (n) => String(n).padStart(2, '0');
    return `${l.weekday} ${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)} ${timeZone}${timeZone === 'UTC' ? '' : ` (${at.toISOString().slice(0, 16)}Z)`}`;
}

;// CONCATENATED MODULE: ./shared/config/load.ts













/** Fields a `{{ }}` placeholder in the config may name. */
const TEMPLATE_FIELDS = [
    'environment', 'version', 'image', 'branch', 'tag', 'ref', 'sha', 'shortSha', 'repo', 'repository',
    'actor', 'pr.number', 'pr.title', 'pr.headRef', 'pr.baseRef', 'run.id', 'run.number', 'run.attempt',
];
/** Fields a metric query or URL may name. */
const METRIC_TEMPLATE_FIELDS = ['version', 'canary.version', 'stable.version', 'environment', 'interval', 'intervalSeconds'];
/** The field an environment with `targets:` may also name: the target's name (eu-west, not production/eu-west). */
const TARGET_FIELD = 'target';
/**
 * The config at `path` in the workspace (its links followed, never out of it), or, given `text`, that text
 * read earlier as the file at `path` (the command action's check phase reads the default branch's file once;
 * the run that carries the decision out parses exactly that text, whatever the workspace now holds).
 */
function loadWorkspaceConfig(workspace, path, text) {
    const file = (0,external_node_path_.resolve)(workspace, path);
    if (text !== undefined)
        return parseConfig(text, file, workspace);
    return loadConfig(configFileInside(workspace, path), workspace);
}
/** The config file's absolute path, refused (GP-INPUT-003) when it or a link on its way leaves the workspace. */
function configFileInside(workspace, path) {
    if (!(0,files_paths/* isInside */.FK)(workspace, path)) {
        throw new errors/* GlidepathError */.HT('GP-INPUT-003', `config "${path}" leaves the workspace (a link or .. in its path points outside it).`, { fix: 'Keep the config file inside the repository, as a regular file.' });
    }
    return (0,external_node_path_.resolve)(workspace, path);
}
/** The config file's text as read now (for carrying a decision made from it). */
function readConfigText(workspace, path) {
    const file = configFileInside(workspace, path);
    if (!existsSync(file))
        loadConfig(file, workspace);
    return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(file));
}
function loadConfig(file, workspace) {
    if (!(0,external_node_fs_.existsSync)(file)) {
        throw new errors/* GlidepathError */.HT('GP-CONFIG-001', `No configuration file at ${file}.`, {
            file,
            fix: 'Create .github/glidepath.yml (see the README quick start) or pass the `config` input with its path.',
        });
    }
    const bytes = (0,external_node_fs_.readFileSync)(file);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return parseConfig(text, file, workspace);
}
function parseConfig(text, file, workspace) {
    const doc = (0,yaml/* parseYamlWithPositions */.$P)(text, file);
    const problems = [];
    const at = (segments, atKey = false) => (0,yaml/* lineAt */.mh)(doc.positions, segments, atKey);
    for (const p of (0,schema_validate/* validateSchema */.i6)(doc.value, RUNTIME_SCHEMA)) {
        problems.push({ ...p, file, line: at(p.segments, p.atKey) });
    }
    if (problems.length === 0)
        problems.push(...semanticProblems(doc, workspace));
    if (problems.length > 0) {
        throw new errors/* GlidepathError */.HT('GP-CONFIG-002', `${file} has ${problems.length} problem${problems.length > 1 ? 's' : ''}; nothing was deployed.`, {
            file,
            line: problems[0].line,
            problems,
            fix: 'Correct each problem listed (file, line, key path and the expected form are given), then run again.',
        });
    }
    const raw = doc.value;
    const lines = {};
    for (const name of Object.keys(raw.environments))
        lines[name] = at(['environments', name], true) ?? 1;
    const environments = {};
    for (const [name, env] of Object.entries(raw.environments))
        environments[name] = withNominalWeights(withBranchDefaults(name, env ?? {}));
    return { ...raw, environments, file, lines };
}
function withBranchDefaults(name, env) {
    const table = branch_table/* DEFAULT_BRANCH_TABLE */.ie[name];
    if (!table || env.branches || env.tags || env.pullRequests !== undefined)
        return env;
    return { ...table, ...env };
}
function semanticProblems(doc, workspace) {
    const problems = [];
    const cfg = doc.value;
    const add = (segments, message, expected, hint) => problems.push({ file: doc.file, line: (0,yaml/* lineAt */.mh)(doc.positions, segments), path: (0,schema_validate/* formatPath */.jV)(segments), message, expected, hint });
    for (const [name, envOrNull] of Object.entries(cfg.environments)) {
        const env = envOrNull ?? {};
        const base = ['environments', name];
        environmentProblems(env, base, cfg.defaults, add, workspace, Boolean(env.targets));
        if (env.targets)
            targetProblems(env, base, cfg.defaults, add, workspace);
        if (env.previews)
            previewProblems(withBranchDefaults(name, env), base, add);
    }
    return problems;
}
/** previews: only on a pull-request environment; a database per preview needs the server's URL and one source. */
function previewProblems(env, base, add) {
    const p = env.previews;
    const seg = [...base, 'previews'];
    if (!env.pullRequests)
        add(seg, 'previews are for pull requests, and this environment does not take them', 'pullRequests: true on the environment (and a name such as pr-{{pr.number}})');
    else if (!env.name?.includes('{{pr.number}}') && (p.max || p.ttl || p.idle || p.database))
        add([...base, 'name'], 'previews.max, ttl, idle and database need one environment per pull request, and every pull request here shares one name', 'name: pr-{{pr.number}}');
    if (p.private === true && !(0,routers/* routerInFront */.Kh)(env))
        add([...seg, 'private'], 'private previews are enforced by Glidepath\'s router, and it is not in front of this environment (local, or compose without nginx, on the runner\'s machine)', 'private: false, or protect the previews where they are served (an ingress or proxy with authentication)');
    if (p.host && !(0,routers/* routerInFront */.Kh)(env))
        add([...seg, 'host'], 'a preview front is Glidepath\'s router, and it is not in front of this environment (local, or compose without nginx, on the runner\'s machine)', 'remove previews.host, or use the local provider');
    if (p.host && !p.host.name.includes('{{pr.number}}'))
        add([...seg, 'host', 'name'], `every preview would claim the host name ${p.host.name}`, 'a name with {{pr.number}}, e.g. pr-{{pr.number}}.preview.example.com');
    if (p.host && (env.local?.port === p.host.port || env.compose?.port === p.host.port))
        add([...seg, 'host', 'port'], `port ${p.host.port} is the front's, and the previews' own routers would take it too`, 'leave local.port (compose.port) out: each preview gets a free one');
    if (p.idle && (env.ssh || (env.provider ?? (0,config_targets/* inferProvider */.mv)(env)) !== 'local'))
        add([...seg, 'idle'], 'idle previews are put to sleep and woken by Glidepath\'s router on this machine, which only the local provider runs its releases behind (compose, SSH, Kubernetes and command previews keep running)', 'leave previews.idle out here, or use the local provider (with previews.host for many previews on one machine)');
    if (p.maxWait !== undefined && p.onMax !== 'wait')
        add([...seg, 'maxWait'], 'maxWait is how long a new preview waits for room, and onMax does not wait', 'onMax: wait, or leave maxWait out');
    if (p.forkSecrets?.length && p.forks !== 'command')
        add([...seg, 'forkSecrets'], 'forkSecrets are for forks\' previews, and forks never get one here', 'forks: command (a writer\'s /glidepath deploy comment opens a fork\'s preview), or leave forkSecrets out');
    if (p.on && new Set(p.on).size !== p.on.length)
        add([...seg, 'on'], `a trigger is listed twice (${p.on.join(', ')})`, 'each trigger once');
    const db = p.database;
    if (!db)
        return;
    if (!env.database?.postgres)
        add([...seg, 'database'], 'a database per preview is made on the server of database.postgres, and there is none', 'database: { postgres: { urlEnv: DATABASE_URL } } naming a role that may CREATE DATABASE');
    if (db.template && db.seed)
        add([...seg, 'database'], 'both template and seed are set: the database is copied from one of them', 'template: <database> or seed: <pg_dump -Fc file>');
}
/** What a wave environment must get right beyond the schema: unique names, no empty wave, one provider, own ports. */
function targetProblems(env, base, defaults, add, workspace) {
    const targets = env.targets ?? [];
    const provider = env.provider ?? (0,config_targets/* inferProvider */.mv)(env) ?? defaults?.provider;
    const seen = new Map();
    const ports = new Map();
    const hosts = new Map();
    targets.forEach((t, i) => {
        const seg = [...base, 'targets', i];
        const first = seen.get(t.name);
        if (first !== undefined)
            add([...seg, 'name'], `target name "${t.name}" is used twice (targets[${first}] too)`, 'a unique name per target');
        else
            seen.set(t.name, i);
        const own = t.provider ?? provider;
        for (const p of ['local', 'command', 'kubernetes', 'helm', 'compose']) {
            if (t[p] && p !== own)
                add([...seg, p], `target ${t.name} sets ${p} settings but ${t.provider ? 'names' : 'the environment deploys with'} ${own ?? 'no provider'}`, `${own ?? 'the provider'} settings, or provider: ${p} on the ${t.provider ? 'target' : 'environment (or on this target, for a mixed fleet)'}`);
        }
        const merged = (0,config_targets/* mergeTarget */.ux)(env, t);
        if (merged.ssh?.host) {
            const where = `${merged.ssh.user ?? 'root'}@${merged.ssh.host}:${merged.ssh.port ?? 22}`;
            if (hosts.has(where))
                add([...seg, 'ssh'], `targets ${hosts.get(where)} and ${t.name} are the same host (${where})`, 'one target per host (a host in two waves would be deployed twice)');
            else
                hosts.set(where, t.name);
        }
        // Over SSH each target is its own host, so the default port serves on each.
        if (own === 'local' && !merged.ssh?.host) {
            const port = merged.local?.port;
            if (port === undefined)
                add([...seg, 'local'], `target ${t.name} has no port: targets of the local provider each serve on their own`, 'local: { port: 8081 } on each target');
            else if (ports.has(port))
                add([...seg, 'local', 'port'], `targets ${ports.get(port)} and ${t.name} both serve on port ${port}`, 'a different port per target');
            else
                ports.set(port, t.name);
        }
        const nginx = merged.traffic?.router === 'nginx' ? merged.traffic.nginx : undefined;
        const missing = nginx ? ['upstream', 'file', 'stable', 'canary'].filter((k) => !nginx[k]) : [];
        if (missing.length)
            add([...seg, 'traffic'], `target ${t.name} has no nginx ${missing.join(', ')} (neither its own nor the environment's)`, 'traffic: { nginx: { upstream, file, stable, canary } } on the target or the environment');
        environmentProblems(merged, seg, defaults, add, workspace, true);
    });
    const named = targets.filter((t) => t.wave !== undefined).length;
    if (named > 0 && named < targets.length) {
        add([...base, 'targets'], 'some targets name their wave and some do not', 'a wave on every target, or on none (each its own wave, in list order)');
        return;
    }
    const numbers = [...new Set(targets.map((t) => (0,config_targets/* waveOf */.j5)(env, t)))].sort((a, b) => a - b);
    const gap = numbers.findIndex((n, i) => n !== i + 1);
    if (gap >= 0)
        add([...base, 'targets'], `wave ${gap + 1} has no targets (the targets name waves ${numbers.join(', ')})`, 'waves numbered 1, 2, 3... without gaps');
}
/** `waves`: the environment (or target) rolls out per target, so its templates may name {{target}}. */
function environmentProblems(env, base, defaults, add, workspace, waves) {
    const unknownFields = (template, known, field, targetAllowed = waves) => {
        const expected = `one of ${known.join(', ')}${known === TEMPLATE_FIELDS ? ' (with their fields, e.g. pr.number)' : ''}`;
        for (const p of (0,render/* unknownPlaceholders */.hX)(template, targetAllowed ? [...known, TARGET_FIELD] : known)) {
            if (p !== TARGET_FIELD)
                add(field, `template names an unknown field "{{${p}}}"`, expected);
            else if (waves)
                add(field, '"{{target}}" has no value in the environment\'s name: each target is named <name>/<target>', expected);
            else
                add(field, '"{{target}}" names a waves target, and this environment has no targets', `targets: [...] on the environment, or ${expected}`);
        }
    };
    for (const key of ['branches', 'tags']) {
        const patterns = env[key];
        // As under on.push: a `!pattern` only takes away from what a pattern before it let in.
        if (Array.isArray(patterns) && patterns.length > 0 && patterns.every((p) => typeof p === 'string' && p.startsWith('!'))) {
            add([...base, key], `every pattern is a negation (${patterns.join(', ')}), so no ${key === 'branches' ? 'branch' : 'tag'} matches`, `a pattern that includes names first, e.g. ['**', '${patterns[0]}'] (GitHub's filter-pattern order: the last matching pattern decides)`);
        }
    }
    const provider = env.provider ?? (0,config_targets/* inferProvider */.mv)(env) ?? defaults?.provider;
    const strategy = env.strategy ?? defaults?.strategy ?? 'rolling';
    if (!provider) {
        add(base, 'no provider', 'a `provider` key, a provider section (local, command, kubernetes, helm, compose) or defaults.provider');
    }
    else if (!env[provider]) {
        add([...base, 'provider'], `provider "${provider}" needs a "${provider}" section`, `a ${provider}: mapping (see docs/providers/${provider}.md)`);
    }
    if (env.traffic?.router === 'gateway-api' && !env.traffic.gatewayApi)
        add([...base, 'traffic'], 'router gateway-api needs a gatewayApi section', 'traffic.gatewayApi: { route: <HTTPRoute name> }');
    if (env.traffic?.router === 'nginx-ingress' && !env.traffic.ingress)
        add([...base, 'traffic'], 'router nginx-ingress needs the name of the stable Ingress', 'traffic.ingress: <Ingress name>');
    if (env.traffic?.router === 'partition' && provider === 'kubernetes' && !/^statefulset\//i.test(env.kubernetes?.workload ?? '')) {
        add([...base, 'traffic', 'router'], 'router partition moves a StatefulSet\'s rollingUpdate.partition, and kubernetes.workload names no StatefulSet', 'kubernetes.workload: statefulset/<name>, or router replicas for a Deployment');
    }
    if (env.traffic?.router === 'nodes' && provider === 'kubernetes' && !/^daemonset\//i.test(env.kubernetes?.workload ?? '')) {
        add([...base, 'traffic', 'router'], 'router nodes moves a DaemonSet node by node, and kubernetes.workload names no DaemonSet', 'kubernetes.workload: daemonset/<name>, or router replicas for a Deployment');
    }
    const named = env.traffic?.router;
    if (named && routers/* ROUTERS */.zz[named] && provider && !routers/* ROUTERS */.zz[named].providers.includes(provider)) {
        const fits = routers/* ROUTER_NAMES */.x$.filter((r) => routers/* ROUTERS */.zz[r].providers.includes(provider));
        add([...base, 'traffic', 'router'], `router ${named} works with the ${routers/* ROUTERS */.zz[named].providers.join(' or ')} provider, not "${provider}"`, `provider: ${routers/* ROUTERS */.zz[named].providers.join(' or ')}, or ${fits.length ? `router ${fits.join(' / ')}` : 'no traffic.router'}`);
    }
    if (provider === 'helm' && strategy !== 'rolling') {
        add([...base, 'strategy'], `the helm provider upgrades a release in place; strategy ${strategy} is not available with it`, 'strategy: rolling (or the kubernetes provider for canary and blue-green)');
    }
    if (provider === 'kubernetes' && env.kubernetes && !env.kubernetes.manifests && !env.kubernetes.workload) {
        add([...base, 'kubernetes'], 'kubernetes needs manifests, or a workload whose image is set (set-image mode)', 'manifests: k8s/ or workload: deployment/<name>');
    }
    else if (provider === 'kubernetes' && strategy !== 'rolling' && env.kubernetes && !env.kubernetes.workload) {
        add([...base, 'kubernetes'], `strategy ${strategy} needs kubernetes.workload: the workload copied as -canary or -green`, 'workload: deployment/<name>');
    }
    const back = env.canary?.abort?.steps;
    if (back && back.some((w, i) => i > 0 && w >= back[i - 1]))
        add([...base, 'canary', 'abort', 'steps'], `the way back must go down: ${back.join(', ')}`, 'weights highest first, e.g. [50, 20]');
    const steps = env.canary?.steps;
    if (strategy === 'canary' && !steps) {
        add(base, 'strategy canary needs canary.steps', 'canary: { steps: [ {weight: 20, pause: 1m}, {weight: 100} ] }');
    }
    if (steps)
        stepProblems(steps, (0,routers/* routerOf */.V4)(env, provider), [...base, 'canary', 'steps'], add);
    if (env.canary?.onHold === 'wait' && env.targets)
        add([...base, 'canary', 'onHold'], 'onHold wait asks a person to decide one canary; with targets each target runs its whole canary within its wave', 'onHold: abort or fail with targets (or no targets)');
    if (env.canary?.maxWait !== undefined && env.canary.onHold !== 'wait')
        add([...base, 'canary', 'maxWait'], 'maxWait bounds how long a canary waits for a person, which only onHold: wait does', 'onHold: wait, or no maxWait');
    cohortProblems(env, provider, base, add);
    windowProblems(env, base, add);
    if (env.ssh && provider && provider !== 'command' && provider !== 'compose' && provider !== 'local')
        add([...base, 'ssh'], `ssh runs the local provider (releases and its router on the host), the command provider's commands, or the compose provider's engine, and the nginx router on a host; provider ${provider} does not run over it`, 'provider local, command or compose, or no ssh section');
    if (env.ssh && !env.ssh.host && !env.targets)
        add([...base, 'ssh'], 'ssh has no host (neither its own nor the environment\'s)', 'ssh: { host: app-1.example.com } on the target or the environment');
    if (env.traffic?.router === 'nginx' && !env.traffic.nginx && !env.targets)
        add([...base, 'traffic'], 'router nginx needs an nginx section', 'traffic.nginx: { upstream, file, stable, canary }');
    if (env.traffic?.router === 'command' && !env.command?.['set-weight']) {
        add([...base, 'traffic'], 'router command needs command.set-weight', 'a set-weight command in the command section');
    }
    // A router named for a provider it cannot sit in front of is refused above (ROUTERS); a traffic section naming none is here.
    if (provider === 'local' && env.traffic && env.traffic.router === undefined) {
        add([...base, 'traffic', 'router'], `the local provider routes through the local router, not "${env.traffic.router}"`, 'router: local, or no traffic section');
    }
    if (strategy === 'canary' && provider === 'command' && !env.traffic && !env.command?.['set-weight']) {
        add([...base, 'strategy'], 'a canary on the command provider needs a way to split traffic', 'command.set-weight or a traffic section');
    }
    const metricSets = [
        [[...base, 'canary', 'analysis', 'metrics'], env.canary?.analysis?.metrics, 'canary', env.canary?.analysis?.prometheus],
        [[...base, 'verify', 'metrics'], env.verify?.metrics, 'verify', env.verify?.prometheus ?? env.canary?.analysis?.prometheus],
    ];
    // nginx keeps counters Glidepath can read when its access log is named (on the environment, or on every target).
    const nginxCounters = env.traffic?.router === 'nginx' && (provider === 'command' || provider === 'compose') &&
        (env.targets?.length ? env.targets.every((t) => t.traffic?.nginx?.accessLog ?? env.traffic?.nginx?.accessLog) : Boolean(env.traffic.nginx?.accessLog));
    for (const [listSeg, metrics, where, prometheus] of metricSets) {
        metrics?.forEach((m, i) => {
            const seg = [...listSeg, i];
            if (m.source === 'prometheus' && !m.query)
                add(seg, 'source prometheus needs a query', 'query: <PromQL>');
            if (m.source === 'prometheus' && !m.url && !prometheus)
                add(seg, 'source prometheus needs the server address', `${where === 'verify' ? 'verify.prometheus.address, canary.analysis.prometheus.address' : 'analysis.prometheus.address'} or the metric's url`);
            const localRouter = provider === 'local' || (provider === 'compose' && env.traffic?.router !== 'nginx');
            if (m.source === 'probe' && !localRouter && !m.url && env.traffic?.router !== 'nginx')
                add(seg, 'source probe needs the canary URL here', 'url: http://canary-host/health (the local provider and the nginx router know it)');
            if (m.source === 'http' && (!m.url || !m.path))
                add(seg, 'source http needs url and path', 'url: https://..., path: $.value');
            if (m.source === 'local' && !localRouter && !nginxCounters)
                add([...seg, 'source'], 'source local reads the counters of the router in front: the local router (the local provider, compose without nginx), or nginx with traffic.nginx.accessLog', 'traffic.nginx.accessLog (nginx\'s access log in Glidepath\'s format), or source probe, prometheus or http');
            if ((m.source === 'local' || (m.source === 'probe' && where === 'canary')) && !m.metric)
                add(seg, `source ${m.source} needs metric`, 'metric: error-rate, request-count, latency-p50, latency-p95 or latency-p99');
            for (const bound of ['min', 'max', 'maxDifference']) {
                const v = m[bound];
                if (typeof v === 'string') {
                    try {
                        (0,duration/* parseDuration */.E9)(v);
                    }
                    catch {
                        add([...seg, bound], `"${v}" is not a duration`, 'a number or a duration such as 500ms');
                    }
                }
            }
            for (const field of ['query', 'volumeQuery', 'baselineQuery', 'url', 'baselineUrl']) {
                unknownFields(m[field] ?? '', METRIC_TEMPLATE_FIELDS, [...seg, field]);
            }
            comparisonProblems(m, where, (field, message, expected) => add(field ? [...seg, field] : seg, message, expected));
        });
    }
    const templated = [
        [[...base, 'name'], env.name], [[...base, 'url'], env.url], [[...base, 'local', 'app'], env.local?.app],
        [[...base, 'kubernetes', 'namespace'], env.kubernetes?.namespace], [[...base, 'compose', 'project'], env.compose?.project],
        [[...base, 'compose', 'image'], env.compose?.image],
    ];
    for (const [seg, value] of templated)
        if (value)
            unknownFields(value, TEMPLATE_FIELDS, seg, waves && seg[seg.length - 1] !== 'name');
    const paths = [
        [[...base, 'local', 'app'], env.local?.app], [[...base, 'smoke', 'checks'], env.smoke?.checks],
        [[...base, 'kubernetes', 'kubeconfig'], env.kubernetes?.kubeconfig], [[...base, 'helm', 'kubeconfig'], env.helm?.kubeconfig], [[...base, 'helm', 'chart'], env.helm?.chart?.startsWith('.') ? env.helm.chart : undefined],
        ...(typeof env.kubernetes?.manifests === 'string' ? env.kubernetes.manifests.split(/[\n,;]/) : env.kubernetes?.manifests ?? []).map((m, i) => [[...base, 'kubernetes', 'manifests', i], m.trim()]),
        ...(env.helm?.values ?? []).map((v, i) => [[...base, 'helm', 'values', i], v]),
        ...(typeof env.compose?.file === 'string' ? [env.compose.file] : env.compose?.file ?? []).map((f, i) => [typeof env.compose?.file === 'string' ? [...base, 'compose', 'file'] : [...base, 'compose', 'file', i], f]),
    ];
    for (const [seg, value] of paths) {
        if (value && !(0,files_paths/* isInside */.FK)(workspace, value))
            add(seg, `path "${value}" leaves the workspace`, 'a path inside the repository, without ..');
    }
}
const STEP_FORMS = '{weight: 20, pause: 5m}; with a StatefulSet {partition: 2, pause: 5m}; with a DaemonSet {nodes: 1, pause: 5m} or {nodes: "zone=a", pause: 5m}';
/**
 * canary.steps: each step one of weight, partition (a StatefulSet's canary) or nodes (a DaemonSet's),
 * the kind its router moves; weights and node counts go up, partitions down.
 */
function stepProblems(steps, router, base, add) {
    const kindOf = (s) => ['weight', 'partition', 'nodes'].filter((k) => s[k] !== undefined);
    const wanted = router === 'partition' ? 'partition' : router === 'nodes' ? 'nodes' : 'weight';
    steps.forEach((step, i) => {
        const kinds = kindOf(step);
        if (kinds.length !== 1) {
            add([...base, i], `a step sets one of weight, partition or nodes; this one sets ${kinds.length ? kinds.join(' and ') : 'none'}`, STEP_FORMS);
            return;
        }
        const kind = kinds[0];
        if (kind === 'partition' && wanted !== 'partition')
            add([...base, i, 'partition'], `a partition step moves a StatefulSet's rollingUpdate.partition (router partition); this canary's router is ${router ?? 'none'}`, 'kubernetes.workload: statefulset/<name>, or weight steps');
        else if (kind === 'nodes' && wanted !== 'nodes')
            add([...base, i, 'nodes'], `a nodes step updates a DaemonSet node by node (router nodes); this canary's router is ${router ?? 'none'}`, 'kubernetes.workload: daemonset/<name>, or weight steps');
        else if (kind === 'weight' && wanted === 'nodes')
            add([...base, i, 'weight'], 'a DaemonSet\'s canary runs one pod per node, so its steps name nodes (a count or a node label selector), not a share of traffic', '{nodes: 1, pause: 5m}, then {nodes: "topology.kubernetes.io/zone=eu-1a", pause: 5m}');
        const prev = steps[i - 1];
        if (!prev || kindOf(prev).length !== 1 || kindOf(prev)[0] !== kind) {
            if (prev && kindOf(prev).length === 1 && kind !== 'nodes')
                add([...base, i], `steps mix ${kindOf(prev)[0]} and ${kind}`, 'every step of one kind: weights, or partitions');
            return;
        }
        if (kind === 'weight' && step.weight <= prev.weight) {
            add([...base, i, 'weight'], `weight ${step.weight} does not increase on the step before (${prev.weight})`, 'weights that increase step by step, ending at 100 or below');
        }
        if (kind === 'partition' && step.partition >= prev.partition) {
            add([...base, i, 'partition'], `partition ${step.partition} does not go down from the step before (${prev.partition}): ordinals at or above the partition are updated`, 'partitions that go down step by step, e.g. 2, 1, 0');
        }
        if (kind === 'nodes' && typeof step.nodes === 'number' && typeof prev.nodes === 'number' && step.nodes <= prev.nodes) {
            add([...base, i, 'nodes'], `nodes ${step.nodes} does not increase on the step before (${prev.nodes}): a count is the nodes updated so far`, 'counts that increase step by step, e.g. 1, 3');
        }
    });
}
/**
 * A partition or nodes step's weight is the share of pods or nodes it updates, known only from the
 * cluster (the provider resolves it); until then a nominal one keeps the steps' order (the last at 100
 * when it updates everything).
 */
function withNominalWeights(env) {
    const steps = env.canary?.steps;
    if (!steps?.some((s) => s.partition !== undefined || s.nodes !== undefined))
        return env;
    const n = steps.length;
    const nominal = steps.map((s, i) => (s.weight !== undefined ? s : { ...s, weight: s.partition === 0 ? 100 : Math.max(1, Math.round((100 * (i + 1)) / (n + 1))) }));
    return { ...env, canary: { ...env.canary, steps: nominal } };
}
function windowProblems(env, base, add) {
    const w = env.windows;
    if (!w)
        return;
    const tz = w.timezone ?? 'UTC';
    if (!validTimeZone(tz)) {
        add([...base, 'windows', 'timezone'], `"${tz}" is not a time zone this runtime knows`, 'an IANA time zone such as Europe/Berlin, America/New_York or UTC');
        return;
    }
    w.allow?.forEach((a, i) => {
        if (a.from === a.to)
            add([...base, 'windows', 'allow', i], `the window from ${a.from} to ${a.to} is empty`, 'a to different from from (a to before from runs past midnight)');
    });
    w.freezes?.forEach((f, i) => {
        const from = parseBound(f.from, tz);
        const to = parseBound(f.to, tz);
        if (!from)
            add([...base, 'windows', 'freezes', i, 'from'], `"${f.from}" is not a date or time`, 'a date (2026-12-21), a local time (2026-12-21T18:00) or an instant (2026-12-21T18:00:00Z)');
        if (!to)
            add([...base, 'windows', 'freezes', i, 'to'], `"${f.to}" is not a date or time`, 'a date (2026-12-21), a local time (2026-12-21T18:00) or an instant (2026-12-21T18:00:00Z)');
        if (from && to && to <= from)
            add([...base, 'windows', 'freezes', i], `the freeze ends (${f.to}) before it starts (${f.from})`, 'a to after from');
    });
}
/** affinity, match and mirror: one form per rule, and only on a router that carries them. */
function cohortProblems(env, provider, base, add) {
    const canary = env.canary;
    env.canary?.match?.forEach((rule, i) => {
        if (rule.header && rule.cookie)
            add([...base, 'canary', 'match', i], 'a match rule names both a header and a cookie', 'one rule per header or cookie (- header: {...} and - cookie: {...}); any rule matching sends the request to the canary');
    });
    const router = (0,routers/* routerOf */.V4)(env, provider);
    for (const feature of ['affinity', 'match', 'mirror']) {
        if (!canary?.[feature])
            continue;
        if (!router) {
            add([...base, 'canary', feature], `canary.${feature} needs a traffic router, and this environment has none (provider ${provider ?? 'unknown'})`, `a router that carries ${feature}: ${routersWith(feature)}`);
            continue;
        }
        if (!routers/* ROUTER_COHORTS */.Jg[router][feature])
            add([...base, 'canary', feature], `router ${router} cannot carry canary.${feature}`, `a router that carries ${feature}: ${routersWith(feature)}; or remove canary.${feature}`);
    }
    if (router === 'nginx-ingress' && canary?.match) {
        const headers = canary.match.filter((m) => m.header).length;
        const cookies = canary.match.filter((m) => m.cookie);
        if (headers > 1 || cookies.length > 1)
            add([...base, 'canary', 'match'], `router nginx-ingress carries one header rule and one cookie rule (canary-by-header, canary-by-cookie); this lists ${headers} header and ${cookies.length} cookie rules`, 'at most one header rule and one cookie rule, or router gateway-api');
        const wrong = cookies.find((m) => m.cookie?.value !== 'always');
        if (wrong)
            add([...base, 'canary', 'match'], `router nginx-ingress sends a cookie cohort to the canary only at the value "always" (canary-by-cookie), not "${wrong.cookie?.value}"`, `cookie: { name: ${wrong.cookie?.name}, value: always }, or a header rule`);
    }
    if (router === 'nginx' && (canary?.affinity || canary?.match || canary?.mirror) && env.traffic?.nginx && !env.traffic.nginx.location) {
        add([...base, 'traffic', 'nginx'], 'canary.affinity, match and mirror on nginx need a location file: Glidepath writes the route by cohort there, for your location block to include', 'location: /etc/nginx/glidepath/<app>.location (then `include` it in the location in place of proxy_pass; see docs/cohorts.md)');
    }
}
const routersWith = (feature) => Object.keys(routers/* ROUTER_COHORTS */.Jg).filter((r) => routers/* ROUTER_COHORTS */.Jg[r][feature]).join(', ');
/** minEffect is a share of requests for error rates and a duration for latencies, and only sequential tests plan with it. */
function minEffectProblem(m, test, latency, add) {
    const v = m.minEffect;
    const percent = typeof v === 'string' && /%\s*$/.test(v);
    if (test !== 'sequential')
        return add('minEffect is what a sequential test plans its evidence for', 'test: sequential, or maxDifference for a fixed test');
    if (latency) {
        if (percent)
            return add(`"${v}" is a share, and a latency regression is a duration`, 'a duration such as 25ms');
        if (typeof v === 'string') {
            try {
                (0,duration/* parseDuration */.E9)(v);
            }
            catch {
                add(`"${v}" is not a duration`, 'a duration such as 25ms');
            }
        }
        return;
    }
    if (typeof v === 'string' && !percent)
        return add(`"${v}" is not a share of requests`, 'a share such as 1% (or 0.01)');
    const share = typeof v === 'number' ? v : Number(String(v).replace('%', '').trim()) / 100;
    if (!(share > 0 && share < 1))
        add(`minEffect ${typeof v === 'number' ? v : `"${v}"`} is not a share of requests between 0 and 100%`, 'a share such as 1% (or 0.01)');
}
/**
 * A comparison with a baseline must be one the source can make: the baseline must be measurable, and a
 * sequential test needs counts (errors out of requests, or latency histograms).
 */
function comparisonProblems(m, where, add) {
    const compareFields = ['maxIncrease', 'maxDifference', 'test', 'alpha', 'detectIncrease', 'minEffect', 'power', 'baselineQuery', 'baselineUrl'];
    if (!m.compare) {
        for (const f of compareFields)
            if (m[f] !== undefined)
                add(f, `${f} needs compare`, where === 'canary' ? 'compare: stable' : 'compare: previous');
        return;
    }
    if (where === 'canary' && m.compare !== 'stable')
        add('compare', 'a canary is compared with the stable version serving beside it', 'compare: stable (compare: previous is for verify windows)');
    if (where === 'verify' && m.compare !== 'previous')
        add('compare', 'a verify window judges the version after the switch against the one before it', 'compare: previous');
    const test = m.test ?? 'sequential';
    const latency = m.metric?.startsWith('latency');
    const counts = m.metric === 'error-rate' || m.metric === 'success-rate';
    if (m.metric === 'request-count')
        add('metric', 'request counts depend on the traffic split; they are not compared with a baseline', 'error-rate, success-rate or a latency metric');
    if (m.source === 'http' && !m.baselineUrl && !(m.url ?? '').includes('{{version}}'))
        add('baselineUrl', 'source http cannot measure a baseline without a baseline URL', 'baselineUrl, or {{version}} in url');
    if (m.source === 'probe' && m.url && !m.baselineUrl)
        add('baselineUrl', 'a probe with its own url cannot reach the baseline', 'baselineUrl (or no url: the local provider and the nginx router know both versions)');
    if (m.source === 'prometheus' && !m.baselineQuery && !(m.query ?? '').includes('{{version}}'))
        add('query', 'source prometheus cannot measure a baseline: the query names no {{version}}', 'a query with {{version}} (rendered for each version), or baselineQuery');
    if (m.minEffect !== undefined)
        minEffectProblem(m, test, latency, (message, expected) => add('minEffect', message, expected));
    if (test === 'sequential') {
        if (m.maxDifference !== undefined)
            add('maxDifference', 'a sequential test compares rates as a ratio', 'maxIncrease (relative), or test: fixed for an absolute allowance');
        if (m.source === 'prometheus' && !(counts && m.volumeQuery))
            add(counts ? 'volumeQuery' : 'test', 'a sequential test on Prometheus needs counts: an error rate with its request volume', counts ? 'volumeQuery: the request count over {{interval}} for {{version}}' : 'test: fixed');
        if (m.source === 'http')
            add('test', 'a sequential test needs counts, and an http source gives one value', 'test: fixed');
        if (!counts && !latency && m.source !== 'prometheus' && m.source !== 'http' && !(m.source === 'probe' && !m.metric))
            add('metric', 'a sequential test needs counts (error-rate, success-rate) or latencies', 'metric: error-rate or latency-p95');
    }
}


/***/ }),

/***/ 1569:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  pj: () => (/* binding */ environmentFields),
  g9: () => (/* binding */ resolveEnvironment),
  WX: () => (/* binding */ templateContext)
});

// UNUSED EXPORTS: resolveTargetEnvironment

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
;// CONCATENATED MODULE: ./shared/config/durations.ts

const DEFAULTS = {
    lockTimeout: '5m',
    minReady: '500ms',
    previewMaxWait: '30m',
    verifyInterval: '30s',
    abortPause: '30s',
    canaryMaxWait: '24h',
    analysisInterval: '1m',
    nginxSettle: '500ms',
};
const ms = (value, name) => (0,duration/* parseDuration */.E9)(value, name);
const maybe = (value, name) => (value === undefined ? undefined : ms(value, name));
/** An environment's previews section's durations (the reaper reads them without resolving the environment). */
function previewDurations(previews, key = 'environment') {
    return {
        ttl: maybe(previews?.ttl, `environments.${key}.previews.ttl`),
        idle: maybe(previews?.idle, `environments.${key}.previews.idle`),
        maxWait: ms(previews?.maxWait ?? DEFAULTS.previewMaxWait, `environments.${key}.previews.maxWait`),
    };
}
/** The durations of an environment whose timeout is `timeoutMs` (named under environments.<key> in messages). */
function durations_environmentDurations(env, timeoutMs, key = 'environment') {
    const at = (path) => `environments.${key}.${path}`;
    const canary = env.canary;
    const rollbackTimeout = env.kubernetes?.rollbackTimeout ?? env.helm?.rollbackTimeout;
    return {
        lockTimeout: ms(env.lock?.timeout ?? DEFAULTS.lockTimeout, at('lock.timeout')),
        minReady: ms(env.local?.minReady ?? env.compose?.minReady ?? DEFAULTS.minReady, at(env.compose?.minReady !== undefined ? 'compose.minReady' : 'local.minReady')),
        failFast: maybe(env.kubernetes?.failFast, at('kubernetes.failFast')),
        rollbackTimeout: rollbackTimeout === undefined ? timeoutMs : ms(rollbackTimeout, at('rollbackTimeout')),
        previews: previewDurations(env.previews, key),
        bake: ms(env.waves?.bake ?? 0, at('waves.bake')),
        verify: env.verify ? { window: ms(env.verify.window, at('verify.window')), interval: ms(env.verify.interval ?? DEFAULTS.verifyInterval, at('verify.interval')) } : undefined,
        rollbackWindow: maybe(env.rollback?.window, at('rollback.window')),
        canary: {
            abortPause: ms(canary?.abort?.pause ?? DEFAULTS.abortPause, at('canary.abort.pause')),
            holdTimeout: maybe(canary?.holdTimeout, at('canary.holdTimeout')),
            maxWait: ms(canary?.maxWait ?? DEFAULTS.canaryMaxWait, at('canary.maxWait')),
            steps: (canary?.steps ?? []).map((s, i) => ({ pause: ms(s.pause ?? 0, at(`canary.steps[${i}].pause`)), ...(s.interval !== undefined ? { interval: ms(s.interval, at(`canary.steps[${i}].interval`)) } : {}) })),
        },
        analysis: {
            interval: ms(canary?.analysis?.interval ?? DEFAULTS.analysisInterval, at('canary.analysis.interval')),
            warmup: ms(canary?.analysis?.warmup ?? 0, at('canary.analysis.warmup')),
        },
        nginxSettle: ms(env.traffic?.nginx?.settle ?? DEFAULTS.nginxSettle, at('traffic.nginx.settle')),
    };
}

// EXTERNAL MODULE: ./shared/template/render.ts
var template_render = __webpack_require__(9273);
// EXTERNAL MODULE: ./shared/config/schema-validate.ts + 6 modules
var schema_validate = __webpack_require__(4242);
// EXTERNAL MODULE: ./shared/config/branch-table.ts
var branch_table = __webpack_require__(8844);
// EXTERNAL MODULE: ./shared/config/load.ts + 2 modules
var load = __webpack_require__(4364);
// EXTERNAL MODULE: ./shared/config/targets.ts
var targets = __webpack_require__(3923);
;// CONCATENATED MODULE: ./shared/config/resolve.ts








const DEFAULT_TIMEOUT = '10m';
/** The template fields an environment gives its provider settings: its name and, for a waves target, the target's. */
function environmentFields(env) {
    return { environment: env.name, target: env.target };
}
function templateContext(ctx, extra = {}) {
    return {
        branch: ctx.branch ?? ctx.pr?.headRef,
        tag: ctx.tag,
        ref: ctx.ref,
        sha: ctx.sha,
        shortSha: ctx.sha.slice(0, 7),
        repo: ctx.repository.split('/')[1],
        repository: ctx.repository,
        actor: ctx.actor,
        pr: ctx.pr ? { number: ctx.pr.number, title: ctx.pr.title, headRef: ctx.pr.headRef, baseRef: ctx.pr.baseRef } : undefined,
        run: { id: ctx.runId, number: ctx.runNumber, attempt: ctx.runAttempt },
        ...extra,
    };
}
/**
 * Picks the environment for this run: an explicit name wins, then workflow_dispatch's input, then the
 * branch/tag/PR against each environment's patterns. An exact pattern beats a glob; ties go to file order.
 */
function resolveEnvironment(config, ctx, explicit, version) {
    const names = Object.keys(config.environments);
    const wanted = explicit || ctx.dispatchEnvironment;
    if (wanted) {
        const key = names.find((n) => n === wanted) ?? names.find((n) => safeName(config, n, ctx, version) === wanted);
        if (!key) {
            const suggestion = (0,schema_validate/* didYouMean */.au)(wanted, names);
            throw new errors/* GlidepathError */.HT('GP-CONFIG-004', `Environment "${wanted}" is not in ${config.file}.`, {
                file: config.file,
                fix: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Known environments: ${names.join(', ')}.`,
            });
        }
        return { kind: 'resolved', environment: build(config, key, ctx, version, explicit ? 'the environment input' : 'the workflow_dispatch input') };
    }
    if (ctx.eventName === 'schedule') {
        // A nightly cron on the default branch must not deploy production because main maps there: an
        // environment claims a schedule by listing its cron. Without any schedules: the branch, as before.
        const claimed = names.filter((n) => config.environments[n].schedules);
        if (claimed.length > 0) {
            const cron = normaliseCron(ctx.schedule ?? '');
            const key = claimed.find((n) => config.environments[n].schedules.some((s) => s === '*' || normaliseCron(s) === cron));
            if (!key)
                return { kind: 'none', reason: `the schedule "${ctx.schedule ?? '(unknown)'}" is listed by no environment's schedules in ${config.file}` };
            return { kind: 'resolved', environment: build(config, key, ctx, version, `the schedule "${ctx.schedule}" is listed in its schedules`) };
        }
    }
    const isPr = ctx.eventName.startsWith('pull_request');
    const branch = isPr ? ctx.pr?.headRef : ctx.branch;
    let best;
    for (const key of names) {
        const env = config.environments[key];
        if (isPr !== Boolean(env.pullRequests))
            continue;
        const patterns = ctx.tag && !isPr ? env.tags ?? [] : env.branches ?? (isPr ? ['**'] : []);
        const subject = ctx.tag && !isPr ? ctx.tag : branch;
        if (subject === undefined)
            continue;
        // GitHub's order semantics: the last matching pattern decides, and `!pattern` excludes.
        const pattern = (0,branch_table/* filterMatch */.Cg)(patterns, subject);
        if (pattern === undefined)
            continue;
        const score = /[*?+[]/.test(pattern) ? 1 : 2;
        if (!best || score > best.score)
            best = { key, score, pattern };
    }
    const subject = ctx.tag && !isPr ? `tag ${ctx.tag}` : `${isPr ? 'pull request head branch' : 'branch'} ${branch ?? '(none)'}`;
    if (!best)
        return { kind: 'none', reason: `${subject} (${ctx.eventName}) matches no environment in ${config.file}` };
    return { kind: 'resolved', environment: build(config, best.key, ctx, version, `${subject} matches "${best.pattern}"`) };
}
/** One target of a waves environment, as an environment of its own named <environment>/<target>. */
function resolveTargetEnvironment(parent, target, wave, ctx, version) {
    const config = mergeTarget(parent.config, target);
    const name = `${parent.name}/${target.name}`;
    // The target's own url sees its own name; the environment's url (a template for every target, such
    // as https://{{target}}.shop.example) sees the environment's name, as it does without targets.
    const url = target.url
        ? render(target.url, templateContext(ctx, { environment: name, target: target.name, version }), `environments.${parent.key}.targets.${target.name}.url`)
        : parent.config.url ? render(parent.config.url, templateContext(ctx, { environment: parent.name, target: target.name, version }), `environments.${parent.key}.url`) : undefined;
    return { ...parent, name, config, durations: environmentDurations(config, parent.timeoutMs, parent.key), url, provider: target.provider ?? parent.provider, target: target.name, reason: `target ${target.name} of ${parent.name}, wave ${wave}` };
}
function normaliseCron(cron) {
    return cron.trim().split(/\s+/).join(' ');
}
function safeName(config, key, ctx, version) {
    try {
        return build(config, key, ctx, version, '').name;
    }
    catch {
        return undefined;
    }
}
function build(config, key, ctx, version, reason) {
    const env = config.environments[key];
    const provider = (env.provider ?? (0,targets/* inferProvider */.mv)(env) ?? config.defaults?.provider);
    const name = env.name ? (0,template_render/* render */.XX)(env.name, templateContext(ctx, { environment: key, version }), `environments.${key}.name`) : key;
    const tctx = templateContext(ctx, { environment: name, version });
    const timeoutMs = (0,duration/* parseDuration */.E9)(env.timeout ?? config.defaults?.timeout ?? DEFAULT_TIMEOUT, `environments.${key}.timeout`);
    return {
        key,
        name,
        config: env,
        provider,
        strategy: env.strategy ?? config.defaults?.strategy ?? 'rolling',
        // With targets, the url may name {{target}}: each target renders it (resolveTargetEnvironment).
        url: env.url && !(env.targets && (0,template_render/* placeholders */.Ft)(env.url).includes(load/* TARGET_FIELD */.L)) ? (0,template_render/* render */.XX)(env.url, tctx, `environments.${key}.url`) : undefined,
        timeoutMs,
        durations: durations_environmentDurations(env, timeoutMs, key),
        production: env.production ?? false,
        transient: env.transient ?? false,
        reason,
    };
}


/***/ }),

/***/ 3923:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j5: () => (/* binding */ waveOf),
/* harmony export */   mv: () => (/* binding */ inferProvider),
/* harmony export */   ux: () => (/* binding */ mergeTarget)
/* harmony export */ });
/* unused harmony export wavesOf */
/** The target's wave: its `wave`, or (without one) its own wave in list order. */
function waveOf(env, target) {
    const targets = env.targets ?? [];
    if (targets.every((t) => t.wave === undefined))
        return targets.indexOf(target) + 1;
    return target.wave ?? 1;
}
/** The waves in the order they roll out; each lists its targets in config order. */
function wavesOf(env) {
    const byNumber = new Map();
    for (const t of env.targets ?? []) {
        const n = waveOf(env, t);
        byNumber.set(n, [...(byNumber.get(n) ?? []), t]);
    }
    return [...byNumber.entries()].sort((a, b) => a[0] - b[0]).map(([number, targets]) => ({ number, targets }));
}
/** The provider an environment's sections name (its first: local, command, kubernetes, helm, compose). */
function inferProvider(env) {
    for (const p of ['local', 'command', 'kubernetes', 'helm', 'compose'])
        if (env[p])
            return p;
    return undefined;
}
/**
 * The environment as one target sees it: provider sections merged key by key, its own url and verify.
 * A target of another provider than the environment's (a mixed fleet) does not take the environment's
 * `ssh` and `traffic`: they say how the environment's own provider reaches and routes its hosts.
 */
function mergeTarget(env, target) {
    const { targets: _targets, waves: _waves, ...base } = env;
    const merged = { ...base };
    if (target.provider && target.provider !== (env.provider ?? inferProvider(env))) {
        delete merged.ssh;
        delete merged.traffic;
    }
    if (target.local)
        merged.local = { ...env.local, ...target.local };
    if (target.command)
        merged.command = { ...env.command, ...target.command };
    if (target.kubernetes)
        merged.kubernetes = { ...env.kubernetes, ...target.kubernetes };
    if (target.compose)
        merged.compose = { ...env.compose, ...target.compose };
    if (target.helm)
        merged.helm = { ...env.helm, ...target.helm };
    if (target.ssh)
        merged.ssh = { ...env.ssh, ...target.ssh };
    if (target.traffic) {
        const nginx = env.traffic?.nginx || target.traffic.nginx ? { ...env.traffic?.nginx, ...target.traffic.nginx } : undefined;
        merged.traffic = { ...env.traffic, ...target.traffic, ...(nginx ? { nginx } : {}) };
    }
    if (target.url)
        merged.url = target.url;
    if (target.verify)
        merged.verify = target.verify;
    if (target.provider)
        merged.provider = target.provider;
    return merged;
}


/***/ }),

/***/ 9273:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ft: () => (/* binding */ placeholders),
/* harmony export */   XX: () => (/* binding */ render),
/* harmony export */   hX: () => (/* binding */ unknownPlaceholders)
/* harmony export */ });
/* unused harmony export lookup */
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);

// A deliberately tiny renderer: `{{ a.b.c }}` looks a dotted path up in a context object.
// No expressions, no filters, no code: config authors get substitution, event values stay data.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
function placeholders(template) {
    return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
function lookup(context, path) {
    let value = context;
    for (const part of path.split('.')) {
        if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part))
            return undefined;
        value = value[part];
    }
    return value;
}
/** Checks every placeholder names a known field, without a context (used when the config is loaded). */
function unknownPlaceholders(template, known) {
    return placeholders(template).filter((p) => !PATH.test(p) || !known.some((k) => p === k || p.startsWith(`${k}.`)));
}
function render(template, context, where = 'template') {
    return template.replace(PLACEHOLDER, (_whole, expr) => {
        if (!PATH.test(expr)) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CONFIG-005', `${where}: "{{${expr}}}" is not a field name.`, {
                fix: 'Placeholders take a dotted field name only, such as {{pr.number}} or {{version}}.',
            });
        }
        const value = lookup(context, expr);
        if (value === undefined || value === null || typeof value === 'object') {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-CONFIG-005', `${where}: "{{${expr}}}" has no value here.`, {
                fix: `Use one of: ${Object.keys(context).join(', ')} (and their fields).`,
            });
        }
        return String(value);
    });
}


/***/ })

};
