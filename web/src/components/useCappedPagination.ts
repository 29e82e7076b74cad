import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The pager of a list whose total the server counts only up to a cap (`totalCapped`: more than
 * 2 000 tickets, say): "第 1-20 条/超过 2000 条，请缩小筛选范围" instead of a made-up exact total.
 * Call `setCapped(page.totalCapped)` with each page the list's request receives.
 */
export function useCappedPagination() {
  const { t } = useTranslation();
  const [capped, setCapped] = useState(false);
  const pagination = {
    defaultPageSize: 20,
    showSizeChanger: true,
    showTotal: (total: number, range: [number, number]) =>
      t(capped ? 'common:list.totalCapped' : 'common:list.total', { count: total, from: range[0], to: range[1] }),
  };
  return { pagination, setCapped: (value: boolean | undefined) => setCapped(Boolean(value)) };
}
