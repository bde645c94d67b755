/** Versions and header rules of SaslHandshake (flexibleMinVersion 99 = never flexible). */
export const SaslHandshakeApi = {
    apiKey: 17,
    name: 'SaslHandshake',
    minVersion: 0,
    maxVersion: 1,
    flexibleMinVersion: 99,
    requestHeaderV2MinVersion: 99,
    responseHeaderV1MinVersion: 99,
};
export function createSaslHandshakeRequest() {
    return {
        mechanism: '',
    };
}
export function decodeSaslHandshakeRequest(r, version) {
    const mechanism = r.readString('SaslHandshakeRequest.mechanism');
    const m = { mechanism };
    return m;
}
export function encodeSaslHandshakeRequest(w, version, m) {
    w.writeString(m.mechanism);
}
export function createSaslHandshakeResponse() {
    return {
        errorCode: 0,
        mechanisms: [],
    };
}
export function decodeSaslHandshakeResponse(r, version) {
    const errorCode = r.readInt16('SaslHandshakeResponse.errorCode');
    let mechanisms;
    {
        const _n = r.readArrayLength('SaslHandshakeResponse.mechanisms', 2);
        if (_n < 0) {
            throw r.error('SaslHandshakeResponse.mechanisms', 'null array in version ' + version);
        }
        else {
            const _a = [];
            for (let _i = 0; _i < _n; _i++)
                _a.push(r.readString('SaslHandshakeResponse.mechanisms'));
            mechanisms = _a;
        }
    }
    const m = { errorCode, mechanisms };
    return m;
}
export function encodeSaslHandshakeResponse(w, version, m) {
    w.writeInt16(m.errorCode);
    {
        const _a = m.mechanisms;
        w.writeArrayLength(_a.length);
        for (const _e of _a) {
            w.writeString(_e);
        }
    }
}
