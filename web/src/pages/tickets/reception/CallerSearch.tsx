import { PhoneOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Input, type InputRef, Spin, Tag, Typography } from 'antd';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { type CallerCustomer, type CallerRow, callerRows, typedPhone } from './caller';

export interface CallerSearchHandle {
  focus(): void;
  clear(): void;
}

/**
 * The reception's first box: as the agent types a name, pinyin initials, the last four digits
 * of a mobile or a room number, the matching customers appear with their rooms. Up/Down moves,
 * Enter picks the customer and the room of the line; when nobody matches a typed phone number,
 * Enter takes it as an unknown caller's number.
 */
export const CallerSearch = forwardRef<
  CallerSearchHandle,
  {
    onPick: (row: CallerRow) => void;
    /** Without it, nobody-found is only said, not offered as an unknown caller. */
    onUnknown?: (phone: string | null, typed: string) => void;
    autoFocus?: boolean;
  }
>(function CallerSearch({ onPick, onUnknown, autoFocus }, ref) {
  const { t } = useTranslation();
  const input = useRef<InputRef>(null);
  const [typed, setTyped] = useState('');
  const [rows, setRows] = useState<CallerRow[]>([]);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState(false);
  // The answer for what is typed now: a slow answer to an older query never replaces it.
  const [answered, setAnswered] = useState('');

  useImperativeHandle(ref, () => ({
    focus: () => input.current?.focus(),
    clear: () => {
      setTyped('');
      setRows([]);
      setOpen(false);
    },
  }));

  useEffect(() => {
    const q = typed.trim();
    if (!q) {
      setRows([]);
      setAnswered('');
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(async () => {
      try {
        const page = await unwrap(
          api.GET('/api/customers', { params: { query: { q, active: 'true', pageSize: 10, current: 1 } } }),
        );
        if (stale) return;
        const customers: CallerCustomer[] = page.data
          .filter((c) => !c.anonymised)
          .map((c) => ({
            id: c.id,
            name: c.name,
            code: c.code,
            mobile: c.mobile,
            rooms: c.rooms.filter((r) => r.current),
          }));
        setRows(callerRows(customers, q).slice(0, 12));
        setActive(0);
        setAnswered(q);
      } catch {
        if (!stale) setRows([]);
      } finally {
        if (!stale) setLoading(false);
      }
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [typed]);

  const q = typed.trim();
  const phone = typedPhone(q);
  const settled = answered === q && !loading;
  // The last line offers an unknown caller when the typed text is a phone number (or nothing matched).
  const offerUnknown = !!onUnknown && q !== '' && settled && (rows.length === 0 || phone !== null);
  const count = rows.length + (offerUnknown ? 1 : 0);

  const choose = (index: number) => {
    const row = rows[index];
    setOpen(false);
    if (row) {
      onPick(row);
      setTyped('');
      setRows([]);
    } else if (offerUnknown) {
      onUnknown?.(phone, q);
      setTyped('');
      setRows([]);
    }
  };

  return (
    <div style={{ position: 'relative' }}>
      <Input
        ref={input}
        size="large"
        autoFocus={autoFocus}
        prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
        suffix={loading ? <Spin size="small" /> : null}
        placeholder={t('tickets:reception.searchPlaceholder')}
        value={typed}
        data-testid="caller-search"
        role="combobox"
        aria-expanded={open && count > 0}
        aria-controls="caller-options"
        onChange={(e) => {
          setTyped(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            if (count > 0) setActive((i) => (i + 1) % count);
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            if (count > 0) setActive((i) => (i - 1 + count) % count);
          } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
            // Enter before the answer for what was typed has come waits for it: no stale pick.
            e.preventDefault();
            if (settled && count > 0) choose(Math.min(active, count - 1));
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {open && q !== '' && (settled || rows.length > 0) && (
        <div
          id="caller-options"
          role="listbox"
          data-testid="caller-options"
          style={{
            position: 'absolute',
            zIndex: 20,
            top: '100%',
            left: 0,
            right: 0,
            marginTop: 4,
            background: '#fff',
            borderRadius: 8,
            boxShadow: '0 6px 16px rgba(0,0,0,0.12)',
            maxHeight: 420,
            overflowY: 'auto',
            padding: 4,
          }}
        >
          {rows.map((row, index) => (
            <div
              key={row.key}
              role="option"
              aria-selected={index === active}
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(index)}
              onKeyDown={() => undefined}
              onMouseEnter={() => setActive(index)}
              style={{
                display: 'flex',
                justifyContent: 'space-between',
                alignItems: 'center',
                gap: 12,
                padding: '8px 12px',
                borderRadius: 6,
                cursor: 'pointer',
                background: index === active ? '#e6f4ff' : undefined,
              }}
            >
              <span>
                <Typography.Text strong>{row.customer.name}</Typography.Text>
                {row.room ? (
                  <>
                    <Typography.Text style={{ marginLeft: 10 }}>
                      {row.room.projectName} {row.room.roomCode}
                    </Typography.Text>
                    <Tag bordered={false} style={{ marginLeft: 8 }} color={row.byRoom ? 'blue' : undefined}>
                      {t(`tickets:reception.role.${row.room.role}`)}
                    </Tag>
                  </>
                ) : (
                  <Typography.Text type="secondary" style={{ marginLeft: 10 }}>
                    {t('tickets:reception.noRoom')}
                  </Typography.Text>
                )}
              </span>
              <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {row.customer.mobile ?? ''}
                <Typography.Text type="secondary" style={{ marginLeft: 10, fontSize: 12 }}>
                  {row.customer.code}
                </Typography.Text>
              </Typography.Text>
            </div>
          ))}
          {!onUnknown && rows.length === 0 && settled && (
            <div style={{ padding: '8px 12px' }}>
              <Typography.Text type="secondary">{t('tickets:reception.noMatch')}</Typography.Text>
            </div>
          )}
          {offerUnknown && (
            <div
              role="option"
              aria-selected={active === rows.length}
              tabIndex={-1}
              data-testid="caller-unknown"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(rows.length)}
              onKeyDown={() => undefined}
              onMouseEnter={() => setActive(rows.length)}
              style={{
                padding: '8px 12px',
                borderRadius: 6,
                cursor: 'pointer',
                background: active === rows.length ? '#e6f4ff' : undefined,
              }}
            >
              {phone ? <PhoneOutlined /> : <UserAddOutlined />}{' '}
              {rows.length === 0 && (
                <Typography.Text type="secondary">{t('tickets:reception.noMatch')} · </Typography.Text>
              )}
              {phone ? t('tickets:reception.unknownWithPhone', { phone }) : t('tickets:reception.unknownCaller')}
            </div>
          )}
        </div>
      )}
    </div>
  );
});
