import { describe, expect, it } from 'vitest';
import { OrderedResponder } from './ordered-responder.js';

describe('OrderedResponder', () => {
  it('writes responses in request order and skips requests without a response', () => {
    const written: string[] = [];
    const r = new OrderedResponder((chunks) => written.push(chunks.map((c) => c.toString()).join('')));
    const a = r.open();
    const b = r.open();
    const c = r.open();
    const d = r.open();
    r.fill(c, [Buffer.from('c')]);
    r.fill(b, null);
    expect(written).toEqual([]);
    expect(r.inFlight).toBe(4);
    r.fill(a, [Buffer.from('a1'), Buffer.from('a2')]);
    expect(written).toEqual(['a1a2c']);
    r.fill(d, [Buffer.from('d')]);
    expect(written).toEqual(['a1a2c', 'd']);
    expect(r.inFlight).toBe(0);
  });
});
