export const id = 612;
export const ids = [612];
export const modules = {

/***/ 3899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ freePort),
/* harmony export */   u: () => (/* binding */ listening)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);

// Ports on this machine: one free to listen on, and whether something listens at an address.
/** A port free on 127.0.0.1 now (the OS's choice; taken back at once, so a race is possible but rare). */
function freePort() {
    return new Promise((resolve, reject) => {
        const srv = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.createServer)();
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            const port = typeof addr === 'object' && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}
/** Something accepts connections at host:port. */
function listening(address, timeoutMs = 1000) {
    const at = address.lastIndexOf(':');
    return new Promise((resolve) => {
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.connect)(Number(address.slice(at + 1)), address.slice(0, at));
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

/***/ 8716:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  o: () => (/* binding */ HostEnvironment)
});

// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/state/store.ts
var store = __webpack_require__(8529);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
;// CONCATENATED MODULE: ./shared/ssh/lock.ts



// The environment's lock held on the host itself (issue 24), as a Kubernetes Lease is in a cluster: two
// runners deploying to one host never interleave. A directory made atomically by mkdir, with its
// holder and the host's clock at the last renewal; the holder renews it while it runs, and a lock not
// renewed for LEASE_SECONDS (a runner that died) is taken over. All times are the host's own.
const LEASE_SECONDS = 45;
const RENEW_MS = 10_000;
const POLL_MS = 500;
// $1 lock directory, $2 holder, $3 lease seconds. Prints "acquired", "recovered <holder>" or "held <holder>".
const TAKE = `d="$1"; mkdir -p "$(dirname "$d")"; now=$(date +%s)
if mkdir "$d" 2>/dev/null; then
  # A lock without its holder would look stale to the next run at once: undo it rather than hold it so.
  if printf '%s\\n%s\\n' "$2" "$now" > "$d/holder"; then echo acquired; exit 0; fi
  rm -rf "$d"; echo "could not write $d/holder" >&2; exit 5
fi
h=$(sed -n 1p "$d/holder" 2>/dev/null); t=$(sed -n 2p "$d/holder" 2>/dev/null)
case "$t" in ''|*[!0-9]*) t=0 ;; esac
if [ $((now - t)) -gt "$3" ]; then
  if printf '%s\\n%s\\n' "$2" "$now" > "$d/holder.$$" && mv -f "$d/holder.$$" "$d/holder"; then echo "recovered $h"; exit 0; fi
  rm -f "$d/holder.$$"; echo "could not write $d/holder" >&2; exit 5
fi
echo "held $h"`;
// Renews (or releases, with $3 = release) only while this run is the holder.
const RENEW = `d="$1"; [ "$(sed -n 1p "$d/holder" 2>/dev/null)" = "$2" ] || exit 4
if [ "$3" = release ]; then rm -rf "$d"; else printf '%s\\n%s\\n' "$2" "$(date +%s)" > "$d/holder.$$" && mv -f "$d/holder.$$" "$d/holder"; fi`;
async function acquireHostLock(host, dir, options) {
    const holder = `${options.action}${options.runId ? ` run ${options.runId}` : ''} pid ${process.pid}@${(0,external_node_os_.hostname)()}`;
    const deadline = Date.now() + options.timeoutMs;
    let waited = false;
    for (;;) {
        const r = await host.capture(TAKE, [dir, holder, String(LEASE_SECONDS)], 30_000, 'lock');
        const said = r.stdout.trim();
        if (r.code === 0 && (said === 'acquired' || said.startsWith('recovered'))) {
            if (said.startsWith('recovered'))
                options.onRecover?.(`${said.slice('recovered '.length) || 'an unknown run'} on ${host.label}`);
            break;
        }
        if (r.code !== 0 && !said.startsWith('held')) {
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `Could not take the lock ${dir} on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${host.user} may write ${dir} on the host, and its free disk space.` });
        }
        if (Date.now() >= deadline) {
            throw new errors/* GlidepathError */.HT('GP-LOCK-001', `Environment is locked on ${host.label} by ${said.slice('held '.length) || 'another run'}; waited ${(0,duration/* formatDuration */.a3)(options.timeoutMs)}.`, {
                fix: `Let the other run finish, or raise lock-timeout. A holder that stops renewing is taken over after ${LEASE_SECONDS}s.`,
            });
        }
        if (!waited)
            options.onWait?.(said.slice('held '.length) || 'another run');
        waited = true;
        await (0,duration/* sleep */.yy)(POLL_MS);
    }
    let renewing = Promise.resolve();
    const timer = setInterval(() => {
        renewing = host.capture(RENEW, [dir, holder, 'renew'], 20_000, 'lock renew').catch(() => undefined);
    }, RENEW_MS);
    timer.unref();
    return {
        release: async () => {
            clearInterval(timer);
            await renewing;
            await host.capture(RENEW, [dir, holder, 'release'], 20_000, 'lock release');
        },
    };
}

