import { Writer } from '../codec/writer.js';
/** Versions and header rules of ApiVersions (flexibleMinVersion 99 = never flexible). */
export const ApiVersionsApi = {
    apiKey: 18,
    name: 'ApiVersions',
    minVersion: 0,
    maxVersion: 4,
    flexibleMinVersion: 3,
    requestHeaderV2MinVersion: 3,
    responseHeaderV1MinVersion: 99,
};
export function createApiVersionsRequest() {
    return {
        clientSoftwareName: '',
        clientSoftwareVersion: '',
    };
}
export function decodeApiVersionsRequest(r, version) {
    let clientSoftwareName = '';
    if (version >= 3) {
        clientSoftwareName = r.readCompactString('ApiVersionsRequest.clientSoftwareName');
    }
    let clientSoftwareVersion = '';
    if (version >= 3) {
        clientSoftwareVersion = r.readCompactString('ApiVersionsRequest.clientSoftwareVersion');
    }
    const m = { clientSoftwareName, clientSoftwareVersion };
    if (version >= 3) {
        const _tf = r.readTaggedFields('ApiVersionsRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeApiVersionsRequest(w, version, m) {
    if (version >= 3) {
        w.writeCompactString(m.clientSoftwareName);
    }
    if (version >= 3) {
        w.writeCompactString(m.clientSoftwareVersion);
    }
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createApiVersionsResponse() {
    return {
        errorCode: 0,
        apiKeys: [],
        throttleTimeMs: 0,
        supportedFeatures: [],
        finalizedFeaturesEpoch: -1n,
        finalizedFeatures: [],
        zkMigrationReady: false,
    };
}
export function createApiVersionsResponseApiVersion() {
    return {
        apiKey: 0,
        minVersion: 0,
        maxVersion: 0,
    };
}
export function createApiVersionsResponseSupportedFeatureKey() {
    return {
        name: '',
        minVersion: 0,
        maxVersion: 0,
    };
}
export function createApiVersionsResponseFinalizedFeatureKey() {
    return {
        name: '',
        maxVersionLevel: 0,
        minVersionLevel: 0,
    };
}
export function decodeApiVersionsResponse(r, version) {
    const errorCode = r.readInt16('ApiVersionsResponse.errorCode');
    let apiKeys;
    {
        const _n = version >= 3
            ? r.readCompactArrayLength('ApiVersionsResponse.apiKeys', 1)
            : r.readArrayLength('ApiVersionsResponse.apiKeys', 1);
        if (_n < 0) {
            throw r.error('ApiVersionsResponse.apiKeys', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(decodeApiVersionsResponseApiVersion(r, version));
            apiKeys = _a;
        }
    }
    let throttleTimeMs = 0;
    if (version >= 1) {
        throttleTimeMs = r.readInt32('ApiVersionsResponse.throttleTimeMs');
    }
    const m = {
        errorCode,
        apiKeys,
        throttleTimeMs,
        supportedFeatures: [],
        finalizedFeaturesEpoch: -1n,
        finalizedFeatures: [],
        zkMigrationReady: false,
    };
    if (version >= 3) {
        const _count = r.readTaggedFieldCount('ApiVersionsResponse._tagged');
        for (let _t = 0; _t < _count; _t++) {
            const _tag = r.readUnsignedVarint('ApiVersionsResponse._tagged');
            const _size = r.readTaggedFieldSize('ApiVersionsResponse._tagged');
            const _end = r.offset + _size;
            switch (_tag) {
                case 0: {
                    if (version >= 3) {
                        {
                            const _n = r.readCompactArrayLength('ApiVersionsResponse.supportedFeatures', 1);
                            if (_n < 0) {
                                throw r.error('ApiVersionsResponse.supportedFeatures', 'null array in version ' + version);
                            }
                            else {
                                const _a = [];
                                for (let _i = 0; _i < _n; _i++)
                                    _a.push(decodeApiVersionsResponseSupportedFeatureKey(r, version));
                                m.supportedFeatures = _a;
                            }
                        }
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'ApiVersionsResponse._tagged'),
                        });
                    }
                    break;
                }
                case 1: {
                    if (version >= 3) {
                        m.finalizedFeaturesEpoch = r.readInt64('ApiVersionsResponse.finalizedFeaturesEpoch');
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'ApiVersionsResponse._tagged'),
                        });
                    }
                    break;
                }
                case 2: {
                    if (version >= 3) {
                        {
                            const _n = r.readCompactArrayLength('ApiVersionsResponse.finalizedFeatures', 1);
                            if (_n < 0) {
                                throw r.error('ApiVersionsResponse.finalizedFeatures', 'null array in version ' + version);
                            }
                            else {
                                const _a = [];
                                for (let _i = 0; _i < _n; _i++)
                                    _a.push(decodeApiVersionsResponseFinalizedFeatureKey(r, version));
                                m.finalizedFeatures = _a;
                            }
                        }
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'ApiVersionsResponse._tagged'),
                        });
                    }
                    break;
                }
                case 3: {
                    if (version >= 3) {
                        m.zkMigrationReady = r.readBool('ApiVersionsResponse.zkMigrationReady');
                    }
                    else {
                        (m.unknownTaggedFields ??= []).push({
                            tag: _tag,
                            data: r.readRaw(_size, 'ApiVersionsResponse._tagged'),
                        });
                    }
                    break;
                }
                default:
                    (m.unknownTaggedFields ??= []).push({
                        tag: _tag,
                        data: r.readRaw(_size, 'ApiVersionsResponse._tagged'),
                    });
            }
            if (r.offset !== _end)
                throw r.error('ApiVersionsResponse._tagged', 'tagged field ' + _tag + ' does not match its size ' + _size);
        }
    }
    return m;
}
function decodeApiVersionsResponseApiVersion(r, version) {
    const apiKey = r.readInt16('ApiVersionsResponseApiVersion.apiKey');
    const minVersion = r.readInt16('ApiVersionsResponseApiVersion.minVersion');
    const maxVersion = r.readInt16('ApiVersionsResponseApiVersion.maxVersion');
    const m = { apiKey, minVersion, maxVersion };
    if (version >= 3) {
        const _tf = r.readTaggedFields('ApiVersionsResponseApiVersion._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
function decodeApiVersionsResponseSupportedFeatureKey(r, version) {
    const name = r.readCompactString('ApiVersionsResponseSupportedFeatureKey.name');
    const minVersion = r.readInt16('ApiVersionsResponseSupportedFeatureKey.minVersion');
    const maxVersion = r.readInt16('ApiVersionsResponseSupportedFeatureKey.maxVersion');
    const m = { name, minVersion, maxVersion };
    const _tf = r.readTaggedFields('ApiVersionsResponseSupportedFeatureKey._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
function decodeApiVersionsResponseFinalizedFeatureKey(r, version) {
    const name = r.readCompactString('ApiVersionsResponseFinalizedFeatureKey.name');
    const maxVersionLevel = r.readInt16('ApiVersionsResponseFinalizedFeatureKey.maxVersionLevel');
    const minVersionLevel = r.readInt16('ApiVersionsResponseFinalizedFeatureKey.minVersionLevel');
    const m = { name, maxVersionLevel, minVersionLevel };
    const _tf = r.readTaggedFields('ApiVersionsResponseFinalizedFeatureKey._tagged');
    if (_tf !== undefined)
        m.unknownTaggedFields = _tf;
    return m;
}
export function encodeApiVersionsResponse(w, version, m) {
    w.writeInt16(m.errorCode);
    {
        const _a = m.apiKeys;
        if (version >= 3) {
            w.writeCompactArrayLength(_a.length);
        }
        else {
            w.writeArrayLength(_a.length);
        }
        for (const _e of _a) {
            encodeApiVersionsResponseApiVersion(w, version, _e);
        }
    }
    if (version >= 1) {
        w.writeInt32(m.throttleTimeMs);
    }
    if (version >= 3) {
        const _has0 = version >= 3 && m.supportedFeatures.length !== 0;
        const _has1 = version >= 3 && m.finalizedFeaturesEpoch !== -1n;
        const _has2 = version >= 3 && m.finalizedFeatures.length !== 0;
        const _has3 = version >= 3 && m.zkMigrationReady !== false;
        if (!_has0 && !_has1 && !_has2 && !_has3 && m.unknownTaggedFields === undefined) {
            w.writeUnsignedVarint(0);
        }
        else {
            const _tf = m.unknownTaggedFields === undefined ? [] : m.unknownTaggedFields.slice();
            if (_has0) {
                const _w = new Writer(64);
                {
                    const _a = m.supportedFeatures;
                    _w.writeCompactArrayLength(_a.length);
                    for (const _e of _a) {
                        encodeApiVersionsResponseSupportedFeatureKey(_w, version, _e);
                    }
                }
                _tf.push({ tag: 0, data: _w.toBuffer() });
            }
            if (_has1) {
                const _w = new Writer(64);
                _w.writeInt64(m.finalizedFeaturesEpoch);
                _tf.push({ tag: 1, data: _w.toBuffer() });
            }
            if (_has2) {
                const _w = new Writer(64);
                {
                    const _a = m.finalizedFeatures;
                    _w.writeCompactArrayLength(_a.length);
                    for (const _e of _a) {
                        encodeApiVersionsResponseFinalizedFeatureKey(_w, version, _e);
                    }
                }
                _tf.push({ tag: 2, data: _w.toBuffer() });
            }
            if (_has3) {
                const _w = new Writer(64);
                _w.writeBool(m.zkMigrationReady);
                _tf.push({ tag: 3, data: _w.toBuffer() });
            }
            w.writeTaggedFields(_tf);
        }
    }
}
function encodeApiVersionsResponseApiVersion(w, version, m) {
    w.writeInt16(m.apiKey);
    w.writeInt16(m.minVersion);
    w.writeInt16(m.maxVersion);
    if (version >= 3) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
function encodeApiVersionsResponseSupportedFeatureKey(w, version, m) {
    w.writeCompactString(m.name);
    w.writeInt16(m.minVersion);
    w.writeInt16(m.maxVersion);
    w.writeTaggedFields(m.unknownTaggedFields);
}
function encodeApiVersionsResponseFinalizedFeatureKey(w, version, m) {
    w.writeCompactString(m.name);
    w.writeInt16(m.maxVersionLevel);
    w.writeInt16(m.minVersionLevel);
    w.writeTaggedFields(m.unknownTaggedFields);
}
