import { Select, type SelectProps, Typography } from 'antd';
import type { RefSelectProps } from 'antd/es/select';
import { type Ref, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { TicketType } from './shared';
import type { CatalogueHit } from './types';

type Props = Omit<SelectProps<string>, 'options' | 'onChange'> & {
  value?: string;
  onChange?: (value: string | undefined, hit: CatalogueHit | undefined) => void;
  /** Only items for this ticket type. */
  ticketType?: TicketType;
  /** The picked item, to keep its label when a new search no longer lists it. */
  initial?: CatalogueHit | null;
  ref?: Ref<RefSelectProps>;
};

/**
 * 问题 by typing: a name or part of it, pinyin initials (wsjsl → 卫生间渗漏) or a code; the
 * list shows each item with its path. Up/Down and Enter pick, as in any select.
 */
export function CataloguePicker({ value, onChange, ticketType, initial, ref, ...props }: Props) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [hits, setHits] = useState<CatalogueHit[]>([]);
  const [loading, setLoading] = useState(false);
  const [picked, setPicked] = useState<CatalogueHit | null>(initial ?? null);

  useEffect(() => {
    if (initial) setPicked(initial);
  }, [initial]);

  useEffect(() => {
    const q = keyword.trim();
    if (!q) {
      setHits([]);
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const found = await unwrap(
          api.GET('/api/catalogue/search', { params: { query: { q, type: ticketType, limit: 12 } } }),
        );
        if (!stale) setHits(found);
      } catch {
        if (!stale) setHits([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 150);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [keyword, ticketType]);

  const options = new Map<string, CatalogueHit>();
  if (picked && picked.id === value) options.set(picked.id, picked);
  for (const h of hits) options.set(h.id, h);

  return (
    <Select<string>
      ref={ref}
      showSearch
      allowClear
      filterOption={false}
      defaultActiveFirstOption
      loading={loading}
      placeholder={t('tickets:reception.cataloguePlaceholder')}
      notFoundContent={
        loading
          ? t('tickets:reception.searching')
          : keyword.trim()
            ? t('tickets:reception.noCatalogue')
            : t('tickets:reception.typeCatalogue')
      }
      onSearch={setKeyword}
      style={{ width: '100%' }}
      {...props}
      value={value}
      onChange={(next) => {
        const hit = next ? options.get(next) : undefined;
        setPicked(hit ?? null);
        setKeyword('');
        onChange?.(next ?? undefined, hit);
      }}
      options={[...options.values()].map((h) => ({ value: h.id, label: h.name, hit: h }))}
      optionRender={(option) => {
        const h = (option.data as { hit: CatalogueHit }).hit;
        return (
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
            <Typography.Text strong>{h.name}</Typography.Text>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {h.pathText}
            </Typography.Text>
          </div>
        );
      }}
    />
  );
}
