/** Total byte length of a records value (0 for null). */
export function recordsByteLength(records) {
    if (records === null)
        return 0;
    if (Buffer.isBuffer(records))
        return records.length;
    let total = 0;
    for (const chunk of records)
        total += chunk.length;
    return total;
}
