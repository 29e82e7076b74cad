import { pinyin } from 'pinyin-pro';
import { nameKeys } from '../../../modules/customer/customer.names.js';
import { residentIdCheckChar, usccCheckChar } from '../../../platform/identity.js';
import type { Rng } from './random.js';

/**
 * Chinese people and organisations for the scale generator: names by the frequency of common
 * surnames, their pinyin keys precomputed per surname and per given-name character (pinyin-pro
 * per row would dominate the run), mobiles valid by format, resident ID numbers valid by
 * GB 11643 (real county codes, real birth dates, check digit) and USCC valid by GB 32100.
 */
const surnameList = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
  '欧阳',
  '司马',
  '诸葛',
  '上官',
];
/** Given-name characters with one reading only, so a name's pinyin is the sum of its parts. */
const givenChars = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲芬燕飞鹏辉波宁欣怡浩宇轩涵萱梓博文俊晨雪梅兰建国志海德林峰鑫琳瑶婷倩颖思佳嘉子雨诗晓春丹云凯亮斌健毅鸿蕾薇璐昊然泽睿铭哲烨彤妍琪瑞凡楠帆阳琦晶悦诺心',
];

interface Keyed {
  text: string;
  pinyin: string;
  initials: string;
}

let tables: { surnames: Keyed[]; surnameWeights: number[]; chars: Keyed[] } | null = null;

/** Built on first use (pinyin-pro once per surname and character, not per row). */
function nameTables() {
  if (tables) return tables;
  const surnames = surnameList.map((s) => ({ text: s, ...nameKeys(s) }));
  const chars = givenChars.map((c) => {
    const p = (pinyin(c, { toneType: 'none' }) as string).toLowerCase().replace(/[^a-z]/g, '');
    return { text: c, pinyin: p, initials: p[0] ?? '' };
  });
  // Zipf-like: 王 and 李 far more common than 汤; compound surnames rare.
  let total = 0;
  const surnameWeights = surnames.map((s, i) => {
    total += s.text.length > 1 ? 0.02 : 1 / (i + 4);
    return total;
  });
  tables = { surnames, surnameWeights: surnameWeights.map((w) => w / total), chars };
  return tables;
}

export interface PersonName {
  name: string;
  pinyin: string;
  initials: string;
}

export function personName(rng: Rng): PersonName {
  const t = nameTables();
  const r = rng.next();
  let i = 0;
  while ((t.surnameWeights[i] as number) < r && i < t.surnames.length - 1) i++;
  const surname = t.surnames[i] as Keyed;
  const parts: Keyed[] = [surname, rng.pick(t.chars)];
  if (rng.chance(0.7)) parts.push(rng.pick(t.chars));
  return {
    name: parts.map((p) => p.text).join(''),
    pinyin: parts.map((p) => p.pinyin).join(''),
    initials: parts.map((p) => p.initials).join(''),
  };
}

const mobilePrefixes = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '199',
];

export function mobile(rng: Rng): string {
  return `${rng.pick(mobilePrefixes)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

/** Cities of the generated companies: name, county codes for ID numbers, districts for addresses. */
export const cities = [
  {
    name: '上海',
    counties: ['310115', '310112', '310104', '310110', '310113'],
    districts: ['浦东新区', '闵行区', '徐汇区'],
  },
  { name: '杭州', counties: ['330106', '330108', '330110', '330105'], districts: ['西湖区', '滨江区', '余杭区'] },
  { name: '南京', counties: ['320106', '320104', '320115', '320113'], districts: ['鼓楼区', '秦淮区', '江宁区'] },
  { name: '苏州', counties: ['320505', '320506', '320508'], districts: ['虎丘区', '吴中区', '姑苏区'] },
  { name: '成都', counties: ['510107', '510104', '510116'], districts: ['武侯区', '锦江区', '双流区'] },
  { name: '武汉', counties: ['420106', '420111', '420115'], districts: ['武昌区', '洪山区', '江夏区'] },
  { name: '深圳', counties: ['440305', '440304', '440306'], districts: ['南山区', '福田区', '宝安区'] },
  { name: '北京', counties: ['110105', '110108', '110114'], districts: ['朝阳区', '海淀区', '昌平区'] },
  { name: '西安', counties: ['610113', '610103', '610116'], districts: ['雁塔区', '碑林区', '长安区'] },
  { name: '济南', counties: ['370102', '370103', '370112'], districts: ['历下区', '市中区', '历城区'] },
];
/** Where owners come from besides the city itself (people move). */
const otherCounties = ['340104', '360102', '410105', '430104', '130102', '210102', '350203', '500103', '450103'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export interface ResidentId {
  number: string;
  birthday: string;
  gender: 'male' | 'female';
}

/** A resident ID number valid by GB 11643: county, a birth date between 1948 and 2004, sequence, check. */
export function residentId(rng: Rng, homeCounties: readonly string[]): ResidentId {
  const county = rng.chance(0.7) ? rng.pick(homeCounties) : rng.pick(otherCounties);
  const year = rng.int(1948, 2004);
  const month = rng.int(1, 12);
  const day = rng.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  const sequence = rng.int(0, 999);
  const first17 = `${county}${year}${pad(month, 2)}${pad(day, 2)}${pad(sequence, 3)}`;
  return {
    number: `${first17}${residentIdCheckChar(first17)}`,
    birthday: `${year}-${pad(month, 2)}-${pad(day, 2)}`,
    gender: sequence % 2 === 1 ? 'male' : 'female',
  };
}

const orgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

/** A unified social credit code (企业法人 91): county, an organisation code with its GB 11714 check, the GB 32100 check. */
export function uscc(rng: Rng, county: string): string {
  const body = Array.from({ length: 8 }, () => rng.int(0, 9));
  const sum = body.reduce((s, d, i) => s + d * (orgCodeWeights[i] as number), 0);
  const c = 11 - (sum % 11);
  const orgCheck = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  const first17 = `91${county}${body.join('')}${orgCheck}`;
  return `${first17}${usccCheckChar(first17)}`;
}

const tradeNames = [...'华盛恒信鼎泰宏达瑞丰嘉禾金源博远正德永安中和'];
const industries = ['商贸', '餐饮管理', '科技', '文化传媒', '医药连锁', '教育咨询', '便利店', '贸易', '设计'];

export function organisationName(rng: Rng, city: string): PersonName {
  const name = `${city}${rng.pick(tradeNames)}${rng.pick(tradeNames)}${rng.pick(industries)}有限公司`;
  return { name, ...organisationKeys(name) };
}

const orgKeyCache = new Map<string, { pinyin: string; initials: string }>();
function organisationKeys(name: string) {
  let keys = orgKeyCache.get(name);
  if (!keys) {
    keys = nameKeys(name);
    orgKeyCache.set(name, keys);
  }
  return keys;
}
