export const id = 114;
export const ids = [114];
export const modules = {

/***/ 5114:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   backupBefore: () => (/* binding */ backupBefore),
/* harmony export */   checkDatabase: () => (/* binding */ checkDatabase),
/* harmony export */   contract: () => (/* binding */ contract),
/* harmony export */   migrate: () => (/* binding */ migrate),
/* harmony export */   undoFor: () => (/* binding */ undoFor)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8565);
/* harmony import */ var _runtime_context_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3538);
/* harmony import */ var _postgres_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5675);







const DEFAULT_KEEP = 5;
const OUTPUT_TAIL = 2000;
function config(x) {
    return x.target.environment.config.database;
}
/** The variables the database commands and tools see: the target's (a preview's own database), else the step's. */
function envOf(x) {
    return (x.target.env ?? x.runtime.env);
}
function connection(x, db) {
    if (!db.postgres)
        return undefined;
    const conn = (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgConnection */ .gN)(envOf(x), db.postgres.urlEnv ?? 'DATABASE_URL');
    for (const secret of conn.secrets)
        x.runtime.mask(secret);
    return conn;
}
/** Before anything is written: a database section whose connection cannot work is refused up front. */
function checkDatabase(x) {
    const db = config(x);
    if (db)
        connection(x, db);
}
function backupDir(x, db) {
    return db.backup?.dir ? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(x.target.workspace, db.backup.dir) : (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(x.target.store.dir, 'backups');
}
/** GLIDEPATH_* variables for a database command, as the command provider gives them. */
function variables(x, operation, record, extra = {}) {
    return {
        ...(0,_runtime_context_js__WEBPACK_IMPORTED_MODULE_6__/* .eventVariables */ .EB)(x.runtime.context),
        GLIDEPATH_OPERATION: operation,
        GLIDEPATH_ENVIRONMENT: x.target.environment.name,
        GLIDEPATH_VERSION: record.version,
        GLIDEPATH_PREVIOUS_VERSION: record.previousVersion ?? '',
        GLIDEPATH_STATE_DIR: x.target.store.dir,
        ...extra,
    };
}
async function run(x, what, command, vars) {
    const env = { ...envOf(x), ...vars };
    if (what !== 'version')
        x.runtime.info(`database.${what}: ${command}`);
    const result = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_4__/* .runCommand */ .d1)(command, {
        cwd: x.target.workspace, env, timeoutMs: x.timeoutMs, label: `database.${what}`,
        onLine: what === 'version' ? undefined : (line) => x.runtime.info(`  [${what}] ${line}`),
    });
    return { ok: result.code === 0, output: result.output.slice(-OUTPUT_TAIL).trim() };
}
async function schemaVersion(x, db, record) {
    if (!db.version)
        return undefined;
    const r = await run(x, 'version', db.version, variables(x, 'version', record));
    return r.ok ? r.output.split('\n').filter(Boolean).at(-1)?.trim() : undefined;
}
const sha256 = (file) => new Promise((res, rej) => {
    const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(file).on('data', (c) => h.update(c)).on('end', () => res(h.digest('hex'))).on('error', rej);
});
/** The backup before anything changes: pg_dump -Fc (or backup.command), kept per backup.keep. */
async function backupBefore(x, record) {
    const db = config(x);
    if (!db || db.backup?.enabled === false || (!db.postgres && !db.backup?.command))
        return undefined;
    const dir = backupDir(x, db);
    (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.mkdirSync)(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `${x.target.environment.name.replace(/[^A-Za-z0-9._-]/g, '-')}-${record.version}-${stamp}.dump`);
    const started = Date.now();
    if (db.backup?.command) {
        const r = await run(x, 'backup', db.backup.command, variables(x, 'backup', record, { GLIDEPATH_BACKUP: path }));
        if (!r.ok)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-003', `database.backup.command failed before anything changed; nothing was deployed:\n${r.output}`, { fix: 'The command must write the backup to $GLIDEPATH_BACKUP and exit 0.' });
    }
    else {
        await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgDump */ .mn)(connection(x, db), path, envOf(x), x.timeoutMs);
    }
    const info = { path, bytes: (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(path).size, sha256: await sha256(path), seconds: Math.round((Date.now() - started) / 100) / 10, at: new Date().toISOString() };
    x.runtime.info(`Database backup before ${record.version}: ${path} (${info.bytes} bytes, ${info.seconds}s).`);
    prune(dir, x.target.environment.name.replace(/[^A-Za-z0-9._-]/g, '-'), db.backup?.keep ?? DEFAULT_KEEP);
    return info;
}
/** Keeps the newest `keep` backups of the environment. */
function prune(dir, prefix, keep) {
    const files = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir).filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.dump')).map((f) => ({ f, t: (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
    for (const { f } of files.slice(keep))
        (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.rmSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, f), { force: true });
}
/**
 * Migrations before the new version takes traffic. A failure fails the deploy before any traffic
 * moves, and says what the database's version is now.
 */
