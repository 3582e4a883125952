import { describe, expect, it } from 'vitest';
import { moveBy, placeGrid, resizeBy } from './grid-edit';

describe('grid editing', () => {
  it('moves and resizes by whole cells inside the 24 columns', () => {
    expect(moveBy({ x: 20, y: 0, w: 6, h: 4 }, 3, -2)).toEqual({ x: 18, y: 0, w: 6, h: 4 });
    expect(moveBy({ x: 2, y: 3, w: 6, h: 4 }, -5, 2)).toEqual({ x: 0, y: 5, w: 6, h: 4 });
    expect(resizeBy({ x: 20, y: 0, w: 2, h: 4 }, 5, -9)).toEqual({ x: 20, y: 0, w: 4, h: 1 });
  });

  it('keeps the moved panel where it was put and pushes what it covers down, in turn', () => {
    const grids = [
      { x: 0, y: 0, w: 12, h: 4 },
      { x: 12, y: 0, w: 12, h: 4 },
      { x: 12, y: 4, w: 12, h: 4 },
      { x: 0, y: 4, w: 12, h: 4 },
    ];
    expect(placeGrid(grids, 0, { x: 12, y: 0, w: 12, h: 4 })).toEqual([
      { x: 12, y: 0, w: 12, h: 4 },
      { x: 12, y: 4, w: 12, h: 4 },
      { x: 12, y: 8, w: 12, h: 4 },
      { x: 0, y: 4, w: 12, h: 4 },
    ]);
    // Growing into nothing moves nothing.
    expect(placeGrid(grids, 3, { x: 0, y: 4, w: 12, h: 10 })).toEqual([grids[0], grids[1], grids[2], { x: 0, y: 4, w: 12, h: 10 }]);
  });
});
