export const id = 474;
export const ids = [474];
export const modules = {

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


/***/ }),

/***/ 6093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dropPreviewDatabase: () => (/* binding */ dropPreviewDatabase),
/* harmony export */   openPreviewDatabase: () => (/* binding */ openPreviewDatabase)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7364);
/* harmony import */ var _process_run_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8565);
/* harmony import */ var _postgres_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5675);






function previewOf(x) {
    const { database: db, previews } = x.target.environment.config;
    if (!previews?.database || !db?.postgres)
        return undefined;
    const variable = db.postgres.urlEnv ?? 'DATABASE_URL';
    const server = (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgConnection */ .gN)(x.runtime.env, variable);
    const own = (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgConnection */ .gN)(x.target.env ?? x.runtime.env, variable);
    for (const secret of [...server.secrets, ...own.secrets])
        x.runtime.mask(secret);
    if (own.database === server.database)
        return undefined;
    return { server, conn: own, variable, url: (x.target.env ?? x.runtime.env)[variable] };
}
const env = (x) => x.runtime.env;
async function exists(x, server, name) {
    return (await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(server, `select 1 from pg_database where datname = '${name.replace(/'/g, "''")}'`, env(x), x.timeoutMs)) === '1';
}
async function inUse(x, server, database) {
    return Number(await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(server, `select count(*) from pg_stat_activity where datname = '${database.replace(/'/g, "''")}' and pid <> pg_backend_pid()`, env(x), x.timeoutMs)) > 0;
}
function failed(what, e, fix) {
    return new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-004', `The preview's database could not be made: ${what}. Nothing was deployed. ${e.message ?? ''}`.trim(), { fix });
}
/**
 * The preview's database, made if it is not there yet: from previews.database.template (CREATE
 * DATABASE ... TEMPLATE, or a dump and restore of the template while another session holds it open),
 * from the seed dump, or empty; then the seed command. A failure drops what was half made and changes
 * nothing else. Undefined when the environment has no database per preview.
 */
async function openPreviewDatabase(x) {
    const p = previewOf(x);
    if (!p)
        return undefined;
    const cfg = x.target.environment.config.previews?.database;
    const name = p.conn.database;
    if (await exists(x, p.server, name)) {
        x.runtime.info(`Preview database ${name} is there already (${p.conn.label}).`);
        return { name, created: false };
    }
    const started = Date.now();
    let from = 'empty';
    try {
        if (cfg.template) {
            if (!(await exists(x, p.server, cfg.template))) {
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-004', `The template database ${cfg.template} does not exist on ${p.server.label.replace(/\/[^/]*$/, '')}; the preview's database was not made and nothing was deployed.`, {
                    fix: `Create ${cfg.template} on that server (the data every preview starts from), or correct previews.database.template.`,
                });
            }
            try {
                // PostgreSQL copies a template only while nobody else is connected to it, and waits 5 s before it
                // says so: a template seen in use goes straight to the dump and restore.
                if (await inUse(x, p.server, cfg.template))
                    throw new Error('source database is being accessed by other users');
                await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(p.server, `create database ${(0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .ident */ .bD)(name)} template ${(0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .ident */ .bD)(cfg.template)}`, env(x), x.timeoutMs);
                from = `template ${cfg.template}`;
            }
            catch (e) {
                if (!/being accessed by other users/.test(e.message))
                    throw failed(`CREATE DATABASE ${name} TEMPLATE ${cfg.template} failed`, e, 'Check that the role in database.postgres may CREATE DATABASE (ALTER ROLE ... CREATEDB).');
                x.runtime.info(`Template ${cfg.template} is in use by another session; copying it with pg_dump and pg_restore.`);
                await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(p.server, `create database ${(0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .ident */ .bD)(name)}`, env(x), x.timeoutMs);
                await copyWithDump(x, (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .onDatabase */ .rj)(p.server, cfg.template), p.conn);
                from = `template ${cfg.template} (dump and restore: the template was in use)`;
            }
        }
        else {
            await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(p.server, `create database ${(0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .ident */ .bD)(name)}`, env(x), x.timeoutMs);
            if (cfg.seed) {
                const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.resolve)(x.target.workspace, cfg.seed);
                if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file))
                    throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-004', `The seed dump ${cfg.seed} is not in the workspace; the preview's database was not made and nothing was deployed.`, { fix: 'Commit the pg_dump -Fc file, or build it in a step before the deploy, or correct previews.database.seed.' });
                await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgRestore */ .Yc)(p.conn, file, env(x), x.timeoutMs);
                from = `seed ${cfg.seed}`;
            }
        }
        if (cfg.seedCommand) {
            x.runtime.info(`previews.database.seedCommand: ${cfg.seedCommand}`);
            const r = await (0,_process_run_js__WEBPACK_IMPORTED_MODULE_4__/* .runCommand */ .d1)(cfg.seedCommand, {
                cwd: x.target.workspace, env: { ...env(x), [p.variable]: p.url, GLIDEPATH_ENVIRONMENT: x.target.environment.name }, timeoutMs: x.timeoutMs, label: 'previews.database.seedCommand',
                onLine: (line) => x.runtime.info(`  [seed] ${line}`),
            });
            if (r.code !== 0)
                throw new _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT('GP-DB-004', `previews.database.seedCommand exited ${r.code}; the preview's database was dropped again and nothing was deployed:\n${r.output.slice(-2000).trim()}`, { fix: `The command gets the new database's URL in ${p.variable}; fix it and push again.` });
            from = `${from} + seedCommand`;
        }
    }
    catch (e) {
        await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(p.server, `drop database if exists ${(0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .ident */ .bD)(name)} with (force)`, env(x), x.timeoutMs).catch(() => undefined);
        throw e instanceof _errors_index_js__WEBPACK_IMPORTED_MODULE_3__/* .GlidepathError */ .HT && e.code === 'GP-DB-004' ? e : failed(`${name} from ${cfg.template ? `template ${cfg.template}` : cfg.seed ? `seed ${cfg.seed}` : 'nothing'}`, e, 'Check that the role in database.postgres may CREATE DATABASE and reach the server from the runner.');
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    x.runtime.info(`Preview database ${name} made from ${from} in ${seconds}s (${p.conn.label}).`);
    return { name, created: true, from, seconds };
}
async function copyWithDump(x, source, into) {
    const dir = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)(), 'glidepath-preview-db-'));
    try {
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'template.dump');
        await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgDump */ .mn)(source, file, env(x), x.timeoutMs);
        await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgRestore */ .Yc)(into, file, env(x), x.timeoutMs);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
    }
}
/** The preview's database dropped (its sessions closed first): with the preview's teardown. */
async function dropPreviewDatabase(x) {
    const p = previewOf(x);
    if (!p)
        return undefined;
    const name = p.conn.database;
    if (!(await exists(x, p.server, name)))
        return { name, dropped: false };
    await (0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .pgSql */ .E9)(p.server, `drop database if exists ${(0,_postgres_js__WEBPACK_IMPORTED_MODULE_5__/* .ident */ .bD)(name)} with (force)`, env(x), x.timeoutMs);
    x.runtime.info(`Preview database ${name} dropped.`);
    return { name, dropped: true };
}


/***/ })

};
