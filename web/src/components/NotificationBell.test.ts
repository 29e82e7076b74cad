import { describe, expect, it } from 'vitest';
import i18n from '../app/i18n';
import { notificationTitle } from './NotificationBell';

const t = (lang: 'zh-CN' | 'en-US') => i18n.getFixedT(lang);

describe('notification titles in the reader’s language', () => {
  it('says a dispatch with its deadline in both languages', () => {
    const item = {
      kind: 'dispatched',
      title: '新派工单 BX-1：漏水，办结时限 2026-11-24 17:30',
      params: { publicNo: 'BX-1', title: '漏水', due: '2026-11-24T09:30:00.000Z' },
    };
    expect(notificationTitle(item, t('zh-CN'))).toMatch(/^新派工单 BX-1：漏水，办结时限 2026-11-24 \d\d:30$/);
    expect(notificationTitle(item, t('en-US'))).toMatch(/^New ticket BX-1: 漏水, due 2026-11-24 \d\d:30$/);
  });

  it('translates the clock and picks the variant by its values', () => {
    const overdue = { kind: 'overdue', title: '…', params: { publicNo: 'BX-2', clock: 'response', due: '' } };
    expect(notificationTitle(overdue, t('en-US'))).toBe('Ticket BX-2 is past its response time limit; please act now');
    const rejected = {
      kind: 'compensation',
      title: '…',
      params: { action: 'rejected', publicNo: 'PF-1', amount: '¥500.00' },
    };
    expect(notificationTitle(rejected, t('zh-CN'))).toBe('赔付 PF-1（¥500.00）已被驳回');
  });

  it('falls back to the stored Chinese title for old rows and unknown kinds', () => {
    expect(notificationTitle({ kind: 'dispatched', title: '旧标题', params: null }, t('en-US'))).toBe('旧标题');
    expect(notificationTitle({ kind: 'future_kind', title: '新类别', params: { a: 'b' } }, t('en-US'))).toBe('新类别');
  });
});