async function migrate(x, record, starting) {
    const db = config(x);
    if (!db?.migrate)
        return undefined;
    const before = await schemaVersion(x, db, record);
    // Written before the migration runs: a run killed from here on leaves the next run enough to tell
    // whether the schema moved (it measures it again) and so whether `down` must run.
    starting?.({ before, applied: false, running: true });
    const r = await run(x, 'migrate', db.migrate, variables(x, 'migrate', record, { GLIDEPATH_DB_VERSION: before ?? '' }));
    const after = await schemaVersion(x, db, record);
    if (!r.ok) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-002', `database.migrate failed; no traffic moved${record.previousVersion ? ` and ${record.previousVersion} keeps serving` : ' (a first deploy: nothing was serving)'}. The database is at schema version ${after ?? '(unknown: no database.version command)'}${before !== undefined ? ` (it was ${before})` : ''}. Output:\n${r.output}`, {
            fix: 'Fix the migration (a tool that runs each migration in a transaction, as dbmate and node-pg-migrate do on PostgreSQL, leaves no half-applied step) and deploy again.',
        });
    }
    const applied = before === undefined || after === undefined ? true : before !== after;
    x.runtime.info(`database.migrate done${before !== undefined ? `: schema ${before} -> ${after}` : ''}.`);
    return { before, after, applied, output: r.output };
}
/**
 * Rolling back from a version whose deploy migrated: `down` (only if its migration ran), then, opt-in,
 * the backup taken before it restored, with the rows that restore discards. Runs after traffic is
 * back on the version rolled back to.
 */
async function undoFor(x, from, to) {
    const db = config(x);
    let d = from?.database;
    if (!db || !from || !d)
        return undefined;
    if (d.migration?.running) {
        // The run that migrated died before it recorded the outcome: measure the schema now.
        const now = await schemaVersion(x, db, from);
        const applied = now !== undefined && d.migration.before !== undefined ? now !== d.migration.before : false;
        if (now === undefined || d.migration.before === undefined)
            x.runtime.warning('The interrupted deploy was migrating and there is no database.version command to tell whether its migration applied; database.down is not run. Check the schema by hand.');
        d = { ...d, migration: { ...d.migration, after: now, applied, running: false } };
    }
    const out = {};
    if (d.down?.ran && (d.restored || !db.restore))
        return undefined;
    if (db.down && d.migration?.applied && !d.down?.ran) {
        const r = await run(x, 'down', db.down, variables(x, 'down', from, { GLIDEPATH_TO_VERSION: to ?? '', GLIDEPATH_DB_VERSION: d.migration.after ?? '', GLIDEPATH_DB_TARGET_VERSION: d.migration.before ?? '' }));
        if (!r.ok)
            throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-002', `database.down failed after traffic went back to ${to}; the database is at schema version ${(await schemaVersion(x, db, from)) ?? '(unknown)'}:\n${r.output}`, { fix: 'Run the down migration by hand, then check the record.' });
        out.down = { ran: true, output: r.output, version: await schemaVersion(x, db, from) };
    }
    else if (db.down) {
        x.runtime.info(`database.down not run: ${from.version}'s deploy applied no migration.`);
    }
    if (db.restore && d.backup && db.postgres && !d.restored) {
        const conn = connection(x, db);
        const env = envOf(x);
        const now = await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .rowCounts */ .VZ)(conn, env, x.timeoutMs);
        x.runtime.warning(`database.restore is on: restoring the backup taken before ${from.version} (${d.backup.at}); writes since then are discarded.`);
        await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgRestore */ .Yc)(conn, d.backup.path, env, x.timeoutMs);
        const then = await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .rowCounts */ .VZ)(conn, env, x.timeoutMs);
        const discarded = {};
        for (const t of new Set([...Object.keys(now), ...Object.keys(then)]))
            if ((now[t] ?? 0) !== (then[t] ?? 0))
                discarded[t] = (now[t] ?? 0) - (then[t] ?? 0);
        out.restored = { backup: d.backup.path, discarded };
        x.runtime.warning(`Restored ${d.backup.path}. ${Object.keys(discarded).length ? `Row counts changed by the restore: ${Object.entries(discarded).map(([t, n]) => `${t} ${n > 0 ? `-${n}` : `+${-n}`}`).join(', ')}.` : 'No table\'s row count changed.'}`);
    }
    return Object.keys(out).length ? out : undefined;
}
/** `contract` (expand/contract) once the version is proven: after a promotion or a passed verify window. */
async function contract(x, record) {
    const db = config(x);
    if (!db?.contract)
        return undefined;
    const r = await run(x, 'contract', db.contract, variables(x, 'contract', record));
    if (!r.ok)
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-002', `database.contract failed after ${record.version} was proven; it keeps serving:\n${r.output}`, { fix: 'Fix the contract migration and run it again (it runs after the next promotion too).' });
    return { ran: true, output: r.output };
}


