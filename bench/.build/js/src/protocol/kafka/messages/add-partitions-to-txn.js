/** Versions and header rules of AddPartitionsToTxn (flexibleMinVersion 99 = never flexible). */
export const AddPartitionsToTxnApi = {
    apiKey: 24,
    name: 'AddPartitionsToTxn',
    minVersion: 0,
    maxVersion: 5,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 3,
};
export function createAddPartitionsToTxnRequest() {
    return {
        transactions: [],
        v3AndBelowTransactionalId: '',
        v3AndBelowProducerId: 0n,
        v3AndBelowProducerEpoch: 0,
        v3AndBelowTopics: [],
    };
}
export function createAddPartitionsToTxnRequestAddPartitionsToTxnTransaction() {
    return {
        transactionalId: '',
        producerId: 0n,
        producerEpoch: 0,
        verifyOnly: false,
        topics: [],
    };
}
export function createAddPartitionsToTxnRequestAddPartitionsToTxnTopic() {
    return {
        name: '',
        partitions: [],
    };
}
export function decodeAddPartitionsToTxnRequest(r, version) {
    let transactions = [];
    if (version >= 4) {
        {
            const _n = r.readCompactArrayLength('AddPartitionsToTxnRequest.transactions', 1);
            if (_n < 0) {
                throw r.error('AddPartitionsToTxnRequest.transactions', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeAddPartitionsToTxnRequestAddPartitionsToTxnTransaction(r, version));
                transactions = _a;
            }
        }
    }
    let v3AndBelowTransactionalId = '';
    if (version <= 3) {
        v3AndBelowTransactionalId =
            version >= 3
                ? r.readCompactString('AddPartitionsToTxnRequest.v3AndBelowTransactionalId')
                : r.readString('AddPartitionsToTxnRequest.v3AndBelowTransactionalId');
    }
    let v3AndBelowProducerId = 0n;
    if (version <= 3) {
        v3AndBelowProducerId = r.readInt64('AddPartitionsToTxnRequest.v3AndBelowProducerId');
    }
    let v3AndBelowProducerEpoch = 0;
    if (version <= 3) {
        v3AndBelowProducerEpoch = r.readInt16('AddPartitionsToTxnRequest.v3AndBelowProducerEpoch');
    }
    let v3AndBelowTopics = [];
    if (version <= 3) {
        {
            const _n = version >= 3
                ? r.readCompactArrayLength('AddPartitionsToTxnRequest.v3AndBelowTopics', 1)
                : r.readArrayLength('AddPartitionsToTxnRequest.v3AndBelowTopics', 1);
            if (_n < 0) {
                throw r.error('AddPartitionsToTxnRequest.v3AndBelowTopics', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeAddPartitionsToTxnRequestAddPartitionsToTxnTopic(r, version));
                v3AndBelowTopics = _a;
            }
        }
    }
    const m = {
        transactions,
        v3AndBelowTransactionalId,
        v3AndBelowProducerId,
        v3AndBelowProducerEpoch,
        v3AndBelowTopics,
    };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddPartitionsToTxnRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeAddPartitionsToTxnRequestAddPartitionsToTxnTransaction(r, version) {
    const transactionalId = r.readCompactString('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction.transactionalId');
    const producerId = r.readInt64('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction.producerId');
    const producerEpoch = r.readInt16('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction.producerEpoch');
    const verifyOnly = r.readBool('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction.verifyOnly');
    let topics;
    {
        const _n = r.readCompactArrayLength('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction.topics', 1);
        if (_n < 0) {
            throw r.error('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction.topics', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeAddPartitionsToTxnRequestAddPartitionsToTxnTopic(r, version));
            topics = _a;
        }
    }
    const m = {
        transactionalId,
        producerId,
        producerEpoch,
        verifyOnly,
        topics,
    };
    const _tf = r.readTaggedFields('AddPartitionsToTxnRequestAddPartitionsToTxnTransaction._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeAddPartitionsToTxnRequestAddPartitionsToTxnTopic(r, version) {
    const name = version >= 3
        ? r.readCompactString('AddPartitionsToTxnRequestAddPartitionsToTxnTopic.name')
        : r.readString('AddPartitionsToTxnRequestAddPartitionsToTxnTopic.name');
    let partitions;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('AddPartitionsToTxnRequestAddPartitionsToTxnTopic.partitions', 4)
            : r.readArrayLength('AddPartitionsToTxnRequestAddPartitionsToTxnTopic.partitions', 4);
        if (_n < 0) {
            throw r.error('AddPartitionsToTxnRequestAddPartitionsToTxnTopic.partitions', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readInt32('AddPartitionsToTxnRequestAddPartitionsToTxnTopic.partitions'));
            partitions = _a;
        }
    }
    const m = { name, partitions };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddPartitionsToTxnRequestAddPartitionsToTxnTopic._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeAddPartitionsToTxnRequest(w, version, m) {
    if (version >= 4) {
        {
            const _a = m.transactions;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeAddPartitionsToTxnRequestAddPartitionsToTxnTransaction(w, version, _e);
            }
        }
    }
    if (version <= 3) {
        if (version >= 3) {
            w.writeCompactString(m.v3AndBelowTransactionalId);
        }
        else {
            w.writeString(m.v3AndBelowTransactionalId);
        }
    }
    if (version <= 3) {
        w.writeInt64(m.v3AndBelowProducerId);
    }
    if (version <= 3) {
        w.writeInt16(m.v3AndBelowProducerEpoch);
    }
    if (version <= 3) {
        {
            const _a = m.v3AndBelowTopics;
            if (version >= 3) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeAddPartitionsToTxnRequestAddPartitionsToTxnTopic(w, version, _e);
            }
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeAddPartitionsToTxnRequestAddPartitionsToTxnTransaction(w, version, m) {
    w.writeCompactString(m.transactionalId);
    w.writeInt64(m.producerId);
    w.writeInt16(m.producerEpoch);
    w.writeBool(m.verifyOnly);
    {
        const _a = m.topics;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeAddPartitionsToTxnRequestAddPartitionsToTxnTopic(w, version, _e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeAddPartitionsToTxnRequestAddPartitionsToTxnTopic(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.partitions;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            w.writeInt32(_e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createAddPartitionsToTxnResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        resultsByTransaction: [],
        resultsByTopicV3AndBelow: [],
    };
}
export function createAddPartitionsToTxnResponseAddPartitionsToTxnResult() {
    return {
        transactionalId: '',
        topicResults: [],
    };
}
export function createAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult() {
    return {
        name: '',
        resultsByPartition: [],
    };
}
export function createAddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult() {
    return {
        partitionIndex: 0,
        partitionErrorCode: 0,
    };
}
export function decodeAddPartitionsToTxnResponse(r, version) {
    const throttleTimeMs = r.readInt32('AddPartitionsToTxnResponse.throttleTimeMs');
    let errorCode = 0;
    if (version >= 4) {
        errorCode = r.readInt16('AddPartitionsToTxnResponse.errorCode');
    }
    let resultsByTransaction = [];
    if (version >= 4) {
        {
            const _n = r.readCompactArrayLength('AddPartitionsToTxnResponse.resultsByTransaction', 1);
            if (_n < 0) {
                throw r.error('AddPartitionsToTxnResponse.resultsByTransaction', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeAddPartitionsToTxnResponseAddPartitionsToTxnResult(r, version));
                resultsByTransaction = _a;
            }
        }
    }
    let resultsByTopicV3AndBelow = [];
    if (version <= 3) {
        {
            const _n = version >= 3
                ? r.readCompactArrayLength('AddPartitionsToTxnResponse.resultsByTopicV3AndBelow', 1)
                : r.readArrayLength('AddPartitionsToTxnResponse.resultsByTopicV3AndBelow', 1);
            if (_n < 0) {
                throw r.error('AddPartitionsToTxnResponse.resultsByTopicV3AndBelow', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult(r, version));
                resultsByTopicV3AndBelow = _a;
            }
        }
    }
    const m = {
        throttleTimeMs,
        errorCode,
        resultsByTransaction,
        resultsByTopicV3AndBelow,
    };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddPartitionsToTxnResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeAddPartitionsToTxnResponseAddPartitionsToTxnResult(r, version) {
    const transactionalId = r.readCompactString('AddPartitionsToTxnResponseAddPartitionsToTxnResult.transactionalId');
    let topicResults;
    {
        const _n = r.readCompactArrayLength('AddPartitionsToTxnResponseAddPartitionsToTxnResult.topicResults', 1);
        if (_n < 0) {
            throw r.error('AddPartitionsToTxnResponseAddPartitionsToTxnResult.topicResults', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult(r, version));
            topicResults = _a;
        }
    }
    const m = { transactionalId, topicResults };
    const _tf = r.readTaggedFields('AddPartitionsToTxnResponseAddPartitionsToTxnResult._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult(r, version) {
    const name = version >= 3
        ? r.readCompactString('AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult.name')
        : r.readString('AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult.name');
    let resultsByPartition;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult.resultsByPartition', 1)
            : r.readArrayLength('AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult.resultsByPartition', 1);
        if (_n < 0) {
            throw r.error('AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult.resultsByPartition', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeAddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult(r, version));
            resultsByPartition = _a;
        }
    }
    const m = { name, resultsByPartition };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddPartitionsToTxnResponseAddPartitionsToTxnTopicResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeAddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult(r, version) {
    const partitionIndex = r.readInt32('AddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult.partitionIndex');
    const partitionErrorCode = r.readInt16('AddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult.partitionErrorCode');
    const m = {
        partitionIndex,
        partitionErrorCode,
    };
    if (version >= 3) {
        const _tf = r.readTaggedFields('AddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeAddPartitionsToTxnResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    if (version >= 4) {
        w.writeInt16(m.errorCode);
    }
    if (version >= 4) {
        {
            const _a = m.resultsByTransaction;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeAddPartitionsToTxnResponseAddPartitionsToTxnResult(w, version, _e);
            }
        }
    }
    if (version <= 3) {
        {
            const _a = m.resultsByTopicV3AndBelow;
            if (version >= 3) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult(w, version, _e);
            }
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeAddPartitionsToTxnResponseAddPartitionsToTxnResult(w, version, m) {
    w.writeCompactString(m.transactionalId);
    {
        const _a = m.topicResults;
        w.writeCompactArrayLength(_a.length);
        for (const _e of _a) {
            encodeAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult(w, version, _e);
        }
    }
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeAddPartitionsToTxnResponseAddPartitionsToTxnTopicResult(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    {
        const _a = m.resultsByPartition;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeAddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeAddPartitionsToTxnResponseAddPartitionsToTxnPartitionResult(w, version, m) {
    w.writeInt32(m.partitionIndex);
    w.writeInt16(m.partitionErrorCode);
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
