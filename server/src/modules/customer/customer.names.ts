import { pinyin } from 'pinyin-pro';

/**
 * The searchable forms of a name: full pinyin without tones ("zhangsanfeng") and initials
 * ("zsf"), with surnames read as surnames (单 is shan, not dan). Latin letters and digits in
 * the name are kept as they are, lower-cased.
 */
export function nameKeys(name: string): { pinyin: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { pinyin: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}
