export const id = 221;
export const ids = [221];
export const modules = {

/***/ 4221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yh: () => (/* binding */ describeServing),
/* harmony export */   jo: () => (/* binding */ renderServing),
/* harmony export */   k0: () => (/* binding */ servesAsRouted)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(216);

/** What serves, in one phrase ("v2 takes 80%, v3 takes 20% but does not answer"). */
function describeServing(seen) {
    if (seen.routerUp === false && !seen.stable)
        return 'the router does not answer and routes nothing';
    if (!seen.stable)
        return 'nothing is routed';
    const part = (v) => `${v.version} takes ${v.weight}%${v.healthy ? '' : ' but does not answer'}`;
    const routed = [seen.stable, seen.canary].filter((v) => v !== null).map(part).join(', ');
    return seen.routerUp === false ? `the router does not answer (it would send: ${routed})` : routed;
}
/** Everything routed answers through a router that answers. */
function servesAsRouted(seen) {
    return seen.routerUp !== false && Boolean(seen.stable?.healthy) && (!seen.canary || seen.canary.healthy);
}
/** The summary's line about what serves, a warning when it does not serve as recorded. */
function renderServing(seen, recorded) {
    if (!recorded.stable && !seen.stable && !seen.canary)
        return '**Seen serving now:** nothing, as recorded.\n\n';
    const said = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(describeServing(seen));
    const agrees = seen.stable?.version === (recorded.stable ?? undefined) && (seen.canary?.version ?? null) === recorded.canary;
    if (servesAsRouted(seen) && agrees)
        return `**Seen serving now:** ${said}.\n\n`;
    return `> [!WARNING]\n> **Seen serving now:** ${said}; the record says ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(recorded.stable ?? 'nothing')}${recorded.canary ? ` with canary ${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(recorded.canary)}` : ''}. The next deploy, canary step or rollback heals what can be healed, or stops with GP-STATE-002.\n\n`;
}


/***/ })

};
