/** Versions and header rules of DeleteGroups (flexibleMinVersion 99 = never flexible). */
export const DeleteGroupsApi = {
    apiKey: 42,
    name: 'DeleteGroups',
    minVersion: 0,
    maxVersion: 2,
    flexibleMinVersion: 2,
    requestHeaderV2MinVersion: 2,
    responseHeaderV1MinVersion: 2,
};
export function createDeleteGroupsRequest() {
    return {
        groupsNames: [],
    };
}
export function decodeDeleteGroupsRequest(r, version) {
    let groupsNames;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('DeleteGroupsRequest.groupsNames', version >= 2 ? 1 : 2)
            : r.readArrayLength('DeleteGroupsRequest.groupsNames', version >= 2 ? 1 : 2);
        if (_n < 0) {
            throw r.error('DeleteGroupsRequest.groupsNames', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(version >= 2
                    ? r.readCompactString('DeleteGroupsRequest.groupsNames')
                    : r.readString('DeleteGroupsRequest.groupsNames'));
            groupsNames = _a;
        }
    }
    const m = { groupsNames };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteGroupsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDeleteGroupsRequest(w, version, m) {
    {
        const _a = m.groupsNames;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            if (version >= 2) {
                w.writeCompactString(_e);
            }
            else {
                w.writeString(_e);
            }
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createDeleteGroupsResponse() {
    return {
        throttleTimeMs: 0,
        results: [],
    };
}
export function createDeleteGroupsResponseDeletableGroupResult() {
    return {
        groupId: '',
        errorCode: 0,
    };
}
export function decodeDeleteGroupsResponse(r, version) {
    const throttleTimeMs = r.readInt32('DeleteGroupsResponse.throttleTimeMs');
    let results;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('DeleteGroupsResponse.results', 1)
            : r.readArrayLength('DeleteGroupsResponse.results', 1);
        if (_n < 0) {
            throw r.error('DeleteGroupsResponse.results', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDeleteGroupsResponseDeletableGroupResult(r, version));
            results = _a;
        }
    }
    const m = { throttleTimeMs, results };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteGroupsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDeleteGroupsResponseDeletableGroupResult(r, version) {
    const groupId = version >= 2
        ? r.readCompactString('DeleteGroupsResponseDeletableGroupResult.groupId')
        : r.readString('DeleteGroupsResponseDeletableGroupResult.groupId');
    const errorCode = r.readInt16('DeleteGroupsResponseDeletableGroupResult.errorCode');
    const m = { groupId, errorCode };
    if (version >= 2) {
        const _tf = r.readTaggedFields('DeleteGroupsResponseDeletableGroupResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDeleteGroupsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.results;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDeleteGroupsResponseDeletableGroupResult(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDeleteGroupsResponseDeletableGroupResult(w, version, m) {
    if (version >= 2) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    w.writeInt16(m.errorCode);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
