import { InputNumber, Select, Space } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitMinutes } from './tree';

type Unit = 'minutes' | 'hours';

/**
 * A time limit in minutes, typed as minutes or hours (1.5 hours is 90 minutes). The form holds
 * minutes, as the server does.
 */
export function LimitInput({
  value,
  onChange,
  disabled,
  id,
}: {
  value?: number | null;
  onChange?: (minutes: number | null) => void;
  disabled?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const initial = value ? splitMinutes(value) : { amount: null, unit: 'hours' as Unit };
  const [unit, setUnit] = useState<Unit>(initial.unit);
  const amount = value == null ? null : unit === 'hours' ? value / 60 : value;
  const emit = (next: number | null, nextUnit: Unit) => {
    if (next === null || Number.isNaN(next)) onChange?.(null);
    else onChange?.(Math.round(nextUnit === 'hours' ? next * 60 : next));
  };
  return (
    <Space.Compact style={{ width: 220 }}>
      <InputNumber<number>
        id={id}
        min={0}
        step={unit === 'hours' ? 1 : 5}
        value={amount === null ? null : Math.round(amount * 100) / 100}
        disabled={disabled}
        onChange={(next) => emit(next, unit)}
        style={{ width: '100%' }}
      />
      <Select<Unit>
        value={unit}
        disabled={disabled}
        style={{ width: 96 }}
        onChange={(next) => {
          setUnit(next);
          // The amount typed stays; its meaning changes with the unit.
          if (amount !== null) emit(amount, next);
        }}
        options={[
          { value: 'minutes', label: t('catalogue:limit.unitMinutes') },
          { value: 'hours', label: t('catalogue:limit.unitHours') },
        ]}
      />
    </Space.Compact>
  );
}

/**
 * A limit as people say it: 15 分钟, 2 小时, 3 个工作日 (a business day being 8 working hours), or
 * 1 天 in calendar time.
 */
export function formatLimit(t: TFunction, minutes: number | null | undefined, calendar: boolean): string {
  if (!minutes) return '—';
  if (calendar) {
    if (minutes % 1440 === 0) return t('catalogue:limit.days', { count: minutes / 1440 });
    if (minutes % 60 === 0) return t('catalogue:limit.hours', { count: minutes / 60 });
    if (minutes > 60) return t('catalogue:limit.hours', { count: Math.round((minutes / 60) * 100) / 100 });
    return t('catalogue:limit.minutes', { count: minutes });
  }
  if (minutes % 480 === 0) return t('catalogue:limit.workDays', { count: minutes / 480 });
  if (minutes % 60 === 0) return t('catalogue:limit.workHours', { count: minutes / 60 });
  if (minutes > 60) return t('catalogue:limit.workHours', { count: Math.round((minutes / 60) * 100) / 100 });
  return t('catalogue:limit.minutes', { count: minutes });
}
