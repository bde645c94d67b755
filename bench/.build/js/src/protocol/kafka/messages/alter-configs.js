/** Versions and header rules of AlterConfigs (flexibleMinVersion 99 = never flexible). */
export const AlterConfigsApi = {
    apiKey: 33,
    name: 'AlterConfigs',
    minVersion: 0,
    maxVersion: 2,
    flexibleMinVersion: 2,
    requestHeaderV2MinVersion: 2,
    responseHeaderV1MinVersion: 2,
};
export function createAlterConfigsRequest() {
    return {
        resources: [],
        validateOnly: false,
    };
}
export function createAlterConfigsRequestAlterConfigsResource() {
    return {
        resourceType: 0,
        resourceName: '',
        configs: [],
    };
}
export function createAlterConfigsRequestAlterableConfig() {
    return {
        name: '',
        value: '',
    };
}
export function decodeAlterConfigsRequest(r, version) {
    let resources;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('AlterConfigsRequest.resources', 1)
            : r.readArrayLength('AlterConfigsRequest.resources', 1);
        if (_n < 0) {
            throw r.error('AlterConfigsRequest.resources', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeAlterConfigsRequestAlterConfigsResource(r, version));
            resources = _a;
        }
    }
    const validateOnly = r.readBool('AlterConfigsRequest.validateOnly');
    const m = { resources, validateOnly };
    if (version >= 2) {
        const _tf = r.readTaggedFields('AlterConfigsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeAlterConfigsRequestAlterConfigsResource(r, version) {
    const resourceType = r.readInt8('AlterConfigsRequestAlterConfigsResource.resourceType');
    const resourceName = version >= 2
        ? r.readCompactString('AlterConfigsRequestAlterConfigsResource.resourceName')
        : r.readString('AlterConfigsRequestAlterConfigsResource.resourceName');
    let configs;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('AlterConfigsRequestAlterConfigsResource.configs', 1)
            : r.readArrayLength('AlterConfigsRequestAlterConfigsResource.configs', 1);
        if (_n < 0) {
            throw r.error('AlterConfigsRequestAlterConfigsResource.configs', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeAlterConfigsRequestAlterableConfig(r, version));
            configs = _a;
        }
    }
    const m = { resourceType, resourceName, configs };
    if (version >= 2) {
        const _tf = r.readTaggedFields('AlterConfigsRequestAlterConfigsResource._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeAlterConfigsRequestAlterableConfig(r, version) {
    const name = version >= 2
        ? r.readCompactString('AlterConfigsRequestAlterableConfig.name')
        : r.readString('AlterConfigsRequestAlterableConfig.name');
    const value = version >= 2
        ? r.readCompactNullableString('AlterConfigsRequestAlterableConfig.value')
        : r.readNullableString('AlterConfigsRequestAlterableConfig.value');
    const m = { name, value };
    if (version >= 2) {
        const _tf = r.readTaggedFields('AlterConfigsRequestAlterableConfig._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeAlterConfigsRequest(w, version, m) {
    {
        const _a = m.resources;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeAlterConfigsRequestAlterConfigsResource(w, version, _e);
        }
    }
    w.writeBool(m.validateOnly);
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeAlterConfigsRequestAlterConfigsResource(w, version, m) {
    w.writeInt8(m.resourceType);
    if (version >= 2) {
        w.writeCompactString(m.resourceName);
    }
    else {
        w.writeString(m.resourceName);
    }
    {
        const _a = m.configs;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeAlterConfigsRequestAlterableConfig(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeAlterConfigsRequestAlterableConfig(w, version, m) {
    if (version >= 2) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    if (version >= 2) {
        w.writeCompactNullableString(m.value);
    }
    else {
        w.writeNullableString(m.value);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createAlterConfigsResponse() {
    return {
        throttleTimeMs: 0,
        responses: [],
    };
}
export function createAlterConfigsResponseAlterConfigsResourceResponse() {
    return {
        errorCode: 0,
        errorMessage: '',
        resourceType: 0,
        resourceName: '',
    };
}
export function decodeAlterConfigsResponse(r, version) {
    const throttleTimeMs = r.readInt32('AlterConfigsResponse.throttleTimeMs');
    let responses;
    {
        const _n = version >= 2
            ? r.readCompactArrayLength('AlterConfigsResponse.responses', 1)
            : r.readArrayLength('AlterConfigsResponse.responses', 1);
        if (_n < 0) {
            throw r.error('AlterConfigsResponse.responses', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeAlterConfigsResponseAlterConfigsResourceResponse(r, version));
            responses = _a;
        }
    }
    const m = { throttleTimeMs, responses };
    if (version >= 2) {
        const _tf = r.readTaggedFields('AlterConfigsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeAlterConfigsResponseAlterConfigsResourceResponse(r, version) {
    const errorCode = r.readInt16('AlterConfigsResponseAlterConfigsResourceResponse.errorCode');
    const errorMessage = version >= 2
        ? r.readCompactNullableString('AlterConfigsResponseAlterConfigsResourceResponse.errorMessage')
        : r.readNullableString('AlterConfigsResponseAlterConfigsResourceResponse.errorMessage');
    const resourceType = r.readInt8('AlterConfigsResponseAlterConfigsResourceResponse.resourceType');
    const resourceName = version >= 2
        ? r.readCompactString('AlterConfigsResponseAlterConfigsResourceResponse.resourceName')
        : r.readString('AlterConfigsResponseAlterConfigsResourceResponse.resourceName');
    const m = {
        errorCode,
        errorMessage,
        resourceType,
        resourceName,
    };
    if (version >= 2) {
        const _tf = r.readTaggedFields('AlterConfigsResponseAlterConfigsResourceResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeAlterConfigsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.responses;
        if (version >= 2) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeAlterConfigsResponseAlterConfigsResourceResponse(w, version, _e);
        }
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeAlterConfigsResponseAlterConfigsResourceResponse(w, version, m) {
    w.writeInt16(m.errorCode);
    if (version >= 2) {
        w.writeCompactNullableString(m.errorMessage);
    }
    else {
        w.writeNullableString(m.errorMessage);
    }
    w.writeInt8(m.resourceType);
    if (version >= 2) {
        w.writeCompactString(m.resourceName);
    }
    else {
        w.writeString(m.resourceName);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