/***/ }),

/***/ 5675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ pgSql),
/* harmony export */   VZ: () => (/* binding */ rowCounts),
/* harmony export */   Yc: () => (/* binding */ pgRestore),
/* harmony export */   bD: () => (/* binding */ ident),
/* harmony export */   gN: () => (/* binding */ pgConnection),
/* harmony export */   mn: () => (/* binding */ pgDump),
/* harmony export */   rj: () => (/* binding */ onDatabase)
/* harmony export */ });
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7364);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8565);


function pgConnection(env, variable) {
    const raw = env[variable];
    if (!raw) {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-DB-001', `The database URL variable ${variable} is not set for this step.`, {
            fix: `Pass it from a secret, e.g. env: { ${variable}: \${{ secrets.${variable} }} } (postgres://user:password@host:5432/database).`,
        });
    }
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-DB-001', `${variable} is not a URL (its value is not shown).`, { fix: 'Use the form postgres://user:password@host:5432/database.' });
    }
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-DB-001', `${variable} is a ${url.protocol.replace(':', '')} URL, not postgres.`, { fix: 'Use the form postgres://user:password@host:5432/database, or backup.command for other engines.' });
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const pg = { PGHOST: url.hostname, PGPORT: url.port || '5432', PGDATABASE: database, PGCONNECT_TIMEOUT: '10' };
    if (user)
        pg.PGUSER = user;
    if (password)
        pg.PGPASSWORD = password;
    const sslmode = url.searchParams.get('sslmode');
    if (sslmode)
        pg.PGSSLMODE = sslmode;
    return { env: pg, database, label: `${user || '(default user)'}@${url.hostname}:${pg.PGPORT}/${database}`, secrets: [raw, password].filter((s) => s.length >= 3) };
}
function tool(name, tools) {
    return tools.bin ? `${tools.bin}/${name}` : name;
}
async function pg(name, args, conn, baseEnv, timeoutMs, tools) {
    const result = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_1__/* .runProgram */ .mB)(tool(name, tools), args, { env: { ...baseEnv, ...conn.env }, timeoutMs, label: name });
    if (result.code !== 0) {
        const why = (0,_process_run_js__WEBPACK_IMPORTED_MODULE_1__/* .outputTail */ .ci)(result, 4);
        throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_0__/* .GlidepathError */ .HT('GP-DB-003', `${name} failed on ${conn.label}: ${conn.secrets.reduce((t, s) => t.split(s).join('***'), why)}`, {
            fix: `Check that the database is reachable from the runner and that ${name} matches the server's major version.`,
        });
    }
    return result;
}
/** pg_dump -Fc of the configured database into `file`. */
async function pgDump(conn, file, baseEnv, timeoutMs, tools = {}) {
    await pg('pg_dump', ['--format=custom', '--no-owner', '--file', file], conn, baseEnv, timeoutMs, tools);
}
/** pg_restore of a custom-format dump over the database (objects dropped first, so rows are exactly the backup's). */
async function pgRestore(conn, file, baseEnv, timeoutMs, tools = {}) {
    await pg('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', conn.database, file], conn, baseEnv, timeoutMs, tools);
}
/** Rows per table (estimates from statistics would lie after writes: these are counts). */
async function rowCounts(conn, baseEnv, timeoutMs, tools = {}) {
    const list = await pg('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=,', '--command',
        "select schemaname || '.' || tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema') order by 1"], conn, baseEnv, timeoutMs, tools);
    const tables = list.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    if (tables.length === 0)
        return {};
    const sql = tables.map((t) => `select '${t.replace(/'/g, "''")}', count(*) from ${t.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.')}`).join(' union all ');
    const counts = await pg('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '--field-separator=,', '--command', sql], conn, baseEnv, timeoutMs, tools);
    const out = {};
    for (const line of counts.stdout.split('\n')) {
        const i = line.lastIndexOf(',');
        if (i > 0)
            out[line.slice(0, i)] = Number(line.slice(i + 1));
    }
    return out;
}
/** One SQL statement through psql (ON_ERROR_STOP), its unaligned output. */
async function pgSql(conn, sql, baseEnv, timeoutMs, tools = {}) {
    const r = await pg('psql', ['--no-psqlrc', '--tuples-only', '--no-align', '-v', 'ON_ERROR_STOP=1', '--command', sql], conn, baseEnv, timeoutMs, tools);
    return r.stdout.trim();
}
/** The same server, role and password, another database. */
function onDatabase(conn, database) {
    return { ...conn, env: { ...conn.env, PGDATABASE: database }, database, label: conn.label.replace(/\/[^/]*$/, `/${database}`) };
}
/** A database or role name as an SQL identifier. */
function ident(name) {
    return `"${name.replace(/"/g, '""')}"`;
}


/***/ })

};
