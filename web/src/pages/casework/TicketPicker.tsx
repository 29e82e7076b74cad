import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';

/** Searches tickets in scope (of one project, when given) by number, title, contact or phone. */
export function TicketPicker({
  projectId,
  mode,
  value,
  onChange,
  placeholder,
}: {
  projectId?: string;
  mode?: 'multiple';
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
  placeholder?: string;
}) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const page = await unwrap(
          api.GET('/api/tickets', {
            params: { query: { projectId, q: q.trim() || undefined, current: 1, pageSize: 20 } },
          }),
        );
        if (!cancelled) setOptions(page.data.map((x) => ({ value: x.id, label: `${x.publicNo} ${x.title}` })));
      } catch {
        if (!cancelled) setOptions([]);
      } finally {
        if (!cancelled) setLoading(false);
      }
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q, projectId]);
  return (
    <Select
      mode={mode}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setQ}
      loading={loading}
      options={options}
      value={value}
      onChange={onChange}
      style={{ minWidth: 420 }}
      placeholder={placeholder}
      data-testid="ticket-picker"
    />
  );
}
