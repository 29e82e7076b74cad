import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { Alert, App, Button, Col, Input, Modal, Radio, Row, Skeleton, Space, Tooltip, Typography } from 'antd';
import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { type Calendar, type DayKind, isoWeekday, runsOf, type YearDay } from './shared';

interface KindStyle {
  background?: string;
  color?: string;
  badge?: 'rest' | 'work';
  badgeColor?: string;
}

/** Red for the official days off, orange 班 for make-up days, purple and cyan for the calendar's own. */
export const kindStyles: Record<DayKind, KindStyle> = {
  workday: {},
  weekend: { color: '#8c8c8c', background: '#fafafa' },
  holiday: { background: '#fff1f0', color: '#cf1322', badge: 'rest', badgeColor: '#f5222d' },
  makeup: { background: '#fff7e6', color: '#d46b08', badge: 'work', badgeColor: '#fa8c16' },
  own_off: { background: '#f9f0ff', color: '#722ed1', badge: 'rest', badgeColor: '#722ed1' },
  own_work: { background: '#e6fffb', color: '#08979c', badge: 'work', badgeColor: '#13c2c2' },
};
const legendKinds: DayKind[] = ['workday', 'weekend', 'holiday', 'makeup', 'own_off', 'own_work'];

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

function Cell({ day, today, onClick, label }: { day: YearDay; today: boolean; onClick?: () => void; label: string }) {
  const { t } = useTranslation();
  const style = kindStyles[day.kind];
  const cell: CSSProperties = {
    position: 'relative',
    height: 30,
    lineHeight: '30px',
    textAlign: 'center',
    fontSize: 12,
    borderRadius: 4,
    background: style.background,
    color: style.color,
    fontWeight: day.kind === 'holiday' || day.kind === 'own_off' ? 600 : undefined,
    cursor: onClick ? 'pointer' : 'default',
    outline: today ? '2px solid #1677ff' : undefined,
    outlineOffset: -2,
  };
  return (
    <Tooltip title={label} mouseEnterDelay={0.2}>
      {/* biome-ignore lint/a11y/useSemanticElements: a grid cell of the year view, with the keyboard handled below */}
      <div
        style={cell}
        role="button"
        tabIndex={onClick ? 0 : -1}
        aria-label={label}
        data-date={day.date}
        data-kind={day.kind}
        onClick={onClick}
        onKeyDown={(e) => {
          if (onClick && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault();
            onClick();
          }
        }}
      >
        {Number(day.date.slice(8))}
        {style.badge && (
          <span
            style={{
              position: 'absolute',
              top: 1,
              right: 2,
              fontSize: 9,
              lineHeight: '11px',
              color: style.badgeColor,
              fontWeight: 700,
            }}
          >
            {t(`calendar:badge.${style.badge}`)}
          </span>
        )}
      </div>
    </Tooltip>
  );
}

