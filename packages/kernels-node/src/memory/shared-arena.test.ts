import { describe, expect, it } from 'vitest';
import { SharedArena } from './shared-arena.ts';

describe('SharedArena', () => {
  it('hands a reused block back zero-filled, to its last byte, unless asked not to', () => {
    const arena = new SharedArena(1 << 24);
    const bytes = 1000; // rounded up to 1024: the whole rounded block is cleared
    const first = arena.allocate(bytes);
    expect(first % 64).toBe(0);
    new Uint8Array(arena.memory.buffer, first, 1024).fill(0xff);
    arena.release(first);
    const again = arena.allocate(bytes);
    expect(again).toBe(first);
    expect(new Uint8Array(arena.memory.buffer, again, 1024).every((value) => value === 0)).toBe(true);
    new Uint8Array(arena.memory.buffer, again, 1024).fill(0xab);
    arena.release(again);
    const kept = arena.allocate(bytes, { zero: false });
    expect(kept).toBe(first);
    expect(new Uint8Array(arena.memory.buffer, kept, 1024).every((value) => value === 0xab)).toBe(true);
  });
});
