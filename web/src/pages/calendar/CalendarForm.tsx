import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  TimePicker,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { CODE_PATTERN, showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { type Calendar, roundTheClock, weekdays } from './shared';

interface ShiftValue {
  start?: Dayjs | null;
  end?: Dayjs | null;
}

interface Values {
  name: string;
  code: string;
  companyId?: string;
  timeZone: string;
  workWeek: number[];
  allDay: boolean;
  shifts: ShiftValue[];
  statutory: boolean;
  active: boolean;
}

const GROUP = '__group__';
const commonZones = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei'];

function zoneOptions(): string[] {
  const all =
    (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...commonZones, ...all.filter((z) => !commonZones.includes(z))];
}

const toClock = (d: Dayjs | null | undefined) => (d ? d.format('HH:mm') : '');
/** "24:00" cannot be picked on a clock: it is a shift ending at midnight, i.e. 00:00 as an end. */
const endClock = (d: Dayjs | null | undefined) => (d && d.format('HH:mm') === '00:00' ? '24:00' : toClock(d));
const fromClock = (text: string) => dayjs(`2000-01-01T${text === '24:00' ? '00:00' : text}`);

/** 新建 / 编辑工作日历: owner, working week, shifts, official schedule, time zone. */
export function CalendarForm({
  open,
  calendar,
  onClose,
  onSaved,
}: {
  open: boolean;
  calendar?: Calendar;
  onClose: () => void;
  onSaved: (saved: Calendar) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const allDay = Form.useWatch('allDay', form);
  const zones = useMemo(zoneOptions, []);
  const orgs = useQueryData(
    () => (open && !calendar ? unwrap(api.GET('/api/orgs')) : Promise.resolve([])),
    [open, calendar],
  );
  const companies = (orgs.data ?? []).filter((o) => o.kind === 'company');

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (calendar) {
      form.setFieldsValue({
        name: calendar.name,
        code: calendar.code,
        timeZone: calendar.timeZone,
        workWeek: calendar.workWeek,
        allDay: roundTheClock(calendar),
        shifts: calendar.shifts.map((s) => ({ start: fromClock(s.start), end: fromClock(s.end) })),
        statutory: calendar.statutory,
        active: calendar.active,
      });
    } else {
      form.setFieldsValue({
        timeZone: 'Asia/Shanghai',
        workWeek: [1, 2, 3, 4, 5],
        allDay: false,
        shifts: [
          { start: fromClock('09:00'), end: fromClock('12:00') },
          { start: fromClock('13:30'), end: fromClock('18:00') },
        ],
        statutory: true,
        active: true,
      });
    }
  }, [open, calendar, form]);

  const submit = async () => {
    const values = await form.validateFields();
    const shifts = values.allDay
      ? [{ start: '00:00', end: '24:00' }]
      : values.shifts.map((s) => ({ start: toClock(s.start), end: endClock(s.end) }));
    const body = {
      name: values.name.trim(),
      code: values.code.trim(),
      timeZone: values.timeZone,
      workWeek: [...values.workWeek].sort(),
      shifts,
      statutory: values.statutory,
    };
    setSaving(true);
    try {
      const saved = calendar
        ? await unwrap(
            api.PUT('/api/calendars/{calendarId}', {
              params: { path: { calendarId: calendar.id } },
              body: { ...body, active: values.active },
            }),
          )
        : await unwrap(
            api.POST('/api/calendars', {
              body: { ...body, companyId: values.companyId === GROUP ? null : (values.companyId ?? null) },
            }),
          );
      message.success(calendar ? t('calendar:message.updated') : t('calendar:message.created'));
      onSaved(saved);
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={calendar ? t('calendar:form.editTitle') : t('calendar:form.createTitle')}
      open={open}
      width={680}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common:save')}
      cancelText={t('common:cancel')}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values> form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="name"
              label={t('calendar:field.name')}
              rules={[{ required: true, whitespace: true, message: t('calendar:form.nameRequired') }]}
            >
              <Input maxLength={40} showCount placeholder={t('calendar:form.namePlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="code"
              label={t('calendar:field.code')}
              rules={[
                { required: true, whitespace: true, message: t('calendar:form.codeRequired') },
                { pattern: CODE_PATTERN, message: t('calendar:form.codeFormat') },
              ]}
            >
              <Input maxLength={40} placeholder="SH-KF" />
            </Form.Item>
          </Col>
        </Row>
        {!calendar && (
          <Form.Item
            name="companyId"
            label={t('calendar:field.owner')}
            rules={[{ required: true, message: t('calendar:form.ownerRequired') }]}
            extra={t('calendar:form.ownerHelp')}
          >
            <Select
              loading={orgs.loading}
              placeholder={t('calendar:form.ownerPlaceholder')}
              options={[
                ...(me?.scope.all ? [{ value: GROUP, label: t('calendar:groupWide') }] : []),
                ...companies.map((c) => ({ value: c.id, label: c.name })),
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name="workWeek"
          label={t('calendar:field.workWeek')}
          rules={[{ required: true, type: 'array', min: 1, message: t('calendar:form.workWeekRequired') }]}
        >
          <Checkbox.Group options={weekdays.map((d) => ({ value: d, label: t(`calendar:weekday.${d}`) }))} />
        </Form.Item>
        <Form.Item name="allDay" label={t('calendar:field.shifts')} style={{ marginBottom: 8 }}>
          <Radio.Group optionType="button" buttonStyle="solid" size="small">
            <Radio.Button value={false}>{t('calendar:form.byShifts')}</Radio.Button>
            <Radio.Button value={true}>{t('calendar:form.allDay')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {allDay ? (
          <Typography.Paragraph type="secondary">{t('calendar:form.allDayHelp')}</Typography.Paragraph>
        ) : (
          <Form.List
            name="shifts"
            rules={[
              {
                validator: async (_, shifts: ShiftValue[] | undefined) => {
                  if (!shifts?.length) throw new Error(t('calendar:form.shiftsRequired'));
                  let previous = -1;
                  for (const s of shifts) {
                    if (!s?.start || !s?.end) continue;
                    const start = s.start.hour() * 60 + s.start.minute();
                    const endText = endClock(s.end);
                    const end = endText === '24:00' ? 1440 : s.end.hour() * 60 + s.end.minute();
                    if (end <= start) throw new Error(t('calendar:form.shiftOrder'));
                    if (start < previous) throw new Error(t('calendar:form.shiftsOverlap'));
                    previous = end;
                  }
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <div style={{ marginBottom: 16 }}>
                {fields.map((field, index) => (
                  <Space key={field.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                    <Typography.Text type="secondary" style={{ width: 56, display: 'inline-block' }}>
                      {t('calendar:form.shiftN', { n: index + 1 })}
                    </Typography.Text>
                    <Form.Item
                      name={[field.name, 'start']}
                      rules={[{ required: true, message: t('calendar:form.timeRequired') }]}
                      style={{ marginBottom: 4 }}
                    >
                      <TimePicker
                        format="HH:mm"
                        minuteStep={5}
                        needConfirm={false}
                        aria-label={t('calendar:form.start')}
                      />
                    </Form.Item>
                    <span>–</span>
                    <Form.Item
                      name={[field.name, 'end']}
                      rules={[{ required: true, message: t('calendar:form.timeRequired') }]}
                      style={{ marginBottom: 4 }}
                    >
                      <TimePicker
                        format="HH:mm"
                        minuteStep={5}
                        needConfirm={false}
                        aria-label={t('calendar:form.end')}
                      />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('common:delete')}
                        onClick={() => remove(field.name)}
                      />
                    )}
                  </Space>
                ))}
                {fields.length < 6 && (
                  <Button
                    type="dashed"
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => add({ start: fromClock('18:00'), end: fromClock('21:00') })}
                  >
                    {t('calendar:form.addShift')}
                  </Button>
                )}
                <Form.ErrorList errors={errors} />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 4, marginBottom: 0 }}>
                  {t('calendar:form.shiftsHelp')}
                </Typography.Paragraph>
              </div>
            )}
          </Form.List>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="statutory"
              label={t('calendar:field.statutory')}
              valuePropName="checked"
              extra={t('calendar:form.statutoryHelp')}
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="timeZone" label={t('calendar:field.timeZone')} rules={[{ required: true }]}>
              <Select showSearch options={zones.map((z) => ({ value: z, label: z }))} />
            </Form.Item>
          </Col>
        </Row>
        {calendar && (
          <Form.Item
            name="active"
            label={t('calendar:field.active')}
            valuePropName="checked"
            extra={t('calendar:form.activeHelp')}
          >
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
