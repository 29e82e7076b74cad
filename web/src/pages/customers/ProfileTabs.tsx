import { ProCard } from '@ant-design/pro-components';
import { Badge, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { RelatedTickets } from '../workbench/RelatedTickets';
import { BankAccountsPanel } from './BankAccountsPanel';
import { ContactRecordsPanel } from './ContactRecordsPanel';
import { ContactsPanel } from './ContactsPanel';
import { EventsPanel } from './EventsPanel';
import type { RevealRequest } from './RevealModal';
import type { Customer, Occupancy } from './shared';

type TabKey = 'contacts' | 'bank' | 'records' | 'events' | 'tickets';

/**
 * The customer's ledger beyond identity and rooms, one tab each: 家庭成员与紧急联系人, 银行账户,
 * 沟通记录 and 客户事件, with how many of each the customer has; and 服务工单, the customer's
 * tickets (for whoever may read tickets).
 */
export function ProfileTabs({
  customer,
  rooms,
  writable,
  canReveal,
  openReveal,
}: {
  customer: Customer;
  /** Every room relation of the customer, current and past, to name a room on records and events. */
  rooms: Occupancy[];
  writable: boolean;
  canReveal: boolean;
  openReveal: (request: RevealRequest) => void;
}) {
  const { t } = useTranslation();
  const [active, setActive] = useState<TabKey>('contacts');
  const [counts, setCounts] = useState<Partial<Record<TabKey, number>>>({});
  // Stable callbacks: the panels report their counts from an effect.
  const setCount = useCallback(
    (key: TabKey, n: number) => setCounts((prev) => (prev[key] === n ? prev : { ...prev, [key]: n })),
    [],
  );
  const onContacts = useCallback((n: number) => setCount('contacts', n), [setCount]);
  const onBank = useCallback((n: number) => setCount('bank', n), [setCount]);
  const onRecords = useCallback((n: number) => setCount('records', n), [setCount]);
  const onEvents = useCallback((n: number) => setCount('events', n), [setCount]);
  const onTickets = useCallback((n: number) => setCount('tickets', n), [setCount]);
  const { can } = useSession();

  const label = (key: TabKey) => (
    <Space size={6} data-testid={`tab-${key}`}>
      {t(`customers:profile.tab.${key}`)}
      {counts[key] ? (
        <Badge count={counts[key]} color={active === key ? '#1677ff' : '#bfbfbf'} overflowCount={999} size="small" />
      ) : null}
    </Space>
  );

  return (
    <ProCard
      style={{ marginTop: 16 }}
      data-testid="profile-tabs"
      tabs={{
        activeKey: active,
        onChange: (key) => setActive(key as TabKey),
        items: [
          {
            key: 'contacts',
            label: label('contacts'),
            forceRender: true,
            children: (
              <ContactsPanel
                customer={customer}
                writable={writable}
                canReveal={canReveal}
                openReveal={openReveal}
                onCount={onContacts}
              />
            ),
          },
          {
            key: 'bank',
            label: label('bank'),
            forceRender: true,
            children: (
              <BankAccountsPanel
                customer={customer}
                writable={writable}
                canReveal={canReveal}
                openReveal={openReveal}
                onCount={onBank}
              />
            ),
          },
          {
            key: 'records',
            label: label('records'),
            forceRender: true,
            children: <ContactRecordsPanel customer={customer} rooms={rooms} writable={writable} onCount={onRecords} />,
          },
          {
            key: 'events',
            label: label('events'),
            forceRender: true,
            children: <EventsPanel customer={customer} rooms={rooms} writable={writable} onCount={onEvents} />,
          },
          ...(can(access.ticketTodos)
            ? [
                {
                  key: 'tickets' as const,
                  label: label('tickets'),
                  forceRender: true,
                  children: <RelatedTickets customerId={customer.id} onCount={onTickets} />,
                },
              ]
            : []),
        ],
      }}
    />
  );
}
