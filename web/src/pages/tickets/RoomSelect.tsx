import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';

/** A room of one project, found by its number or code as typed (1201, 3-2-1201). */
export function RoomSelect({
  projectId,
  value,
  onChange,
  ...props
}: Omit<SelectProps<string>, 'options'> & { projectId?: string }) {
  const { t } = useTranslation();
  const [keyword, setKeyword] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!projectId) {
      setOptions([]);
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const page = await unwrap(
          api.GET('/api/rooms', {
            params: { query: { projectId, keyword: keyword.trim() || undefined, pageSize: 20, current: 1 } },
          }),
        );
        if (!stale) setOptions(page.data.map((r) => ({ value: r.id, label: r.code })));
      } catch {
        if (!stale) setOptions([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [projectId, keyword]);

  const shown = new Map(options.map((o) => [o.value, o.label]));
  if (value && !shown.has(value) && labels.has(value)) shown.set(value, labels.get(value) as string);

  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      loading={loading}
      disabled={!projectId}
      placeholder={t('tickets:field.roomPlaceholder')}
      notFoundContent={loading ? t('tickets:reception.searching') : t('tickets:reception.noRoomFound')}
      onSearch={setKeyword}
      style={{ width: '100%' }}
      {...props}
      value={value}
      onChange={(next, option) => {
        if (next) setLabels(new Map(labels).set(next, shown.get(next) ?? ''));
        setKeyword('');
        onChange?.(next, option);
      }}
      options={[...shown].map(([v, label]) => ({ value: v, label }))}
    />
  );
}