;// CONCATENATED MODULE: ./shared/ssh/environment.ts



// The environment's own directory on a host reached over SSH (issue 24): its lock and its state live
// there, so two runners never interleave on the host and a fresh runner (a hosted one) finds what the
// last run left. Every provider that runs over SSH keeps them the same way, through this one class.
const STATE_TIMEOUT_MS = 30_000;
class HostEnvironment {
    host;
    /** Relative to ssh.dir (or the user's home): `.glidepath/<environment>`. */
    dir;
    constructor(host, environmentName) {
        this.host = host;
        this.dir = `.glidepath/${(0,store/* environmentSlug */.Hn)(environmentName)}`;
    }
    /** Checks the key, the host key and the connection, and makes the directory: before anything changes anywhere. */
    async ensure(timeoutMs) {
        const r = await this.host.run('mkdir -p "$1"', { args: [this.dir], timeoutMs: Math.min(timeoutMs, STATE_TIMEOUT_MS), label: 'preflight' });
        if (r.code !== 0) {
            throw new errors/* GlidepathError */.HT('GP-SSH-002', `${this.host.label} refused to create ${this.dir}: ${r.output.trim() || `exit ${r.code}`}.`, {
                fix: `Check that ${this.host.user} may write its home directory (or ssh.dir) on the host, and its free disk space.`,
            });
        }
    }
    lock(options) {
        return acquireHostLock(this.host, `${this.dir}/lock`, options);
    }
    async load() {
        const text = await this.host.readFile(`${this.dir}/state.json`, STATE_TIMEOUT_MS);
        return text ? JSON.parse(text) : undefined;
    }
    save(state) {
        return this.host.writeFile(`${this.dir}/state.json`, `${JSON.stringify(state, null, 2)}\n`, STATE_TIMEOUT_MS);
    }
}


/***/ }),

/***/ 5145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fQ: () => (/* binding */ SshHost)
/* harmony export */ });
/* unused harmony exports shellQuote, remoteCommand */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7364);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8565);
/* harmony import */ var _http_ports_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3899);







