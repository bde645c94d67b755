/** Versions and header rules of SaslAuthenticate (flexibleMinVersion 99 = never flexible). */
export const SaslAuthenticateApi = {
    apiKey: 36,
    name: 'SaslAuthenticate',
    minVersion: 0,
    maxVersion: 2,
    flexibleMinVersion: 2,
    requestHeaderV2MinVersion: 2,
    responseHeaderV1MinVersion: 2,
};
export function createSaslAuthenticateRequest() {
    return {
        authBytes: Buffer.alloc(0),
    };
}
export function decodeSaslAuthenticateRequest(r, version) {
    const authBytes = version >= 2
        ? r.readCompactBytes('SaslAuthenticateRequest.authBytes')
        : r.readBytes('SaslAuthenticateRequest.authBytes');
    const m = { authBytes };
    if (version >= 2) {
        const _tf = r.readTaggedFields('SaslAuthenticateRequest._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeSaslAuthenticateRequest(w, version, m) {
    if (version >= 2) {
        w.writeCompactBytes(m.authBytes);
    }
    else {
        w.writeBytes(m.authBytes);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
export function createSaslAuthenticateResponse() {
    return {
        errorCode: 0,
        errorMessage: '',
        authBytes: Buffer.alloc(0),
        sessionLifetimeMs: 0n,
    };
}
export function decodeSaslAuthenticateResponse(r, version) {
    const errorCode = r.readInt16('SaslAuthenticateResponse.errorCode');
    const errorMessage = version >= 2
        ? r.readCompactNullableString('SaslAuthenticateResponse.errorMessage')
        : r.readNullableString('SaslAuthenticateResponse.errorMessage');
    const authBytes = version >= 2
        ? r.readCompactBytes('SaslAuthenticateResponse.authBytes')
        : r.readBytes('SaslAuthenticateResponse.authBytes');
    let sessionLifetimeMs = 0n;
    if (version >= 1) {
        sessionLifetimeMs = r.readInt64('SaslAuthenticateResponse.sessionLifetimeMs');
    }
    const m = { errorCode, errorMessage, authBytes, sessionLifetimeMs };
    if (version >= 2) {
        const _tf = r.readTaggedFields('SaslAuthenticateResponse._tagged');
        if (_tf !== undefined)
            m.unknownTaggedFields = _tf;
    }
    return m;
}
export function encodeSaslAuthenticateResponse(w, version, m) {
    w.writeInt16(m.errorCode);
    if (version >= 2) {
        w.writeCompactNullableString(m.errorMessage);
    }
    else {
        w.writeNullableString(m.errorMessage);
    }
    if (version >= 2) {
        w.writeCompactBytes(m.authBytes);
    }
    else {
        w.writeBytes(m.authBytes);
    }
    if (version >= 1) {
        w.writeInt64(m.sessionLifetimeMs);
    }
    if (version >= 2) {
        w.writeTaggedFields(m.unknownTaggedFields);
    }
}
