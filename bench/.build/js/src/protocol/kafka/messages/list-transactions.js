/** Versions and header rules of ListTransactions (flexibleMinVersion 99 = never flexible). */
export const ListTransactionsApi = {
    apiKey: 66,
    name: 'ListTransactions',
    minVersion: 0,
    maxVersion: 1,
    flexibleMinVersion: 0,
    requestHeaderV2MinVersion: 0,
    responseHeaderV1MinVersion: 0,
};
export function createListTransactionsRequest() {
    return {
        stateFilters: [],
        producerIdFilters: [],
        durationFilter: -1n,
    };
}
export function decodeListTransactionsRequest(r, version) {
    let stateFilters;
    {
        const _n = r.readCompactArrayLength('ListTransactionsRequest.stateFilters', 1);
        if (_n < 0) {
            throw r.error('ListTransactionsRequest.stateFilters', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readCompactString('ListTransactionsRequest.stateFilters'));
            stateFilters = _a;
        }
    }
    let producerIdFilters;
    {
        const _n = r.readCompactArrayLength('ListTransactionsRequest.producerIdFilters', 8);
        if (_n < 0) {
            throw r.error('ListTransactionsRequest.producerIdFilters', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt64('ListTransactionsRequest.producerIdFilters'));
            producerIdFilters = _a;
        }
    }
    let durationFilter = -1n;
    if (version >= 1) {
        durationFilter = r.readInt64('ListTransactionsRequest.durationFilter');
    }
    const m = { stateFilters, producerIdFilters, durationFilter };
    const _tf = r.readTaggedFields('ListTransactionsRequest._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeListTransactionsRequest(w, version, m) {
    {
        const _a = m.stateFilters;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            w.writeCompactString(_e);
        }
    }
    {
        const _a = m.producerIdFilters;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            w.writeInt64(_e);
        }
    }
    if (version >= 1) {
        w.writeInt64(m.durationFilter);
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
export function createListTransactionsResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        unknownStateFilters: [],
        transactionStates: [],
    };
}
export function createListTransactionsResponseTransactionState() {
    return {
        transactionalId: '',
        producerId: 0n,
        transactionState: '',
    };
}
export function decodeListTransactionsResponse(r, version) {
    const throttleTimeMs = r.readInt32('ListTransactionsResponse.throttleTimeMs');
    const errorCode = r.readInt16('ListTransactionsResponse.errorCode');
    let unknownStateFilters;
    {
        const _n = r.readCompactArrayLength('ListTransactionsResponse.unknownStateFilters', 1);
        if (_n < 0) {
            throw r.error('ListTransactionsResponse.unknownStateFilters', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readCompactString('ListTransactionsResponse.unknownStateFilters'));
            unknownStateFilters = _a;
        }
    }
    let transactionStates;
    {
        const _n = r.readCompactArrayLength('ListTransactionsResponse.transactionStates', 1);
        if (_n < 0) {
            throw r.error('ListTransactionsResponse.transactionStates', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeListTransactionsResponseTransactionState(r, version));
            transactionStates = _a;
        }
    }
    const m = { throttleTimeMs, errorCode, unknownStateFilters, transactionStates };
    const _tf = r.readTaggedFields('ListTransactionsResponse._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeListTransactionsResponseTransactionState(r, version) {
    const transactionalId = r.readCompactString('ListTransactionsResponseTransactionState.transactionalId');
    const producerId = r.readInt64('ListTransactionsResponseTransactionState.producerId');
    const transactionState = r.readCompactString('ListTransactionsResponseTransactionState.transactionState');
    const m = { transactionalId, producerId, transactionState };
    const _tf = r.readTaggedFields('ListTransactionsResponseTransactionState._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeListTransactionsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    w.writeInt16(m.errorCode);
    {
        const _a = m.unknownStateFilters;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            w.writeCompactString(_e);
        }
    }
    {
        const _a = m.transactionStates;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeListTransactionsResponseTransactionState(w, version, _e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeListTransactionsResponseTransactionState(w, version, m) {
    w.writeCompactString(m.transactionalId);
    w.writeInt64(m.producerId);
    w.writeCompactString(m.transactionState);
    w.writeTaggedFields(m.unknownTaggedFields);
}