// A host reached over SSH (issue 24), with the OpenSSH client on the runner: the private key and the
// known hosts come from environment variables (secrets) by name, are written to a directory only this
// user can read and removed when the process ends. Host keys are verified: strict (the default) needs
// them given; accept-new trusts a host's key the first time and records it in the environment's state
// directory, refusing a changed one ever after. One multiplexed connection (ControlMaster) per host
// carries every command of a run. Commands are trusted strings from the config; everything that varies
// per run travels as variables, single-quoted on the remote command line (never interpreted).
const DEFAULT_KEY_VARIABLE = 'GLIDEPATH_SSH_KEY';
const DEFAULT_KNOWN_HOSTS_VARIABLE = 'GLIDEPATH_SSH_KNOWN_HOSTS';
const CONNECT_TIMEOUT_S = 10;
/** ssh exits 255 for its own failures (connection, authentication, host key); anything else is the command's. */
const SSH_FAILED = 255;
/** A POSIX shell word: the value between single quotes, every quote closed, escaped and reopened. */
const shellQuote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The remote command line: variables as quoted assignments, then sh -c with the script and its arguments. */
function remoteCommand(script, env = {}, args = [], cwd) {
    const assignments = Object.entries(env).map(([k, v]) => {
        if (!VARIABLE_NAME.test(k))
            throw new Error(`not a variable name: ${k}`);
        return `${k}=${shellQuote(v)}`;
    });
    const run = `env ${assignments.join(' ')} /bin/sh -c ${shellQuote(script)} glidepath ${args.map(shellQuote).join(' ')}`.replace(/\s+$/, '');
    return cwd ? `{ cd ${shellQuote(cwd)} 2>/dev/null || { echo ${NO_DIR} >&2; exit ${NO_DIR_EXIT}; }; } && ${run}` : run;
}
/** How the remote line says ssh.dir is not there (an exit code and a word on stderr, so a command's own 97 is not taken for it). */
const NO_DIR = 'glidepath-no-such-dir';
const NO_DIR_EXIT = 97;
const live = new Set();
let exitHook = false;
class SshHost {
    cfg;
    env;
    recordDir;
    dir;
    argv;
    forwards = new Map();
    /**
     * `env`: where the key and known hosts variables are read (the runner's environment, never sent).
     * `recordDir`: where accept-new records the keys it trusted (the environment's state directory).
     */
    constructor(cfg, env, recordDir) {
        this.cfg = cfg;
        this.env = env;
        this.recordDir = recordDir;
    }
    get user() {
        return this.cfg.user ?? 'root';
    }
    get label() {
        return `${this.user}@${this.cfg.host}${this.cfg.port && this.cfg.port !== 22 ? `:${this.cfg.port}` : ''}`;
    }
    /** Checks the key and known hosts are there (before anything changes); prepares the connection files. */
    prepare() {
        if (this.argv)
            return this.argv;
        const keyVar = this.cfg.key ?? DEFAULT_KEY_VARIABLE;
        const knownVar = this.cfg.knownHosts ?? DEFAULT_KNOWN_HOSTS_VARIABLE;
        const key = this.env[keyVar];
        if (!key?.trim()) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-001', `No SSH private key for ${this.label}: the variable ${keyVar} is empty or unset.`, {
                fix: `Pass the key from a secret: env: { ${keyVar}: \${{ secrets.DEPLOY_SSH_KEY }} } on the step (or name another variable in ssh.key).`,
            });
        }
        const policy = this.cfg.hostKeys ?? 'strict';
        const known = this.env[knownVar] ?? '';
        if (policy === 'strict' && !known.trim()) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-001', `No known host keys for ${this.label}: the variable ${knownVar} is empty or unset, and ssh.hostKeys is strict.`, {
                fix: `Put the host's key line (ssh-keyscan -p ${this.cfg.port ?? 22} ${this.cfg.host}, checked out of band) in a secret or variable passed as ${knownVar}, or set ssh.hostKeys: accept-new to trust it on first use (recorded, a changed key refused).`,
            });
        }
        const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir)(), 'glidepath-ssh-'));
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(dir, 0o700);
        const keyFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'key');
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
        let knownFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'known_hosts');
        if (policy === 'accept-new') {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(this.recordDir, { recursive: true });
            knownFile = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.recordDir, 'ssh_known_hosts');
            const recorded = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(knownFile) ? (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(knownFile, 'utf8') : '';
            const missing = known.split('\n').filter((l) => l.trim() && !recorded.includes(l.trim()));
            if (missing.length)
                (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(knownFile, `${recorded}${recorded && !recorded.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`, { mode: 0o600 });
        }
        else
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(knownFile, known.endsWith('\n') ? known : `${known}\n`, { mode: 0o600 });
        this.dir = dir;
        this.argv = [
            '-F', '/dev/null',
            '-i', keyFile,
            '-o', 'IdentitiesOnly=yes',
            '-o', 'BatchMode=yes',
            '-o', `StrictHostKeyChecking=${policy === 'accept-new' ? 'accept-new' : 'yes'}`,
            '-o', `UserKnownHostsFile=${knownFile}`,
            '-o', 'GlobalKnownHostsFile=/dev/null',
            '-o', `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
            '-o', 'ServerAliveInterval=5',
            '-o', 'ServerAliveCountMax=3',
            '-o', 'ControlMaster=auto',
            '-o', `ControlPath=${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'cm')}`,
            '-o', 'ControlPersist=30',
            '-o', 'LogLevel=ERROR',
            '-p', String(this.cfg.port ?? 22),
            '-l', this.user,
        ];
        live.add(this);
        if (!exitHook) {
            exitHook = true;
            process.once('exit', () => { for (const h of live)
                h.closeSync(); });
        }
        return this.argv;
    }
    /** Runs a script on the host; a failure of ssh itself (unreachable, key refused, host key) is an error. */
    async run(script, options) {
        const argv = this.prepare();
        const result = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .runStreaming */ .SL)('ssh', [...argv, this.cfg.host, '--', remoteCommand(script, options.env, options.args, this.cfg.dir)], {
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
            cwd: (0,node_os__WEBPACK_IMPORTED_MODULE_3__.tmpdir)(),
            timeoutMs: options.timeoutMs,
            label: `${options.label} on ${this.label}`,
            input: options.input,
            registry: options.registry,
            onLine: options.onLine,
        });
        if (result.code === SSH_FAILED)
            this.fail(result.output);
        if (result.code === NO_DIR_EXIT && result.output.includes(NO_DIR))
            this.noDir();
        return result;
    }
    noDir() {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-004', `The directory ${this.cfg.dir} (ssh.dir) does not exist on ${this.label}, or ${this.user} cannot enter it. Nothing was run there.`, {
            fix: `Create ${this.cfg.dir} on ${this.cfg.host} for ${this.user}, or correct ssh.dir (without it, commands run in the user's home).`,
        });
    }
    fail(output) {
        const said = output.trim().split('\n').filter(Boolean).slice(-3).join(' | ') || 'the connection was lost (ssh exited 255 with no message: the host closed it or the network dropped it)';
        if (/host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .*host key is known/i.test(output)) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-003', `The host key of ${this.label} is not trusted: ${said}. Nothing was run there.`, {
                fix: 'If the host was rebuilt, check its new key out of band and update the known hosts you pass (or the recorded ssh_known_hosts in the state directory); otherwise someone may be impersonating it.',
            });
        }
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-002', `Could not run on ${this.label}: ${said}.`, {
            fix: `Check that ${this.cfg.host} is up and reachable from the runner on port ${this.cfg.port ?? 22}, that the key is authorised for ${this.user}, and the firewall.`,
        });
    }
    /** Writes a file on the host atomically (a temporary file renamed over it). */
    async writeFile(path, content, timeoutMs) {
        const r = await this.run('mkdir -p "$(dirname "$1")" && cat > "$1.glidepath-tmp" && mv -f "$1.glidepath-tmp" "$1"', { args: [path], input: content, timeoutMs, label: `write ${path}` });
        if (r.code !== 0)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-002', `Could not write ${path} on ${this.label}: ${r.output.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.user} may write ${path} on ${this.cfg.host}, and its free disk space.` });
    }
    /** A file's content on the host, undefined when it does not exist. */
    async readFile(path, timeoutMs) {
        const r = await this.capture('[ -f "$1" ] || exit 3; cat "$1"', [path], timeoutMs, `read ${path}`);
        if (r.code === 3)
            return undefined;
        if (r.code !== 0)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-002', `Could not read ${path} on ${this.label}: ${r.stderr.trim() || `exit ${r.code}`}.`, { fix: `Check that ${this.user} may read ${path} on ${this.cfg.host}.` });
        return r.stdout;
    }
    /** Runs a script and keeps its stdout apart (for what the host answers, not what it logs). */
    async capture(script, args, timeoutMs, label) {
        const argv = this.prepare();
        const r = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .runProgram */ .mB)('ssh', [...argv, this.cfg.host, '--', remoteCommand(script, {}, args, this.cfg.dir)], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `${label} on ${this.label}` });
        if (r.code === SSH_FAILED)
            this.fail(r.stderr);
        if (r.code === NO_DIR_EXIT && r.stderr.includes(NO_DIR))
            this.noDir();
        return r;
    }
    /**
     * A local address that reaches `remote` (host:port as the host sees it, usually 127.0.0.1:port) through
     * the shared connection: the runner probes a canary on the host without any port of the host being
     * open to it. The forward lives with the connection; a dead one is made again.
     */
    async forward(remote, timeoutMs, onNew) {
        const known = this.forwards.get(remote);
        if (known && (await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_6__/* .listening */ .u)(known)))
            return known;
        // The forward rides on the master connection: make sure it is up (a no-op when it is).
        const up = await this.capture('true', [], timeoutMs, 'connect');
        if (up.code !== 0)
            this.fail(up.stderr);
        const port = await (0,_http_ports_js__WEBPACK_IMPORTED_MODULE_6__/* .freePort */ .o)();
        const local = `127.0.0.1:${port}`;
        const r = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .runProgram */ .mB)('ssh', [...this.argv, '-O', 'forward', '-L', `${local}:${remote}`, this.cfg.host], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `forward to ${remote} on ${this.label}` });
        if (r.code !== 0) {
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-002', `Could not reach ${remote} on ${this.label} through the SSH connection: ${r.stderr.trim() || `exit ${r.code}`}.`, {
                fix: `Check that sshd on ${this.cfg.host} allows TCP forwarding (AllowTcpForwarding yes or local) for ${this.user}.`,
            });
        }
        this.forwards.set(remote, local);
        onNew?.(local);
        return local;
    }
    /**
     * The environment for a Docker CLI (and Compose) on the runner to drive this host's engine: DOCKER_HOST
     * ssh://, and first on PATH an `ssh` that is OpenSSH with this host's key, known hosts and shared
     * connection (docker runs `ssh ... docker system dial-stdio`, which then rides the multiplexed
     * connection). The host needs only sshd and Docker; its engine's socket is never exposed.
     */
    dockerEnv(path = process.env.PATH ?? '/usr/bin:/bin') {
        const argv = this.prepare();
        const bin = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, 'bin');
        const wrapper = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(bin, 'ssh');
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(wrapper)) {
            const real = path.split(':').map((d) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(d, 'ssh')).find((f) => !f.startsWith(bin) && (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(f)) ?? 'ssh';
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(bin, { mode: 0o700 });
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(wrapper, `#!/bin/sh\nexec ${shellQuote(real)} ${argv.map(shellQuote).join(' ')} "$@"\n`, { mode: 0o700 });
        }
        return { DOCKER_HOST: `ssh://${this.user}@${this.cfg.host.includes(':') ? `[${this.cfg.host}]` : this.cfg.host}:${this.cfg.port ?? 22}`, PATH: `${bin}:${path}` };
    }
    /** Ends the shared connection and removes the key (also done when the process exits). */
    closeSync() {
        if (!this.dir)
            return;
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_1__.spawnSync)('ssh', ['-o', `ControlPath=${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.dir, 'cm')}`, '-O', 'exit', this.cfg.host], { stdio: 'ignore', timeout: 3000 });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(this.dir, { recursive: true, force: true });
        this.dir = undefined;
        this.argv = undefined;
        this.forwards.clear();
        live.delete(this);
    }
}


