/** Versions and header rules of DescribeConfigs (flexibleMinVersion 99 = never flexible). */
export const DescribeConfigsApi = {
    apiKey: 32,
    name: 'DescribeConfigs',
    minVersion: 0,
    maxVersion: 4,
    flexibleMinVersion: 4,
    requestHeaderV2MinVersion: 4,
    responseHeaderV1MinVersion: 4,
};
export function createDescribeConfigsRequest() {
    return {
        resources: [],
        includeSynonyms: false,
        includeDocumentation: false,
    };
}
export function createDescribeConfigsRequestDescribeConfigsResource() {
    return {
        resourceType: 0,
        resourceName: '',
        configurationKeys: [],
    };
}
export function decodeDescribeConfigsRequest(r, version) {
    let resources;
    {
        const _n = version >= 4
            ? r.readCompactArrayLength('DescribeConfigsRequest.resources', 1)
            : r.readArrayLength('DescribeConfigsRequest.resources', 1);
        if (_n < 0) {
            throw r.error('DescribeConfigsRequest.resources', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeConfigsRequestDescribeConfigsResource(r, version));
            resources = _a;
        }
    }
    let includeSynonyms = false;
    if (version >= 1) {
        includeSynonyms = r.readBool('DescribeConfigsRequest.includeSynonyms');
    }
    let includeDocumentation = false;
    if (version >= 3) {
        includeDocumentation = r.readBool('DescribeConfigsRequest.includeDocumentation');
    }
    const m = { resources, includeSynonyms, includeDocumentation };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DescribeConfigsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDescribeConfigsRequestDescribeConfigsResource(r, version) {
    const resourceType = r.readInt8('DescribeConfigsRequestDescribeConfigsResource.resourceType');
    const resourceName = version >= 4
        ? r.readCompactString('DescribeConfigsRequestDescribeConfigsResource.resourceName')
        : r.readString('DescribeConfigsRequestDescribeConfigsResource.resourceName');
    let configurationKeys;
    {
        const _n = version >= 4
            ? r.readCompactArrayLength('DescribeConfigsRequestDescribeConfigsResource.configurationKeys', version >= 4 ? 1 : 2)
            : r.readArrayLength('DescribeConfigsRequestDescribeConfigsResource.configurationKeys', version >= 4 ? 1 : 2);
        if (_n < 0) {
            configurationKeys = null;
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(version >= 4
                    ? r.readCompactString('DescribeConfigsRequestDescribeConfigsResource.configurationKeys')
                    : r.readString('DescribeConfigsRequestDescribeConfigsResource.configurationKeys'));
            configurationKeys = _a;
        }
    }
    const m = { resourceType, resourceName, configurationKeys };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DescribeConfigsRequestDescribeConfigsResource._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDescribeConfigsRequest(w, version, m) {
    {
        const _a = m.resources;
        if (version >= 4) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDescribeConfigsRequestDescribeConfigsResource(w, version, _e);
        }
    }
    if (version >= 1) {
        w.writeBool(m.includeSynonyms);
    }
    if (version >= 3) {
        w.writeBool(m.includeDocumentation);
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDescribeConfigsRequestDescribeConfigsResource(w, version, m) {
    w.writeInt8(m.resourceType);
    if (version >= 4) {
        w.writeCompactString(m.resourceName);
    }
    else {
        w.writeString(m.resourceName);
    }
    {
        const _a = m.configurationKeys;
        if (_a === null) {
            if (version >= 4) {
                w.writeCompactArrayLength(-1);
            }
            else {
                w.writeArrayLength(-1);
            }
        }
        else {
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
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createDescribeConfigsResponse() {
    return {
        throttleTimeMs: 0,
        results: [],
    };
}
export function createDescribeConfigsResponseDescribeConfigsResult() {
    return {
        errorCode: 0,
        errorMessage: '',
        resourceType: 0,
        resourceName: '',
        configs: [],
    };
}
export function createDescribeConfigsResponseDescribeConfigsResourceResult() {
    return {
        name: '',
        value: '',
        readOnly: false,
        isDefault: false,
        configSource: -1,
        isSensitive: false,
        synonyms: [],
        configType: 0,
        documentation: '',
    };
}
export function createDescribeConfigsResponseDescribeConfigsSynonym() {
    return {
        name: '',
        value: '',
        source: 0,
    };
}
export function decodeDescribeConfigsResponse(r, version) {
    const throttleTimeMs = r.readInt32('DescribeConfigsResponse.throttleTimeMs');
    let results;
    {
        const _n = version >= 4
            ? r.readCompactArrayLength('DescribeConfigsResponse.results', 1)
            : r.readArrayLength('DescribeConfigsResponse.results', 1);
        if (_n < 0) {
            throw r.error('DescribeConfigsResponse.results', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeConfigsResponseDescribeConfigsResult(r, version));
            results = _a;
        }
    }
    const m = { throttleTimeMs, results };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DescribeConfigsResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDescribeConfigsResponseDescribeConfigsResult(r, version) {
    const errorCode = r.readInt16('DescribeConfigsResponseDescribeConfigsResult.errorCode');
    const errorMessage = version >= 4
        ? r.readCompactNullableString('DescribeConfigsResponseDescribeConfigsResult.errorMessage')
        : r.readNullableString('DescribeConfigsResponseDescribeConfigsResult.errorMessage');
    const resourceType = r.readInt8('DescribeConfigsResponseDescribeConfigsResult.resourceType');
    const resourceName = version >= 4
        ? r.readCompactString('DescribeConfigsResponseDescribeConfigsResult.resourceName')
        : r.readString('DescribeConfigsResponseDescribeConfigsResult.resourceName');
    let configs;
    {
        const _n = version >= 4
            ? r.readCompactArrayLength('DescribeConfigsResponseDescribeConfigsResult.configs', 1)
            : r.readArrayLength('DescribeConfigsResponseDescribeConfigsResult.configs', 1);
        if (_n < 0) {
            throw r.error('DescribeConfigsResponseDescribeConfigsResult.configs', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeDescribeConfigsResponseDescribeConfigsResourceResult(r, version));
            configs = _a;
        }
    }
    const m = {
        errorCode,
        errorMessage,
        resourceType,
        resourceName,
        configs,
    };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DescribeConfigsResponseDescribeConfigsResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDescribeConfigsResponseDescribeConfigsResourceResult(r, version) {
    const name = version >= 4
        ? r.readCompactString('DescribeConfigsResponseDescribeConfigsResourceResult.name')
        : r.readString('DescribeConfigsResponseDescribeConfigsResourceResult.name');
    const value = version >= 4
        ? r.readCompactNullableString('DescribeConfigsResponseDescribeConfigsResourceResult.value')
        : r.readNullableString('DescribeConfigsResponseDescribeConfigsResourceResult.value');
    const readOnly = r.readBool('DescribeConfigsResponseDescribeConfigsResourceResult.readOnly');
    let isDefault = false;
    if (version <= 0) {
        isDefault = r.readBool('DescribeConfigsResponseDescribeConfigsResourceResult.isDefault');
    }
    let configSource = -1;
    if (version >= 1) {
        configSource = r.readInt8('DescribeConfigsResponseDescribeConfigsResourceResult.configSource');
    }
    const isSensitive = r.readBool('DescribeConfigsResponseDescribeConfigsResourceResult.isSensitive');
    let synonyms = [];
    if (version >= 1) {
        {
            const _n = version >= 4
                ? r.readCompactArrayLength('DescribeConfigsResponseDescribeConfigsResourceResult.synonyms', 1)
                : r.readArrayLength('DescribeConfigsResponseDescribeConfigsResourceResult.synonyms', 1);
            if (_n < 0) {
                throw r.error('DescribeConfigsResponseDescribeConfigsResourceResult.synonyms', 'null array in version ' + version);
            }
            else {
                const _a = [];
                for (let _i = 0; _i < _n; _i++)
                    _a.push(decodeDescribeConfigsResponseDescribeConfigsSynonym(r, version));
                synonyms = _a;
            }
        }
    }
    let configType = 0;
    if (version >= 3) {
        configType = r.readInt8('DescribeConfigsResponseDescribeConfigsResourceResult.configType');
    }
    let documentation = '';
    if (version >= 3) {
        documentation =
            version >= 4
                ? r.readCompactNullableString('DescribeConfigsResponseDescribeConfigsResourceResult.documentation')
                : r.readNullableString('DescribeConfigsResponseDescribeConfigsResourceResult.documentation');
    }
    const m = {
        name,
        value,
        readOnly,
        isDefault,
        configSource,
        isSensitive,
        synonyms,
        configType,
        documentation,
    };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DescribeConfigsResponseDescribeConfigsResourceResult._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeDescribeConfigsResponseDescribeConfigsSynonym(r, version) {
    const name = version >= 4
        ? r.readCompactString('DescribeConfigsResponseDescribeConfigsSynonym.name')
        : r.readString('DescribeConfigsResponseDescribeConfigsSynonym.name');
    const value = version >= 4
        ? r.readCompactNullableString('DescribeConfigsResponseDescribeConfigsSynonym.value')
        : r.readNullableString('DescribeConfigsResponseDescribeConfigsSynonym.value');
    const source = r.readInt8('DescribeConfigsResponseDescribeConfigsSynonym.source');
    const m = { name, value, source };
    if (version >= 4) {
        const _tf = r.readTaggedFields('DescribeConfigsResponseDescribeConfigsSynonym._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeDescribeConfigsResponse(w, version, m) {
    w.writeInt32(m.throttleTimeMs);
    {
        const _a = m.results;
        if (version >= 4) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDescribeConfigsResponseDescribeConfigsResult(w, version, _e);
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDescribeConfigsResponseDescribeConfigsResult(w, version, m) {
    w.writeInt16(m.errorCode);
    if (version >= 4) {
        w.writeCompactNullableString(m.errorMessage);
    }
    else {
        w.writeNullableString(m.errorMessage);
    }
    w.writeInt8(m.resourceType);
    if (version >= 4) {
        w.writeCompactString(m.resourceName);
    }
    else {
        w.writeString(m.resourceName);
    }
    {
        const _a = m.configs;
        if (version >= 4) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeDescribeConfigsResponseDescribeConfigsResourceResult(w, version, _e);
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDescribeConfigsResponseDescribeConfigsResourceResult(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    if (version >= 4) {
        w.writeCompactNullableString(m.value);
    }
    else {
        w.writeNullableString(m.value);
    }
    w.writeBool(m.readOnly);
    if (version <= 0) {
        w.writeBool(m.isDefault);
    }
    if (version >= 1) {
        w.writeInt8(m.configSource);
    }
    w.writeBool(m.isSensitive);
    if (version >= 1) {
        {
            const _a = m.synonyms;
            if (version >= 4) {
                w.writeCompactArrayLength(_a.length);
            }
            else {
                w.writeArrayLength(_a.length);
            }
            for (const _e of _a) {
                encodeDescribeConfigsResponseDescribeConfigsSynonym(w, version, _e);
            }
        }
    }
    if (version >= 3) {
        w.writeInt8(m.configType);
    }
    if (version >= 3) {
        if (version >= 4) {
            w.writeCompactNullableString(m.documentation);
        }
        else {
            w.writeNullableString(m.documentation);
        }
    }
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeDescribeConfigsResponseDescribeConfigsSynonym(w, version, m) {
    if (version >= 4) {
        w.writeCompactString(m.name);
    }
    else {
        w.writeString(m.name);
    }
    if (version >= 4) {
        w.writeCompactNullableString(m.value);
    }
    else {
        w.writeNullableString(m.value);
    }
    w.writeInt8(m.source);
    if (version >= 4) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
