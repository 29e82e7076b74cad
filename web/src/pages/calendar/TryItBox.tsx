import { CalculatorOutlined, ClockCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { Alert, App, Button, DatePicker, Form, InputNumber, Segmented, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import { type Calendar, type Deadline, isoWeekday } from './shared';

type Unit = 'minutes' | 'hours' | 'days';
type Mode = 'business' | 'calendar';

/** The wall clock of a time zone now, as a dayjs value in the browser (only its fields are used). */
function nowIn(timeZone: string): Dayjs {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date());
  return dayjs(text.replace(' ', 'T'));
}

/** 试算: start + a time limit on this calendar → the deadline, as the service desk will compute it. */
export function TryItBox({ calendar }: { calendar: Calendar }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [start, setStart] = useState<Dayjs | null>(() => nowIn(calendar.timeZone));
  const [amount, setAmount] = useState<number | null>(4);
  const [unit, setUnit] = useState<Unit>('hours');
  const [mode, setMode] = useState<Mode>('business');
  const [result, setResult] = useState<(Deadline & { minutes: number }) | null>(null);
  const [loading, setLoading] = useState(false);
  // Enter in the picker and a click on 试算 can both be in flight: only the latest answer is shown.
  const latest = useRef(0);

  const perDay = mode === 'calendar' ? 1440 : calendar.minutesPerDay;
  const minutes = Math.round((amount ?? 0) * (unit === 'minutes' ? 1 : unit === 'hours' ? 60 : perDay));

  const compute = async () => {
    if (!start || amount === null) return;
    const asked = ++latest.current;
    setLoading(true);
    try {
      const answer = await unwrap(
        api.POST('/api/calendars/{calendarId}/deadline', {
          params: { path: { calendarId: calendar.id } },
          // Local time in the calendar's zone: the server reads a start without an offset that way.
          body: { start: start.format('YYYY-MM-DDTHH:mm'), minutes, mode },
        }),
      );
      if (asked === latest.current) setResult({ ...answer, minutes });
    } catch (e) {
      if (asked !== latest.current) return;
      setResult(null);
      message.error(errorText(e));
    } finally {
      if (asked === latest.current) setLoading(false);
    }
  };

  const weekday = result ? t(`calendar:weekday.${isoWeekday(result.localDeadline.slice(0, 10))}`) : '';

  return (
    <ProCard
      title={
        <Space>
          <CalculatorOutlined style={{ color: '#1677ff' }} />
          {t('calendar:try.title')}
        </Space>
      }
      subTitle={t('calendar:try.subtitle')}
      bordered
      headerBordered
      size="small"
      data-testid="try-it"
    >
      <Form layout="inline" style={{ rowGap: 12 }} onFinish={() => void compute()}>
        <Form.Item label={t('calendar:try.start')} tooltip={t('calendar:try.startHelp', { zone: calendar.timeZone })}>
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 5 }}
            format="YYYY-MM-DD HH:mm"
            value={start}
            onChange={setStart}
            allowClear={false}
            needConfirm={false}
            style={{ width: 180 }}
            data-testid="try-start"
          />
        </Form.Item>
        <Form.Item label={t('calendar:try.limit')}>
          <Space.Compact>
            <InputNumber
              min={0}
              max={100_000}
              precision={unit === 'minutes' ? 0 : undefined}
              step={unit === 'minutes' ? 30 : 1}
              value={amount}
              onChange={setAmount}
              style={{ width: 100 }}
              data-testid="try-amount"
            />
            <Select<Unit>
              value={unit}
              onChange={setUnit}
              style={{ width: 110 }}
              data-testid="try-unit"
              options={(['minutes', 'hours', 'days'] as const).map((u) => ({
                value: u,
                label: t(`calendar:try.unit.${u}`),
              }))}
            />
          </Space.Compact>
        </Form.Item>
        <Form.Item>
          <Segmented<Mode>
            value={mode}
            onChange={setMode}
            options={[
              { value: 'business', label: t('calendar:try.business') },
              { value: 'calendar', label: t('calendar:try.calendarTime') },
            ]}
          />
        </Form.Item>
        <Form.Item>
          {/* Not `loading`: a loading antd button swallows clicks, and a click with a changed limit
              while an earlier answer is on its way must compute again (the latest answer wins). */}
          <Button
            type="primary"
            htmlType="submit"
            icon={loading ? <LoadingOutlined /> : undefined}
            aria-busy={loading}
            data-testid="try-compute"
          >
            {t('calendar:try.compute')}
          </Button>
        </Form.Item>
      </Form>
      {unit === 'days' && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
          {mode === 'business'
            ? t('calendar:try.dayIsBusiness', { minutes: calendar.minutesPerDay })
            : t('calendar:try.dayIs24h')}
        </Typography.Text>
      )}
      {result && (
        <div style={{ marginTop: 12 }} data-testid="try-result">
          <Alert
            type={result.provisional ? 'warning' : 'success'}
            showIcon
            icon={<ClockCircleOutlined />}
            message={
              <Space size={8} wrap>
                <span>{t('calendar:try.deadline')}</span>
                <Typography.Text strong style={{ fontSize: 18 }} data-testid="try-deadline">
                  {result.localDeadline}
                </Typography.Text>
                <Typography.Text>{weekday}</Typography.Text>
                {result.provisional && (
                  <Typography.Text type="warning" strong>
                    {t('calendar:try.provisionalTag')}
                  </Typography.Text>
                )}
              </Space>
            }
            description={
              <>
                <div>
                  {t(result.mode === 'business' ? 'calendar:try.explainBusiness' : 'calendar:try.explainCalendar', {
                    start: result.localStart,
                    minutes: result.minutes,
                    zone: result.timeZone,
                  })}
                </div>
                {result.provisional && <div data-testid="try-provisional">{t('calendar:try.provisional')}</div>}
              </>
            }
          />
        </div>
      )}
    </ProCard>
  );
}
