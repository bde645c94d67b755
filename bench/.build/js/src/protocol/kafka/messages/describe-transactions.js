/** Versions and header rules of DescribeTransactions (flexibleMinVersion 99 = never flexible). */
export const DescribeTransactionsApi = {
    apiKey: 65,
    name: 'DescribeTransactions',
    minVersion: 0,
    maxVersion: 0,
    flexibleMinVersion: 0,
    requestHeaderV2MinVersion: 0,
    responseHeaderV1MinVersion: 0,
};
export function createDescribeTransactionsRequest() {
    return {
        transactionalIds: [],
    };
}
export function decodeDescribeTransactionsRequest(r, version) {
    let transactionalIds;
    {
        const _n = r.readCompactArrayLength('DescribeTransactionsRequest.transactionalIds', 1);
        if (_n < 0) {
            throw r.error('DescribeTransactionsRequest.transactionalIds', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readCompactString('DescribeTransactionsRequest.transactionalIds'));
            transactionalIds = _a;
        }
    }
    const m = { transactionalIds };
    const _tf = r.readTaggedFields('DescribeTransactionsRequest._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeDescribeTransactionsRequest(w, version, m) {
    {
        const _a = m.transactionalIds;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            w.writeCompactString(_e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
export function createDescribeTransactionsResponse() {
    return {
        throttleTimeMs: 0,
        transactionStates: [],
    };
}
export function createDescribeTransactionsResponseTransactionState() {
    return {
        errorCode: 0,
        transactionalId: '',
        transactionState: '',
        transactionTimeoutMs: 0,
        transactionStartTimeMs: 0n,
        producerId: 0n,
        producerEpoch: 0,
        topics: [],
    };
}
export function createDescribeTransactionsResponseTopicData() {
    return {
        topic: '',
        partitions: [],
    };
}
export function decodeDescribeTransactionsResponse(r, version) {
    const throttleTimeMs = r.readInt32('DescribeTransactionsResponse.throttleTimeMs');
    let transactionStates;
    {
        const _n = r.readCompactArrayLength('DescribeTransactionsResponse.transactionStates', 1);
        if (_n < 0) {
            throw r.error('DescribeTransactionsResponse.transactionStates', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeTransactionsResponseTransactionState(r, version));
            transactionStates = _a;
        }
    }
    const m = { throttleTimeMs, transactionStates };
    const _tf = r.readTaggedFields('DescribeTransactionsResponse._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeDescribeTransactionsResponseTransactionState(r, version) {
    const errorCode = r.readInt16('DescribeTransactionsResponseTransactionState.errorCode');
    const transactionalId = r.readCompactString('DescribeTransactionsResponseTransactionState.transactionalId');
    const transactionState = r.readCompactString('DescribeTransactionsResponseTransactionState.transactionState');
    const transactionTimeoutMs = r.readInt32('DescribeTransactionsResponseTransactionState.transactionTimeoutMs');
    const transactionStartTimeMs = r.readInt64('DescribeTransactionsResponseTransactionState.transactionStartTimeMs');
    const producerId = r.readInt64('DescribeTransactionsResponseTransactionState.producerId');
    const producerEpoch = r.readInt16('DescribeTransactionsResponseTransactionState.producerEpoch');
    let topics;
    {
        const _n = r.readCompactArrayLength('DescribeTransactionsResponseTransactionState.topics', 1);
        if (_n < 0) {
            throw r.error('DescribeTransactionsResponseTransactionState.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeTransactionsResponseTopicData(r, version));
            topics = _a;
        }
    }
    const m = {
        errorCode,
        transactionalId,
        transactionState,
        transactionTimeoutMs,
        transactionStartTimeMs,
        producerId,
        producerEpoch,
        topics,
    };
    const _tf = r.readTaggedFields('DescribeTransactionsResponseTransactionState._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeDescribeTransactionsResponseTopicData(r, version) {
    const topic = r.readCompactString('DescribeTransactionsResponseTopicData.topic');
    let partitions;
    {
        const _n = r.readCompactArrayLength('DescribeTransactionsResponseTopicData.partitions', 4);
        if (_n < 0) {
            throw r.error('DescribeTransactionsResponseTopicData.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('DescribeTransactionsResponseTopicData.partitions'));
            partitions = _a;
        }
    }
    const m = { topic, partitions };
    const _tf = r.readTaggedFields('DescribeTransactionsResponseTopicData._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeDescribeTransactionsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.transactionStates;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeDescribeTransactionsResponseTransactionState(w, version, _e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeDescribeTransactionsResponseTransactionState(w, version, m) {
    w.writeInt16(m.errorCode);
    w.writeCompactString(m.transactionalId);
    w.writeCompactString(m.transactionState);
    w.writeInt32(m.transactionTimeoutMs);
    w.writeInt64(m.transactionStartTimeMs);
    w.writeInt64(m.producerId);
    w.writeInt16(m.producerEpoch);
    {
        const _a = m.topics;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeDescribeTransactionsResponseTopicData(w, version, _e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeDescribeTransactionsResponseTopicData(w, version, m) {
    w.writeCompactString(m.topic);
    {
        const _a = m.partitions;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