/***/ }),

/***/ 2501:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Sx: () => (/* binding */ NginxRouter),
  lM: () => (/* binding */ sshNginxHost)
});

// UNUSED EXPORTS: mirrorPath

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./shared/errors/index.ts
var errors = __webpack_require__(7364);
// EXTERNAL MODULE: ./shared/process/run.ts
var run = __webpack_require__(8565);
// EXTERNAL MODULE: ./shared/time/duration.ts
var duration = __webpack_require__(4772);
// EXTERNAL MODULE: ./shared/traffic/cohorts.ts
var traffic_cohorts = __webpack_require__(3706);
// EXTERNAL MODULE: ./shared/traffic/local/window.ts
var local_window = __webpack_require__(7994);
;// CONCATENATED MODULE: ./shared/traffic/nginx-log.ts

// nginx's own counters, as the judge reads them (issue 24): every request nginx proxied, from its access
// log in Glidepath's format, sorted into the stable and canary versions by the upstream address that
// answered. Real users' requests, not probes, read over the host's SSH connection when nginx is there
// (never a port opened for it). The same windows and histograms as the local router's counters, so
// `source: local` judges the same way behind either router.
/** The log format the user adds to nginx's http block (and names on the app's access_log). */
const NGINX_LOG_FORMAT = "log_format glidepath '$msec $upstream_addr $status $request_time';";
/**
 * The window's figures per version from the log's text. `nowMs` is the host's clock when the text was
 * read (the log's times are the host's). A line nginx answered itself (no upstream) is not a version's;
 * a request retried on another server counts for the last one, which answered; 5xx counts as an error.
 */
