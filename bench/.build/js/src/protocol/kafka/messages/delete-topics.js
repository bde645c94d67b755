import { nullNotAllowed } from '../codec/writer.js';
/** Versions and header rules of DeleteTopics (flexibleMinVersion 99 = never flexible). */
export const DeleteTopicsApi = {
    apiKey: 20,
    name: 'DeleteTopics',
    minVersion: 0,
    maxVersion: 6,
    flexibleMinVersion: 4,
    requestHeaderV2MinVersion: 4,
    responseHeaderV1MinVersion: 4,
};
export function createDeleteTopicsRequest() {
    return {
        topics: [],
        topicNames: [],
        timeoutMs: 0,
    };
}
export function createDeleteTopicsRequestDeleteTopicState() {
    return {
        name: null,
        topicId: Buffer.alloc(16),
    };
}
export function decodeDeleteTopicsRequest(r, version) {
    let topics = [];
    if (version >= 6) {
        {
            const _n = r.readCompactArrayLength('DeleteTopicsRequest.topics', 1);
            if (_n < 0) {
                throw r.error('DeleteTopicsRequest.topics', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeDeleteTopicsRequestDeleteTopicState(r, version));
                topics = _a;
            }
        }
    }
    let topicNames = [];
    if (version <= 5) {
        {
            const _n = version >= 4
                ? r.readCompactArrayLength('DeleteTopicsRequest.topicNames', version >= 4 ? 1 : 2)
                : r.readArrayLength('DeleteTopicsRequest.topicNames', version >= 4 ? 1 : 2);
            if (_n < 0) {
                throw r.error('DeleteTopicsRequest.topicNames', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(version >= 4
                        ? r.readCompactString('DeleteTopicsRequest.topicNames')
                        : r.readString('DeleteTopicsRequest.topicNames'));
                topicNames = _a;
            }
        }
    }
    const timeoutMs = r.readInt32('DeleteTopicsRequest.timeoutMs');
    const m = { topics, topicNames, timeoutMs };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DeleteTopicsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteTopicsRequestDeleteTopicState(r, version) {
    const name = r.readCompactNullableString('DeleteTopicsRequestDeleteTopicState.name');
    const topicId = r.readUuid('DeleteTopicsRequestDeleteTopicState.topicId');
    const m = { name, topicId };
    const _tf = r.readTaggedFields('DeleteTopicsRequestDeleteTopicState._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeDeleteTopicsRequest(w, version, m) {
    if (version >= 6) {
        {
            const _a = m.topics;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeDeleteTopicsRequestDeleteTopicState(w, version, _e);
            }
        }
    }
    if (version <= 5) {
        {
            const _a = m.topicNames;
            if (version >= 4) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                if (version >= 4) {
                    w.writeCompactString(_e);
                }
                else {
                    w.writeString(_e);
                }
            }
        }
    }
    w.writeInt32(m.timeoutMs);
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteTopicsRequestDeleteTopicState(w, version, m) {
    w.writeCompactNullableString(m.name);
    w.writeUuid(m.topicId);
    w.writeTaggedFields(m.unknownTaggedFields);
}
export function createDeleteTopicsResponse() {
    return {
        throttleTimeMs: 0,
        responses: [],
    };
}
export function createDeleteTopicsResponseDeletableTopicResult() {
    return {
        name: '',
        topicId: Buffer.alloc(16),
        errorCode: 0,
        errorMessage: null,
    };
}
export function decodeDeleteTopicsResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('DeleteTopicsResponse.throttleTimeMs');
    }
    let responses;
    {
        const _n = version >= 4
            ? r.readCompactArrayLength('DeleteTopicsResponse.responses', 1)
            : r.readArrayLength('DeleteTopicsResponse.responses', 1);
        if (_n < 0) {
            throw r.error('DeleteTopicsResponse.responses', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDeleteTopicsResponseDeletableTopicResult(r, version));
            responses = _a;
        }
    }
    const m = { throttleTimeMs, responses };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DeleteTopicsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteTopicsResponseDeletableTopicResult(r, version) {
    const name = version >= 4
        ? version >= 6
            ? r.readCompactNullableString('DeleteTopicsResponseDeletableTopicResult.name')
            : r.readCompactString('DeleteTopicsResponseDeletableTopicResult.name')
        : version >= 6
            ? r.readNullableString('DeleteTopicsResponseDeletableTopicResult.name')
            : r.readString('DeleteTopicsResponseDeletableTopicResult.name');
    let topicId = Buffer.alloc(16);
    if (version >= 6) {
        topicId = r.readUuid('DeleteTopicsResponseDeletableTopicResult.topicId');
    }
    const errorCode = r.readInt16('DeleteTopicsResponseDeletableTopicResult.errorCode');
    let errorMessage = null;
    if (version >= 5) {
        errorMessage = r.readCompactNullableString('DeleteTopicsResponseDeletableTopicResult.errorMessage');
    }
    const m = { name, topicId, errorCode, errorMessage };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DeleteTopicsResponseDeletableTopicResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDeleteTopicsResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    {
        const _a = m.responses;
        if (version >= 4) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDeleteTopicsResponseDeletableTopicResult(w, version, _e);
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteTopicsResponseDeletableTopicResult(w, version, m) {
    if (version >= 6) {
        if (version >= 4) {
            w.writeCompactNullableString(m.name);
        }
        else {
            w.writeNullableString(m.name);
        }
    }
    else {
        if (m.name === null)
            throw nullNotAllowed('DeleteTopicsResponseDeletableTopicResult.name', version);
        if (version >= 4) {
            w.writeCompactString(m.name);
        }
        else {
            w.writeString(m.name);
        }
    }
    if (version >= 6) {
        w.writeUuid(m.topicId);
    }
    w.writeInt16(m.errorCode);
    if (version >= 5) {
        w.writeCompactNullableString(m.errorMessage);
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
