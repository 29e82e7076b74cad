import { Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { Customer } from './shared';

type Value = string | string[];

/**
 * Picks one customer (or, with `multiple`, up to five), searching the one search box of
 * GET /api/customers as one types: name, pinyin initials, the last four digits of a mobile, a
 * room number. Only active customers; with `companyId`, only that company's.
 */
export function CustomerPicker<V extends Value = string>(props: {
  value?: V;
  onChange?: (value: V) => void;
  multiple?: boolean;
  exclude?: string[];
  /** Only customers of this company; undefined while it is being looked up (then nobody is offered). */
  companyId: string | undefined;
  placeholder?: string;
  id?: string;
  status?: 'error' | 'warning';
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const { exclude = [], companyId, multiple = false, value, onChange, placeholder, ...rest } = props;
  const [keyword, setKeyword] = useState('');
  const [found, setFound] = useState<Customer[]>([]);
  const [loading, setLoading] = useState(false);
  // The customers already picked stay labelled when a new search no longer lists them.
  const [picked, setPicked] = useState<Map<string, Customer>>(new Map());

  useEffect(() => {
    const q = keyword.trim();
    if (!q) {
      setFound([]);
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const page = await unwrap(
          api.GET('/api/customers', { params: { query: { q, active: 'true', pageSize: 20, current: 1 } } }),
        );
        if (!stale) setFound(page.data.filter((c) => !c.anonymised));
      } catch {
        if (!stale) setFound([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [keyword]);

  const options = new Map<string, Customer>(picked);
  for (const c of found) {
    if (!exclude.includes(c.id) && companyId && c.companyId === companyId) options.set(c.id, c);
  }

  return (
    <Select<V>
      {...(multiple ? { mode: 'multiple' as const, maxCount: 5 } : {})}
      showSearch
      allowClear
      filterOption={false}
      loading={loading}
      placeholder={placeholder ?? t('customers:picker.placeholder')}
      notFoundContent={
        loading
          ? t('customers:picker.searching')
          : keyword.trim()
            ? t('customers:picker.noCustomer')
            : t('customers:picker.typeToSearch')
      }
      onSearch={setKeyword}
      style={{ width: '100%' }}
      {...rest}
      value={value}
      onChange={(next: V) => {
        const ids = next === undefined || next === null ? [] : Array.isArray(next) ? next : [next];
        setPicked(new Map(ids.flatMap((id) => (options.get(id) ? [[id, options.get(id) as Customer]] : []))));
        setKeyword('');
        onChange?.(next);
      }}
      options={[...options.values()].map((c) => ({ value: c.id, label: `${c.name}（${c.code}）`, customer: c }))}
      optionRender={(option) => {
        const c = (option.data as { customer: Customer }).customer;
        return (
          <Space size={8} style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>
              <Typography.Text strong>{c.name}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {c.code}
              </Typography.Text>
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
              {c.mobile ?? '-'}
            </Typography.Text>
          </Space>
        );
      }}
    />
  );
}
