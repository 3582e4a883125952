import { describe, expect, it } from 'vitest';
import { plotArea } from './plot-area';

describe('plotArea: where uPlot put the plot, from its style', () => {
  it('reads the over layer’s px, rounded as offsetLeft would be', () => {
    expect(plotArea({ style: { left: '80px', top: '0px', width: '612.4px', height: '287.5px' } })).toEqual({ left: 80, top: 0, width: 612, height: 288 });
  });

  it('is an empty box before uPlot has sized the layer', () => {
    expect(plotArea({ style: { left: '', top: '', width: '', height: '' } })).toEqual({ left: 0, top: 0, width: 0, height: 0 });
  });
});