function accessLogStats(text, nowMs, windowMs, roles) {
    let lineMs = 0;
    const stats = new local_window/* TrafficStats */.nF(() => lineMs);
    const from = nowMs - windowMs;
    for (const line of text.split('\n')) {
        const m = /^(\d+(?:\.\d+)?) (.+) (\d{3}) (\d+(?:\.\d+)?)$/.exec(line.trim());
        if (!m)
            continue;
        lineMs = Number(m[1]) * 1000;
        if (lineMs < from || lineMs > nowMs + 1000)
            continue;
        const address = m[2].split(/, | : /).pop();
        const who = roles[address];
        if (!who)
            continue;
        const status = Number(m[3]);
        stats.record(who.version, who.role, status, Number(m[4]) * 1000, status >= 500);
    }
    return stats.window(windowMs, nowMs);
}

;// CONCATENATED MODULE: ./shared/traffic/nginx.ts







/** How much of the access log's end is read for a window (a busy host writes about 50 bytes a request). */
const LOG_TAIL_BYTES = 16 * 1024 * 1024;
/** The worker processes of an nginx master, and whether each is shutting down (after a reload). */
function nginxWorkers(masterPid) {
    const out = [];
    let entries;
    try {
        entries = (0,external_node_fs_.readdirSync)('/proc');
    }
    catch {
        return out;
    }
    for (const entry of entries) {
        if (entry.charCodeAt(0) > 57)
            continue;
        try {
            const stat = (0,external_node_fs_.readFileSync)(`/proc/${entry}/stat`, 'utf8');
            if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== masterPid)
                continue;
            const title = (0,external_node_fs_.readFileSync)(`/proc/${entry}/cmdline`, 'utf8');
            if (!title.includes('worker process'))
                continue;
            out.push({ pid: Number(entry), shuttingDown: title.includes('shutting down') });
        }
        catch { /* gone meanwhile */ }
    }
    return out;
}
function renderUpstream(cfg, weight, versions) {
    // nginx weights are at least 1, so 0% and 100% leave the other server out instead.
    const lines = [`# Managed by Glidepath: do not edit. Canary ${versions.canary ?? '(none)'} at ${weight}%, stable ${versions.stable ?? '(none)'}.`, `upstream ${cfg.upstream} {`];
    if (weight < 100)
        lines.push(`    server ${cfg.stable} weight=${100 - weight};`);
    if (weight > 0)
        lines.push(`    server ${cfg.canary} weight=${weight};`);
    lines.push('}', '');
    if (cfg.cohorts && cfg.location)
        lines.push(...renderCohortMaps(cfg, cfg.cohorts, weight, versions));
    return lines.join('\n');
}
/** nginx variable names of one upstream's cohort maps (glidepath_<upstream>_...). */
const nginxVariable = (upstream, name) => `glidepath_${upstream.replace(/[^A-Za-z0-9_]/g, '_')}_${name}`;
const regexEscape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** A map key matching one cookie at exactly one value in a Cookie header. */
const cookieKey = (name, value) => `"~(?:^|;\\s*)${regexEscape(name)}=${regexEscape(value)}(?:;|$)"`;
/**
 * The cohort rules of cohorts.ts as nginx http-level maps (OSS nginx, no commercial module): a client's
 * cookie naming the stable or canary version keeps it there; a new one is split at the weight by
 * split_clients on $request_id and given the cookie; a match rule sends its cohort to the canary. The
 * location file proxies to <upstream>__stable or __canary by the result.
 */
