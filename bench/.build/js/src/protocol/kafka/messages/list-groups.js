/** Versions and header rules of ListGroups (flexibleMinVersion 99 = never flexible). */
export const ListGroupsApi = {
    apiKey: 16,
    name: 'ListGroups',
    minVersion: 0,
    maxVersion: 5,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 3,
};
export function createListGroupsRequest() {
    return {
        statesFilter: [],
        typesFilter: [],
    };
}
export function decodeListGroupsRequest(r, version) {
    let statesFilter = [];
    if (version >= 4) {
        {
            const _n = r.readCompactArrayLength('ListGroupsRequest.statesFilter', 1);
            if (_n < 0) {
                throw r.error('ListGroupsRequest.statesFilter', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(r.readCompactString('ListGroupsRequest.statesFilter'));
                statesFilter = _a;
            }
        }
    }
    let typesFilter = [];
    if (version >= 5) {
        {
            const _n = r.readCompactArrayLength('ListGroupsRequest.typesFilter', 1);
            if (_n < 0) {
                throw r.error('ListGroupsRequest.typesFilter', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(r.readCompactString('ListGroupsRequest.typesFilter'));
                typesFilter = _a;
            }
        }
    }
    const m = { statesFilter, typesFilter };
    if (version >= 3) {
        const _tf = r.readTaggedFields('ListGroupsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeListGroupsRequest(w, version, m) {
    if (version >= 4) {
        {
            const _a = m.statesFilter;
            w.writeCompactArrayLength(_a.length);
            for (const _e of _a) {
                w.writeCompactString(_e);
            }
        }
    }
    if (version >= 5) {
        {
            const _a = m.typesFilter;
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
export function createListGroupsResponse() {
    return {
        throttleTimeMs: 0,
        errorCode: 0,
        groups: [],
    };
}
export function createListGroupsResponseListedGroup() {
    return {
        groupId: '',
        protocolType: '',
        groupState: '',
        groupType: '',
    };
}
export function decodeListGroupsResponse(r, version) {
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('ListGroupsResponse.throttleTimeMs');
    }
    const errorCode = r.readInt16('ListGroupsResponse.errorCode');
    let groups;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('ListGroupsResponse.groups', 1)
            : r.readArrayLength('ListGroupsResponse.groups', 1);
        if (_n < 0) {
            throw r.error('ListGroupsResponse.groups', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeListGroupsResponseListedGroup(r, version));
            groups = _a;
        }
    }
    const m = { throttleTimeMs, errorCode, groups };
    if (version >= 3) {
        const _tf = r.readTaggedFields('ListGroupsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeListGroupsResponseListedGroup(r, version) {
    const groupId = version >= 3
        ? r.readCompactString('ListGroupsResponseListedGroup.groupId')
        : r.readString('ListGroupsResponseListedGroup.groupId');
    const protocolType = version >= 3
        ? r.readCompactString('ListGroupsResponseListedGroup.protocolType')
        : r.readString('ListGroupsResponseListedGroup.protocolType');
    let groupState = '';
    if (version >= 4) {
        groupState = r.readCompactString('ListGroupsResponseListedGroup.groupState');
    }
    let groupType = '';
    if (version >= 5) {
        groupType = r.readCompactString('ListGroupsResponseListedGroup.groupType');
    }
    const m = { groupId, protocolType, groupState, groupType };
    if (version >= 3) {
        const _tf = r.readTaggedFields('ListGroupsResponseListedGroup._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeListGroupsResponse(w, version, m) {
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    w.writeInt16(m.errorCode);
    {
        const _a = m.groups;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeListGroupsResponseListedGroup(w, version, _e);
        }
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeListGroupsResponseListedGroup(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.groupId);
    }
    else {
        w.writeString(m.groupId);
    }
    if (version >= 3) {
        w.writeCompactString(m.protocolType);
    }
    else {
        w.writeString(m.protocolType);
    }
    if (version >= 4) {
        w.writeCompactString(m.groupState);
    }
    if (version >= 5) {
        w.writeCompactString(m.groupType);
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
