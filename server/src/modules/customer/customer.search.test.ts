import { describe, expect, it } from 'vitest';
import { searchGrams } from './customer.service.js';

describe('the pieces a name search looks up', () => {
  it('looks up one or two characters as they are, lower-cased', () => {
    expect(searchGrams('张')).toEqual(['张']);
    expect(searchGrams('三丰')).toEqual(['三丰']);
    expect(searchGrams('AB')).toEqual(['ab']);
  });

  it('looks up the pairs of a longer term, each once', () => {
    expect(searchGrams('张三丰')).toEqual(['张三', '三丰']);
    expect(searchGrams('哈哈哈哈')).toEqual(['哈哈']);
    expect(searchGrams('Wang')).toEqual(['wa', 'an', 'ng']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(searchGrams('𠀋家')).toEqual(['𠀋家']);
  });
});
