/** Versions and header rules of IncrementalAlterConfigs (flexibleMinVersion 99 = never flexible). */
export const IncrementalAlterConfigsApi = {
    apiKey: 44,
    name: 'IncrementalAlterConfigs',
    minVersion: 0,
    maxVersion: 1,
    flexibleMinVersion: 1,
    requestHeaderV2MinVersion: 1,
    responseHeaderV1MinVersion: 1,
};
export function createIncrementalAlterConfigsRequest() {
    return {
        resources: [],
        validateOnly: false,
    };
}
export function createIncrementalAlterConfigsRequestAlterConfigsResource() {
    return {
        resourceType: 0,
        resourceName: '',
        configs: [],
    };
}
export function createIncrementalAlterConfigsRequestAlterableConfig() {
    return {
        name: '',
        configOperation: 0,
        value: '',
    };
}
export function decodeIncrementalAlterConfigsRequest(r, version) {
    let resources;
    {
        const _n = version >= 1
            ? r.readCompactArrayLength('IncrementalAlterConfigsRequest.resources', 1)
            : r.readArrayLength('IncrementalAlterConfigsRequest.resources', 1);
        if (_n < 0) {
            throw r.error('IncrementalAlterConfigsRequest.resources', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeIncrementalAlterConfigsRequestAlterConfigsResource(r, version));
            resources = _a;
        }
    }
    const validateOnly = r.readBool('IncrementalAlterConfigsRequest.validateOnly');
    const m = { resources, validateOnly };
    if (version >= 1) {
        const _tf = r.readTaggedFields('IncrementalAlterConfigsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeIncrementalAlterConfigsRequestAlterConfigsResource(r, version) {
    const resourceType = r.readInt8('IncrementalAlterConfigsRequestAlterConfigsResource.resourceType');
    const resourceName = version >= 1
        ? r.readCompactString('IncrementalAlterConfigsRequestAlterConfigsResource.resourceName')
        : r.readString('IncrementalAlterConfigsRequestAlterConfigsResource.resourceName');
    let configs;
    {
        const _n = version >= 1
            ? r.readCompactArrayLength('IncrementalAlterConfigsRequestAlterConfigsResource.configs', 1)
            : r.readArrayLength('IncrementalAlterConfigsRequestAlterConfigsResource.configs', 1);
        if (_n < 0) {
            throw r.error('IncrementalAlterConfigsRequestAlterConfigsResource.configs', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeIncrementalAlterConfigsRequestAlterableConfig(r, version));
            configs = _a;
        }
    }
    const m = { resourceType, resourceName, configs };
    if (version >= 1) {
        const _tf = r.readTaggedFields('IncrementalAlterConfigsRequestAlterConfigsResource._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeIncrementalAlterConfigsRequestAlterableConfig(r, version) {
    const name = version >= 1
        ? r.readCompactString('IncrementalAlterConfigsRequestAlterableConfig.name')
        : r.readString('IncrementalAlterConfigsRequestAlterableConfig.name');
    const configOperation = r.readInt8('IncrementalAlterConfigsRequestAlterableConfig.configOperation');
    const value = version >= 1
        ? r.readCompactNullableString('IncrementalAlterConfigsRequestAlterableConfig.value')
        : r.readNullableString('IncrementalAlterConfigsRequestAlterableConfig.value');
    const m = { name, configOperation, value };
    if (version >= 1) {
        const _tf = r.readTaggedFields('IncrementalAlterConfigsRequestAlterableConfig._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeIncrementalAlterConfigsRequest(w, version, m) {
    {
        const _a = m.resources;
        if (version >= 1) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeIncrementalAlterConfigsRequestAlterConfigsResource(w, version, _e);
        }
    }
    w.writeBool(m.validateOnly);
    if (version >= 1) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeIncrementalAlterConfigsRequestAlterConfigsResource(w, version, m) {
    w.writeInt8(m.resourceType);
    if (version >= 1) {
        w.writeCompactString(m.resourceName);
    }
    else {
        w.writeString(m.resourceName);
    }
    {
        const _a = m.configs;
        if (version >= 1) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeIncrementalAlterConfigsRequestAlterableConfig(w, version, _e);
        }
    }
    if (version >= 1) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeIncrementalAlterConfigsRequestAlterableConfig(w, version, m) {
    if (version >= 1) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    w.writeInt8(m.configOperation);
    if (version >= 1) {
        w.writeCompactNullableString(m.value);
    }
    else {
        w.writeNullableString(m.value);
    }
    if (version >= 1) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createIncrementalAlterConfigsResponse() {
    return {
        throttleTimeMs: 0,
        responses: [],
    };
}
export function createIncrementalAlterConfigsResponseAlterConfigsResourceResponse() {
    return {
        errorCode: 0,
        errorMessage: '',
        resourceType: 0,
        resourceName: '',
    };
}
export function decodeIncrementalAlterConfigsResponse(r, version) {
    const throttleTimeMs = r.readInt32('IncrementalAlterConfigsResponse.throttleTimeMs');
    let responses;
    {
        const _n = version >= 1
            ? r.readCompactArrayLength('IncrementalAlterConfigsResponse.responses', 1)
            : r.readArrayLength('IncrementalAlterConfigsResponse.responses', 1);
        if (_n < 0) {
            throw r.error('IncrementalAlterConfigsResponse.responses', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(r, version));
            responses = _a;
        }
    }
    const m = { throttleTimeMs, responses };
    if (version >= 1) {
        const _tf = r.readTaggedFields('IncrementalAlterConfigsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(r, version) {
    const errorCode = r.readInt16('IncrementalAlterConfigsResponseAlterConfigsResourceResponse.errorCode');
    const errorMessage = version >= 1
        ? r.readCompactNullableString('IncrementalAlterConfigsResponseAlterConfigsResourceResponse.errorMessage')
        : r.readNullableString('IncrementalAlterConfigsResponseAlterConfigsResourceResponse.errorMessage');
    const resourceType = r.readInt8('IncrementalAlterConfigsResponseAlterConfigsResourceResponse.resourceType');
    const resourceName = version >= 1
        ? r.readCompactString('IncrementalAlterConfigsResponseAlterConfigsResourceResponse.resourceName')
        : r.readString('IncrementalAlterConfigsResponseAlterConfigsResourceResponse.resourceName');
    const m = {
        errorCode,
        errorMessage,
        resourceType,
        resourceName,
    };
    if (version >= 1) {
        const _tf = r.readTaggedFields('IncrementalAlterConfigsResponseAlterConfigsResourceResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeIncrementalAlterConfigsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.responses;
        if (version >= 1) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(w, version, _e);
        }
    }
    if (version >= 1) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeIncrementalAlterConfigsResponseAlterConfigsResourceResponse(w, version, m) {
    w.writeInt16(m.errorCode);
    if (version >= 1) {
        w.writeCompactNullableString(m.errorMessage);
    }
    else {
        w.writeNullableString(m.errorMessage);
    }
    w.writeInt8(m.resourceType);
    if (version >= 1) {
        w.writeCompactString(m.resourceName);
    }
    else {
        w.writeString(m.resourceName);
    }
    if (version >= 1) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
