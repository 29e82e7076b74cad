import { describe, expect, it } from 'vitest';
import { nameKeys } from './customer.names.js';

describe('nameKeys', () => {
  it('gives full pinyin without tones and the initials', () => {
    expect(nameKeys('张三丰')).toEqual({ pinyin: 'zhangsanfeng', initials: 'zsf' });
  });

  it('reads a surname as a surname', () => {
    expect(nameKeys('单雄信')).toEqual({ pinyin: 'shanxiongxin', initials: 'sxx' });
    expect(nameKeys('曾国藩')).toEqual({ pinyin: 'zengguofan', initials: 'zgf' });
    expect(nameKeys('解缙')).toEqual({ pinyin: 'xiejin', initials: 'xj' });
    expect(nameKeys('欧阳娜娜')).toEqual({ pinyin: 'ouyangnana', initials: 'oynn' });
  });

  it('reads the same character as usual where it is not the surname', () => {
    expect(nameKeys('王单')).toEqual({ pinyin: 'wangdan', initials: 'wd' });
  });

  it('keeps Latin letters and digits, lower-cased, and drops spaces and punctuation', () => {
    expect(nameKeys('李Amy')).toEqual({ pinyin: 'liamy', initials: 'la' });
    expect(nameKeys('王2号')).toEqual({ pinyin: 'wang2hao', initials: 'w2h' });
    expect(nameKeys('Tom Lee').pinyin).toBe('tomlee');
    expect(nameKeys('张 三')).toEqual({ pinyin: 'zhangsan', initials: 'zs' });
    expect(nameKeys('买买提·艾力')).toEqual({ pinyin: 'maimaitiaili', initials: 'mmtal' });
  });

  it('keys an organisation name too', () => {
    expect(nameKeys('上海鲜果商贸有限公司').initials).toBe('shxgsmyxgs');
  });
});