function Month({
  month,
  days,
  today,
  describe,
  onPick,
}: {
  month: number;
  days: YearDay[];
  today: string;
  describe: (d: YearDay) => string;
  onPick?: (d: YearDay) => void;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en-US';
  const first = days[0];
  const lead = first ? isoWeekday(first.date) - 1 : 0;
  const marked = runsOf(
    days
      .filter((d) => d.kind !== 'workday' && d.kind !== 'weekend')
      .map((d) => ({
        date: d.date,
        kind: d.kind,
        name: d.kind.startsWith('own') ? d.note : english ? (d.nameEn ?? d.name) : d.name,
      })),
  );
  return (
    <div data-testid={`month-${month}`} style={{ marginBottom: 12 }}>
      <Typography.Text strong>{t(`calendar:month.${month}`)}</Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, marginTop: 4 }}>
        {[1, 2, 3, 4, 5, 6, 7].map((w) => (
          <div key={w} style={{ textAlign: 'center', fontSize: 11, color: w >= 6 ? '#8c8c8c' : '#595959' }}>
            {t(`calendar:weekdayShort.${w}`)}
          </div>
        ))}
        {Array.from({ length: lead }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: empty cells before the first day of the month
          <div key={`lead-${i}`} />
        ))}
        {days.map((d) => (
          <Cell
            key={d.date}
            day={d}
            today={d.date === today}
            label={describe(d)}
            onClick={onPick ? () => onPick(d) : undefined}
          />
        ))}
      </div>
      <div style={{ marginTop: 4, minHeight: 18 }}>
        {marked.map((r) => (
          <div
            key={`${r.from}-${r.kind}`}
            style={{ fontSize: 12, lineHeight: '18px', color: kindStyles[r.kind as DayKind].color }}
          >
            {r.count > 1
              ? t('calendar:year.runDays', { from: Number(r.from.slice(8)), to: Number(r.to.slice(8)) })
              : t('calendar:year.runDay', { day: Number(r.from.slice(8)) })}{' '}
            {r.name || t(`calendar:kind.${r.kind}`)} · {t(`calendar:kindShort.${r.kind}`)}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The year of a calendar: 12 months, holidays and make-up days marked; a manager clicks a day to set it. */
export function YearView({ calendar, onOwnDaysChanged }: { calendar: Calendar; onOwnDaysChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const today = todayIn(calendar.timeZone);
  const [year, setYear] = useState(Number(today.slice(0, 4)));
  const [picked, setPicked] = useState<YearDay | null>(null);
  const [choice, setChoice] = useState<'rule' | 'off' | 'work'>('rule');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const english = i18n.language === 'en-US';
  const { data, loading, error, reload } = useQueryData(
    () =>
      unwrap(
        api.GET('/api/calendars/{calendarId}/year/{year}', { params: { path: { calendarId: calendar.id, year } } }),
      ),
    [calendar.id, year],
  );

  const months = useMemo(() => {
    const out: YearDay[][] = Array.from({ length: 12 }, () => []);
    for (const d of data?.days ?? []) out[Number(d.date.slice(5, 7)) - 1]?.push(d);
    return out;
  }, [data]);

  const describe = (d: YearDay) => {
    const weekday = t(`calendar:weekday.${isoWeekday(d.date)}`);
    const name = english ? (d.nameEn ?? d.name) : d.name;
    const parts = [`${d.date} ${weekday}`, t(`calendar:kind.${d.kind}`)];
    if (name) parts.push(name);
    if (d.note) parts.push(d.note);
    return parts.join(' · ');
  };

  const open = (d: YearDay) => {
    setPicked(d);
    setChoice(d.kind === 'own_off' ? 'off' : d.kind === 'own_work' ? 'work' : 'rule');
    setNote(d.note ?? '');
  };

  const save = async () => {
    if (!picked) return;
    const path = { calendarId: calendar.id, date: picked.date };
    setSaving(true);
    try {
      if (choice === 'rule') {
        if (picked.kind === 'own_off' || picked.kind === 'own_work') {
          await unwrap(api.DELETE('/api/calendars/{calendarId}/days/{date}', { params: { path } }));
        }
      } else {
        await unwrap(
          api.PUT('/api/calendars/{calendarId}/days/{date}', {
            params: { path },
            body: { kind: choice, note: note.trim() || null },
          }),
        );
      }
      message.success(t('calendar:message.daySaved', { date: picked.date }));
      setPicked(null);
      await reload();
      onOwnDaysChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <ProCard
      title={
        <Space>
          <Button
            size="small"
            icon={<LeftOutlined />}
            aria-label={t('calendar:year.previous')}
            onClick={() => setYear(year - 1)}
          />
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="year-title">
            {t('calendar:year.title', { year })}
          </Typography.Text>
          <Button
            size="small"
            icon={<RightOutlined />}
            aria-label={t('calendar:year.next')}
            onClick={() => setYear(year + 1)}
          />
          {data && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('calendar:year.workingDays', { count: data.workingDays })}
            </Typography.Text>
          )}
        </Space>
      }
      bordered
      headerBordered
      size="small"
      data-testid="year-view"
    >
      {data && !data.statutory && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('calendar:year.noStatutory')} />
      )}
      {data?.statutory && data.schedule === null && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('calendar:year.noSchedule', { year })}
          data-testid="year-no-schedule"
        />
      )}
      <div style={{ marginBottom: 8 }}>
        <Space size={12} wrap data-testid="legend">
          {legendKinds.map((k) => (
            <Space key={k} size={4}>
              <span
                style={{
                  display: 'inline-block',
                  width: 14,
                  height: 14,
                  borderRadius: 3,
                  border: '1px solid #d9d9d9',
                  background: kindStyles[k].background ?? '#fff',
                  color: kindStyles[k].badgeColor,
                  fontSize: 9,
                  lineHeight: '12px',
                  textAlign: 'center',
                  fontWeight: 700,
                }}
              >
                {kindStyles[k].badge ? t(`calendar:badge.${kindStyles[k].badge}`) : ''}
              </span>
              <Typography.Text style={{ fontSize: 12 }}>{t(`calendar:kind.${k}`)}</Typography.Text>
            </Space>
          ))}
        </Space>
      </div>
      {calendar.canManage && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('calendar:year.clickHint')}
        </Typography.Paragraph>
      )}
      {error && !data ? (
        <Alert type="error" message={error.message} />
      ) : loading && !data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Row gutter={[20, 4]}>
          {months.map((days, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months of the year, in order
            <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
              <Month
                month={i + 1}
                days={days}
                today={today}
                describe={describe}
                onPick={calendar.canManage ? open : undefined}
              />
            </Col>
          ))}
        </Row>
      )}
      <Modal
        title={picked ? `${picked.date} ${t(`calendar:weekday.${isoWeekday(picked.date)}`)}` : ''}
        open={!!picked}
        onCancel={() => setPicked(null)}
        onOk={() => void save()}
        okText={t('common:save')}
        cancelText={t('common:cancel')}
        confirmLoading={saving}
        destroyOnHidden
        width={460}
      >
        {picked && (
          <Space direction="vertical" style={{ width: '100%' }} size={12}>
            <Typography.Text type="secondary">
              {t('calendar:day.now', { status: describe(picked).split(' · ').slice(1).join(' · ') })}
            </Typography.Text>
            <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value)}>
              <Space direction="vertical">
                <Radio value="rule">{t('calendar:day.rule')}</Radio>
                <Radio value="off">{t('calendar:day.off')}</Radio>
                <Radio value="work">{t('calendar:day.work')}</Radio>
              </Space>
            </Radio.Group>
            {choice !== 'rule' && (
              <Input
                maxLength={60}
                showCount
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('calendar:day.notePlaceholder')}
                data-testid="day-note"
              />
            )}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('calendar:day.help')}
            </Typography.Text>
          </Space>
        )}
      </Modal>
    </ProCard>
  );
}
