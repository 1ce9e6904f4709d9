import { expect } from '@open-wc/testing';
import { tabIndexForKey } from './tab-keys.js';

describe('tabIndexForKey (APG tabs keyboard)', () => {
  it('moves with the arrows, wraps, jumps with Home/End, and ignores other keys', () => {
    expect(tabIndexForKey('ArrowRight', 0, 4, false)).to.equal(1);
    expect(tabIndexForKey('ArrowRight', 3, 4, false)).to.equal(0);
    expect(tabIndexForKey('ArrowLeft', 0, 4, false)).to.equal(3);
    expect(tabIndexForKey('Home', 2, 4, false)).to.equal(0);
    expect(tabIndexForKey('End', 1, 4, false)).to.equal(3);
    expect(tabIndexForKey('Enter', 1, 4, false)).to.equal(undefined);
    expect(tabIndexForKey('ArrowDown', 1, 4, false)).to.equal(undefined);
  });

  it('swaps the arrows right-to-left', () => {
    expect(tabIndexForKey('ArrowLeft', 0, 4, true)).to.equal(1);
    expect(tabIndexForKey('ArrowRight', 0, 4, true)).to.equal(3);
  });
});