function renderCohortMaps(cfg, cohorts, weight, versions) {
    const v = (name) => `$${nginxVariable(cfg.upstream, name)}`;
    const lines = [
        `upstream ${cfg.upstream}__stable { server ${cfg.stable}; }`,
        `upstream ${cfg.upstream}__canary { server ${versions.canary ? cfg.canary : cfg.stable}; }`,
    ];
    // No canary: everyone on stable. All on the canary (a promotion replacing the stable address): everyone
    // there, whatever their cookie says.
    if (!versions.canary || weight >= 100) {
        lines.push(`map $host ${v('route')} { default ${versions.canary ? 'canary' : 'stable'}; }`, `map $host ${v('cookie')} { default ""; }`);
        if (cohorts.mirror)
            lines.push(`map $host ${v('mirror')} { default ""; }`);
        lines.push('');
        return lines;
    }
    if (cohorts.mirror)
        lines.push(`split_clients "\${request_id}mirror" ${v('mirror')} {`, `    ${cohorts.mirror.weight}% 1;`, '    * "";', '}');
    lines.push(`split_clients "\${request_id}" ${v('new')} {`);
    if (weight > 0 && weight < 100)
        lines.push(`    ${weight}% canary;`);
    lines.push('    * stable;', '}');
    const affinity = cohorts.affinity;
    if (affinity) {
        lines.push(`map $http_cookie ${v('sticky')} {`, `    default new_${v('new')};`, `    ${cookieKey(affinity.cookie, (0,traffic_cohorts/* versionTag */.Vm)(versions.canary))} canary;`);
        if (versions.stable)
            lines.push(`    ${cookieKey(affinity.cookie, (0,traffic_cohorts/* versionTag */.Vm)(versions.stable))} stable;`);
        lines.push('}');
        lines.push(`map ${v('sticky')} ${v('pick')} { new_canary canary; new_stable stable; default ${v('sticky')}; }`);
        const set = (version) => `"${(0,traffic_cohorts/* affinityCookie */.FJ)(affinity, version)}"`;
        lines.push(`map ${v('sticky')} ${v('cookie')} { new_canary ${set(versions.canary)}; ${versions.stable ? `new_stable ${set(versions.stable)}; ` : ''}default ""; }`);
    }
    else {
        lines.push(`map $host ${v('pick')} { default ${v('new')}; }`, `map $host ${v('cookie')} { default ""; }`);
    }
    const matchVars = cohorts.match.map((rule, i) => {
        const name = v(`match${i}`);
        if (rule.header)
            lines.push(`map $http_${rule.header.name.toLowerCase().replace(/-/g, '_')} ${name} { "${rule.header.value}" canary; default ""; }`);
        else if (rule.cookie)
            lines.push(`map $http_cookie ${name} { ${cookieKey(rule.cookie.name, rule.cookie.value)} canary; default ""; }`);
        return name;
    });
    if (matchVars.length)
        lines.push(`map "${matchVars.join('')}" ${v('route')} { "" ${v('pick')}; default canary; }`, '');
    else
        lines.push(`map $host ${v('route')} { default ${v('pick')}; }`, '');
    return lines;
}
/** What the user's location includes: the proxy_pass by cohort and the affinity cookie for new clients. */
function renderLocation(cfg) {
    const v = (name) => `$${nginxVariable(cfg.upstream, name)}`;
    const lines = [
        `# Managed by Glidepath: do not edit. Include it in the location that proxies to ${cfg.upstream}, in place of its proxy_pass.`,
        `proxy_pass http://${cfg.upstream}__${v('route')};`,
        `add_header Set-Cookie ${v('cookie')} always;`,
    ];
    const mirror = cfg.cohorts?.mirror;
    if (mirror) {
        // Copies of the requests stable serves, at the mirror weight and of the listed methods only, go to the
        // canary through a nested internal location; nginx discards their answers. The mirror path must fall
        // under the including location's prefix (nginx -t says so otherwise, and nothing changes).
        const path = mirrorPath(cfg);
        lines.push(`mirror ${path};`, `location ${path} {`, '    internal;', `    if (${v('mirror')} = "") { return 204; }`, `    if (${v('route')} = canary) { return 204; }`, 
        // limit_except would not apply: nginx skips the access phase for subrequests.
        `    if ($request_method !~ ^(${mirror.methods.join('|')})$) { return 204; }`, '    proxy_set_header x-glidepath-mirror 1;', `    proxy_pass http://${cfg.upstream}__canary$request_uri;`, '}');
    }
    lines.push('');
    return lines.join('\n');
}
/** The internal URI mirrored requests take (under `location /` by default; set traffic.nginx.mirrorPath otherwise). */
const mirrorPath = (cfg) => cfg.mirrorPath ?? `/.glidepath-mirror/${cfg.upstream}`;
function localNginxHost(deps) {
    return {
        local: true,
        read: async (path) => ((0,external_node_fs_.existsSync)(path) ? (0,external_node_fs_.readFileSync)(path, 'utf8') : undefined),
        tail: async (path, bytes) => {
            const nowMs = Date.now();
            if (!(0,external_node_fs_.existsSync)(path))
                return { text: '', nowMs };
            const fd = (0,external_node_fs_.openSync)(path, 'r');
            try {
                const size = (0,external_node_fs_.fstatSync)(fd).size;
                const length = Math.min(size, bytes);
                const buffer = Buffer.alloc(length);
                (0,external_node_fs_.readSync)(fd, buffer, 0, length, size - length);
                return { text: buffer.toString('utf8'), nowMs };
            }
            finally {
                (0,external_node_fs_.closeSync)(fd);
            }
        },
        write: async (path, content) => {
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)(path), { recursive: true });
            (0,external_node_fs_.writeFileSync)(path, content);
        },
        run: async (command, label) => {
            const result = await (0,run/* runCommand */.d1)(command, { cwd: deps.cwd, env: deps.env, timeoutMs: Math.min(deps.timeoutMs, 60_000), label });
            return { ok: result.code === 0, output: result.output.trim() };
        },
    };
}
function sshNginxHost(host, timeoutMs) {
    const limit = Math.min(timeoutMs, 60_000);
    return {
        local: false,
        read: (path) => host.readFile(path, limit),
        tail: async (path, bytes) => {
            // The host's clock first, in the same call: the log's times are the host's.
            const r = await host.capture('date +%s%3N; [ -f "$1" ] && tail -c "$2" "$1"; exit 0', [path, String(bytes)], limit, `read ${path}`);
            const nl = r.stdout.indexOf('\n');
            const nowMs = Number(r.stdout.slice(0, nl));
            if (r.code !== 0 || !Number.isFinite(nowMs))
                throw new Error(`could not read ${path} on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}`);
            return { text: r.stdout.slice(nl + 1), nowMs };
        },
        write: (path, content) => host.writeFile(path, content, limit),
        run: async (command, label) => {
            const result = await host.run(command, { timeoutMs: limit, label });
            return { ok: result.code === 0, output: result.output.trim() };
        },
    };
}
class NginxRouter {
    cfg;
    deps;
    name = 'nginx';
    host;
    constructor(cfg, deps) {
        this.cfg = cfg;
        this.deps = deps;
        this.host = deps.host ?? localNginxHost(deps);
    }
    run(label, command) {
        return this.host.run(command, `nginx ${label}`);
    }
    async setWeight(weight, versions) {
        const { file } = this.cfg;
        const previous = await this.host.read(file);
        const next = renderUpstream(this.cfg, weight, versions);
        const location = this.cfg.cohorts && this.cfg.location;
        const previousLocation = location ? await this.host.read(location) : undefined;
        await this.host.write(file, next);
        if (location)
            await this.host.write(location, renderLocation(this.cfg));
        const restore = async () => {
            await this.host.write(file, previous ?? renderUpstream(this.cfg, 0, versions));
            if (location && previousLocation !== undefined)
                await this.host.write(location, previousLocation);
        };
        const test = await this.run('test', this.cfg.test ?? 'nginx -t');
        if (!test.ok) {
            await restore();
            throw new errors/* GlidepathError */.HT('GP-ROUTER-002', `nginx rejected the new upstream (${this.cfg.test ?? 'nginx -t'}); the previous weights keep serving:\n${test.output}`, {
                fix: `Check the stable/canary addresses and that ${file} is included inside an http block.`,
            });
        }
        const master = this.masterPid();
        const oldWorkers = master ? nginxWorkers(master).filter((w) => !w.shuttingDown).map((w) => w.pid) : [];
        const reload = await this.run('reload', this.cfg.reload ?? 'nginx -s reload');
        if (!reload.ok) {
            await restore();
            await this.run('reload', this.cfg.reload ?? 'nginx -s reload');
            throw new errors/* GlidepathError */.HT('GP-ROUTER-002', `nginx did not reload (${this.cfg.reload ?? 'nginx -s reload'}); the previous weights keep serving:\n${reload.output}`, {
                fix: 'Check that nginx is running and that this job may signal it (its pid file and user).',
            });
        }
        // `nginx -s reload` returns once the signal is sent; the master then starts new workers and tells
        // the old ones to stop accepting. Until then new connections may still see the old weights.
        await this.settled(master, oldWorkers, (0,duration/* parseDuration */.E9)(this.cfg.settle ?? '500ms', 'traffic.nginx.settle'));
        this.deps.log(`nginx: upstream ${this.cfg.upstream} now sends ${weight}% to the canary (${this.cfg.canary}).`);
    }
    /** The canary weight the managed upstream file was last written with (undefined when there is none). */
    /**
     * nginx's counters over the last `windowSeconds`, per version, from its access log (traffic.nginx.accessLog):
     * requests answered at the stable address are the stable version's, at the canary address the canary's.
     */
    async stats(windowSeconds, versions) {
        const file = this.cfg.accessLog;
        if (!file)
            throw new Error('traffic.nginx.accessLog is not set');
        const { text, nowMs } = await this.host.tail(file, LOG_TAIL_BYTES);
        // nginx logs the address it connected to: localhost as 127.0.0.1.
        const roles = {};
        const add = (address, who) => { roles[address] = who; roles[address.replace(/^localhost:/, '127.0.0.1:')] = who; };
        add(this.cfg.canary, { version: versions.canary, role: 'canary' });
        if (versions.stable && this.cfg.stable !== this.cfg.canary)
            add(this.cfg.stable, { version: versions.stable, role: 'stable' });
        return accessLogStats(text, nowMs, windowSeconds * 1000, roles);
    }
    async writtenWeight() {
        try {
            const m = /^# Managed by Glidepath: do not edit\. Canary .* at (\d+)%/m.exec((await this.host.read(this.cfg.file)) ?? '');
            return m ? Number(m[1]) : undefined;
        }
        catch {
            return undefined;
        }
    }
    masterPid() {
        if (!this.host.local)
            return undefined;
        const file = this.cfg.pidFile ?? '/run/nginx.pid';
        try {
            const pid = Number((0,external_node_fs_.readFileSync)(file, 'utf8').trim());
            return pid > 0 ? pid : undefined;
        }
        catch {
            return undefined;
        }
    }
    /** Waits until every old worker stopped taking connections and a new one runs, or `maxMs` at most. */
    async settled(master, oldWorkers, maxMs) {
        const deadline = Date.now() + maxMs;
        if (master && oldWorkers.length) {
            while (Date.now() < deadline) {
                const now = nginxWorkers(master);
                const fresh = now.some((w) => !w.shuttingDown && !oldWorkers.includes(w.pid));
                const oldAccepting = now.some((w) => !w.shuttingDown && oldWorkers.includes(w.pid));
                if (fresh && !oldAccepting)
                    return;
                await (0,duration/* sleep */.yy)(10);
            }
            return;
        }
        await (0,duration/* sleep */.yy)(maxMs);
    }
    canaryEndpoint() {
        return { url: `http://${this.cfg.canary}/`, headers: {} };
    }
}


/***/ })

};
