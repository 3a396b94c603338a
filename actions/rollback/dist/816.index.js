export const id = 816;
export const ids = [816];
export const modules = {

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
                fix: `If ${this.cfg.host} was rebuilt, check its new key out of band (ssh-keyscan -p ${this.cfg.port ?? 22} ${this.cfg.host}, compared with the host's own /etc/ssh/*.pub) and put it in the secret or variable passed as ${this.cfg.knownHosts ?? 'GLIDEPATH_SSH_KNOWN_HOSTS'}${this.cfg.hostKeys === 'accept-new' ? ', and remove its old line from the ssh_known_hosts Glidepath recorded in the state directory' : ''}; otherwise someone may be impersonating it.`,
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
    async capture(script, args, timeoutMs, label, input) {
        const argv = this.prepare();
        const r = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_5__/* .runProgram */ .mB)('ssh', [...argv, this.cfg.host, '--', remoteCommand(script, {}, args, this.cfg.dir)], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' }, timeoutMs, label: `${label} on ${this.label}`, input });
        if (r.code === SSH_FAILED)
            this.fail(r.stderr);
        if (r.code === NO_DIR_EXIT && r.stderr.includes(NO_DIR))
            this.noDir();
        return r;
    }
    /**
     * Puts a directory of the runner on the host (tar through the connection), replacing `remoteDir` whole
     * only once everything arrived: a connection lost or a disk full mid-way leaves the old one. `exclude`
     * takes tar patterns (a bare name matches at any depth).
     */
    async uploadDir(localDir, remoteDir, exclude, timeoutMs) {
        const tar = (0,node_child_process__WEBPACK_IMPORTED_MODULE_1__.spawn)('tar', ['-cf', '-', ...exclude.map((e) => `--exclude=${e}`), '-C', localDir, '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
        const tarDone = new Promise((done) => {
            let stderr = '';
            tar.stderr.on('data', (c) => { stderr += c.toString(); });
            tar.on('error', (e) => done({ code: -1, stderr: e.message }));
            tar.on('close', (code) => done({ code, stderr }));
        });
        const r = await this.capture('t="$1.glidepath-tmp"; rm -rf "$t" && mkdir -p "$t" && tar -xf - -C "$t" && touch "$t/.glidepath-complete" && rm -rf "$1" && mv "$t" "$1" || { rc=$?; rm -rf "$t"; exit $rc; }', [remoteDir], timeoutMs, `upload ${remoteDir}`, tar.stdout);
        const packed = await tarDone;
        if (packed.code !== 0)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-PROVIDER-004', `Could not pack ${localDir} for ${this.label}: ${packed.stderr.trim() || `tar exited ${packed.code}`}.`, { fix: `Check that tar is installed on the runner and ${localDir} is readable.` });
        if (r.code !== 0)
            this.uploadFailed(remoteDir, r);
    }
    /** Puts one file of the runner on the host (atomically, with mode 0755). */
    async uploadFile(localPath, remotePath, timeoutMs) {
        const r = await this.capture('mkdir -p "$(dirname "$1")" && cat > "$1.glidepath-tmp" && chmod 755 "$1.glidepath-tmp" && mv -f "$1.glidepath-tmp" "$1" || { rc=$?; rm -f "$1.glidepath-tmp"; exit $rc; }', [remotePath], timeoutMs, `upload ${remotePath}`, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(localPath));
        if (r.code !== 0)
            this.uploadFailed(remotePath, r);
    }
    uploadFailed(path, r) {
        const said = r.stderr.trim().split('\n').slice(-2).join(' | ') || `exit ${r.code}`;
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_4__/* .GlidepathError */ .HT('GP-SSH-002', `Could not put ${path} on ${this.label}: ${said}. What was there before is unchanged.`, {
            fix: /space|quota/i.test(said) ? `Free disk space on ${this.cfg.host} (df -h), then run again.` : `Check that ${this.user} may write ${path} on ${this.cfg.host}, and that tar is installed there.`,
        });
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


/***/ })

};
