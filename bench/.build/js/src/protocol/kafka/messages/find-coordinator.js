/** Versions and header rules of FindCoordinator (flexibleMinVersion 99 = never flexible). */
export const FindCoordinatorApi = {
    apiKey: 10,
    name: 'FindCoordinator',
    minVersion: 0,
    maxVersion: 6,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 3,
};
export function createFindCoordinatorRequest() {
    return {
        key: '',
        keyType: 0,
        coordinatorKeys: [],
    };
}
export function decodeFindCoordinatorRequest(r, version) {
    let key = '';
    if (version <= 3) {
        key =
            version >= 3
                ? r.readCompactString('FindCoordinatorRequest.key')
                : r.readString('FindCoordinatorRequest.key');
    }
    let keyType = 0;
    if (version >= 1) {
        keyType = r.readInt8('FindCoordinatorRequest.keyType');
    }
    let coordinatorKeys = [];
    if (version >= 4) {
        {
            const _n = r.readCompactArrayLength('FindCoordinatorRequest.coordinatorKeys', 1);
            if (_n < 0) {
                throw r.error('FindCoordinatorRequest.coordinatorKeys', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(r.readCompactString('FindCoordinatorRequest.coordinatorKeys'));
                coordinatorKeys = _a;
            }
        }
    }
    const m = { key, keyType, coordinatorKeys };
    if (version >= 3) {
        const _tf = r.readTaggedFields('FindCoordinatorRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeFindCoordinatorRequest(w, version, m) {
    if (version <= 3) {
        if (version >= 3) {
            w.writeCompactString(m.key);
        }
        else {
            w.writeString(m.key);
        }
    }
    if (version >= 1) {
        w.writeInt8(m.keyType);
    }
    if (version >= 4) {
        {
            const _a = m.coordinatorKeys;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                w.writeCompactString(_e);
            }
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createFindCoordinatorResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        errorMessage: '',
        nodeId: 0,
        host: '',
        port: 0,
        coordinators: [],
    };
}
export function createFindCoordinatorResponseCoordinator() {
    return {
        key: '',
        nodeId: 0,
        host: '',
        port: 0,
        errorCode: 0,
        errorMessage: '',
    };
}
export function decodeFindCoordinatorResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('FindCoordinatorResponse.throttleTimeMs');
    }
    let errorCode = 0;
    if (version <= 3) {
        errorCode = r.readInt16('FindCoordinatorResponse.errorCode');
    }
    let errorMessage = '';
    if (version >= 1 && version <= 3) {
        errorMessage =
            version >= 3
                ? r.readCompactNullableString('FindCoordinatorResponse.errorMessage')
                : r.readNullableString('FindCoordinatorResponse.errorMessage');
    }
    let nodeId = 0;
    if (version <= 3) {
        nodeId = r.readInt32('FindCoordinatorResponse.nodeId');
    }
    let host = '';
    if (version <= 3) {
        host =
            version >= 3
                ? r.readCompactString('FindCoordinatorResponse.host')
                : r.readString('FindCoordinatorResponse.host');
    }
    let port = 0;
    if (version <= 3) {
        port = r.readInt32('FindCoordinatorResponse.port');
    }
    let coordinators = [];
    if (version >= 4) {
        {
            const _n = r.readCompactArrayLength('FindCoordinatorResponse.coordinators', 1);
            if (_n < 0) {
                throw r.error('FindCoordinatorResponse.coordinators', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeFindCoordinatorResponseCoordinator(r, version));
                coordinators = _a;
            }
        }
    }
    const m = {
        throttleTimeMs,
        errorCode,
        errorMessage,
        nodeId,
        host,
        port,
        coordinators,
    };
    if (version >= 3) {
        const _tf = r.readTaggedFields('FindCoordinatorResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeFindCoordinatorResponseCoordinator(r, version) {
    const key = r.readCompactString('FindCoordinatorResponseCoordinator.key');
    const nodeId = r.readInt32('FindCoordinatorResponseCoordinator.nodeId');
    const host = r.readCompactString('FindCoordinatorResponseCoordinator.host');
    const port = r.readInt32('FindCoordinatorResponseCoordinator.port');
    const errorCode = r.readInt16('FindCoordinatorResponseCoordinator.errorCode');
    const errorMessage = r.readCompactNullableString('FindCoordinatorResponseCoordinator.errorMessage');
    const m = { key, nodeId, host, port, errorCode, errorMessage };
    const _tf = r.readTaggedFields('FindCoordinatorResponseCoordinator._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeFindCoordinatorResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    if (version <= 3) {
        w.writeInt16(m.errorCode);
    }
    if (version >= 1 && version <= 3) {
        if (version >= 3) {
            w.writeCompactNullableString(m.errorMessage);
        }
        else {
            w.writeNullableString(m.errorMessage);
        }
    }
    if (version <= 3) {
        w.writeInt32(m.nodeId);
    }
    if (version <= 3) {
        if (version >= 3) {
            w.writeCompactString(m.host);
        }
        else {
            w.writeString(m.host);
        }
    }
    if (version <= 3) {
        w.writeInt32(m.port);
    }
    if (version >= 4) {
        {
            const _a = m.coordinators;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                encodeFindCoordinatorResponseCoordinator(w, version, _e);
            }
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeFindCoordinatorResponseCoordinator(w, version, m) {
    w.writeCompactString(m.key);
    w.writeInt32(m.nodeId);
    w.writeCompactString(m.host);
    w.writeInt32(m.port);
    w.writeInt16(m.errorCode);
    w.writeCompactNullableString(m.errorMessage);
    w.writeTaggedFields(m.unknownTaggedFields);
}
