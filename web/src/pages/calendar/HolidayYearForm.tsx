import { DeleteOutlined, DownloadOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, postForm, unwrap } from '../../api/client';
import { errorText } from '../../components/problem';
import {
  datesBetween,
  type HolidayDay,
  type HolidayYear,
  type HolidayYears,
  holidayNames,
  holidayTemplateCsv,
  isoWeekday,
} from './shared';

type Kind = HolidayDay['kind'];
type Entry = { date: string; kind: Kind; name: string };

function useYearState(years: HolidayYears['years'], year: number | null) {
  const bundled = years.some((y) => y.year === year && y.source === 'bundled');
  return { bundled };
}

/** 录入年度安排: the days off and make-up workdays of a year, added a range at a time. */
export function HolidayYearForm({
  open,
  initialYear,
  years,
  onClose,
  onSaved,
}: {
  open: boolean;
  initialYear?: number;
  years: HolidayYears['years'];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState<number | null>(initialYear ?? null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [note, setNote] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [kind, setKind] = useState<Kind>('holiday');
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const { bundled } = useYearState(years, year);

  useEffect(() => {
    if (open) {
      setYear(initialYear ?? null);
      setRange(null);
      setName('');
      setKind('holiday');
    }
  }, [open, initialYear]);

  // The year's published days, to change them; a new year starts empty.
  useEffect(() => {
    if (!open || !year || year < 2000 || year > 2100) return;
    let cancelled = false;
    void unwrap(api.GET('/api/holiday-years/{year}', { params: { path: { year } } }))
      .then((data: HolidayYear) => {
        if (cancelled) return;
        setEntries(data.source === 'published' ? data.days.map(({ date, kind, name }) => ({ date, kind, name })) : []);
        setNote(data.source === 'published' ? (data.note ?? '') : '');
      })
      .catch(() => {
        if (!cancelled) setEntries([]);
      });
    return () => {
      cancelled = true;
    };
  }, [open, year]);

  const add = () => {
    const [from, to] = range ?? [null, null];
    if (!from || !name.trim()) {
      message.warning(t('calendar:holidayForm.pickFirst'));
      return;
    }
    const dates = datesBetween(from.format('YYYY-MM-DD'), (to ?? from).format('YYYY-MM-DD'));
    const kept = entries.filter((e) => !dates.includes(e.date));
    setEntries(
      [...kept, ...dates.map((date) => ({ date, kind, name: name.trim() }))].sort((a, b) =>
        a.date.localeCompare(b.date),
      ),
    );
    setRange(null);
  };

  const save = async () => {
    if (!year) return;
    setSaving(true);
    try {
      await unwrap(
        api.PUT('/api/holiday-years/{year}', {
          params: { path: { year } },
          body: { days: entries, note: note.trim() || null },
        }),
      );
      message.success(t('calendar:holidays.saved', { year }));
      onSaved();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const inYear = (d: Dayjs) => !year || d.year() !== year;

  return (
    <Drawer
      title={t('calendar:holidayForm.title')}
      open={open}
      onClose={onClose}
      width={640}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            disabled={!year || bundled || entries.length === 0}
            onClick={() => void save()}
            data-testid="holiday-save"
          >
            {t('common:save')}
          </Button>
        </Space>
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('calendar:holidays.year')} required>
          <InputNumber
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => setYear(v)}
            style={{ width: 140 }}
            data-testid="holiday-year"
          />
        </Form.Item>
        {bundled && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('calendar:holidayForm.bundled', { year })}
          />
        )}
        <Form.Item label={t('calendar:holidayForm.note')}>
          <Input
            value={note}
            maxLength={200}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('calendar:holidayForm.notePlaceholder')}
          />
        </Form.Item>
        <Typography.Title level={5}>{t('calendar:holidayForm.addTitle')}</Typography.Title>
        <Space wrap align="start" style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
            disabledDate={inYear}
            defaultPickerValue={year ? [dayjs(`${year}-01-01`), dayjs(`${year}-02-01`)] : undefined}
            allowEmpty={[false, true]}
            style={{ width: 250 }}
            data-testid="holiday-range"
          />
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} optionType="button">
            <Radio.Button value="holiday">{t('calendar:holidayKind.holiday')}</Radio.Button>
            <Radio.Button value="workday">{t('calendar:holidayKind.workday')}</Radio.Button>
          </Radio.Group>
          <AutoComplete
            value={name}
            onChange={setName}
            options={holidayNames.map((n) => ({ value: n }))}
            filterOption={(input, option) => !input || String(option?.value ?? '').includes(input)}
            placeholder={t('calendar:holidayForm.namePlaceholder')}
            style={{ width: 130 }}
            data-testid="holiday-name"
          />
          <Button icon={<PlusOutlined />} onClick={add} data-testid="holiday-add">
            {t('calendar:holidayForm.add')}
          </Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('calendar:holidayForm.help')}
        </Typography.Paragraph>
        <Table<Entry>
          rowKey="date"
          size="small"
          dataSource={entries}
          pagination={false}
          locale={{ emptyText: t('calendar:holidayForm.empty') }}
          columns={[
            {
              title: t('calendar:holidayForm.date'),
              dataIndex: 'date',
              render: (d: string) => `${d} ${t(`calendar:weekday.${isoWeekday(d)}`)}`,
            },
            {
              title: t('calendar:holidayForm.kind'),
              dataIndex: 'kind',
              render: (k: Kind) => (
                <Tag color={k === 'holiday' ? 'red' : 'orange'} bordered={false}>
                  {t(`calendar:holidayKind.${k}`)}
                </Tag>
              ),
            },
            { title: t('calendar:holidayForm.name'), dataIndex: 'name' },
            {
              key: 'remove',
              width: 50,
              render: (_, e) => (
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common:delete')}
                  onClick={() => setEntries(entries.filter((x) => x.date !== e.date))}
                />
              ),
            },
          ]}
        />
      </Form>
    </Drawer>
  );
}

/** 导入年度安排: an XLSX or CSV list (日期, 类型, 名称) for one year; any bad row refuses the file. */
export function HolidayImportModal({
  open,
  initialYear,
  years,
  onClose,
  onSaved,
}: {
  open: boolean;
  initialYear?: number;
  years: HolidayYears['years'];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState<number | null>(initialYear ?? null);
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const { bundled } = useYearState(years, year);

  useEffect(() => {
    if (open) {
      setYear(initialYear ?? null);
      setFile(null);
      setProblems([]);
    }
  }, [open, initialYear]);

  const template = () => {
    const blob = new Blob([holidayTemplateCsv(year ?? new Date().getFullYear() + 1)], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = t('calendar:holidayImport.templateFile', { year: year ?? '' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const submit = async () => {
    if (!year || !file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    setSaving(true);
    setProblems([]);
    try {
      await postForm(`/api/holiday-years/${year}/import`, form);
      message.success(t('calendar:holidays.imported', { year }));
      onSaved();
    } catch (e) {
      const rows =
        e instanceof ApiError ? (e.problem.rows as { row: number; reason: string }[] | undefined) : undefined;
      if (rows?.length) {
        setProblems(
          rows.map((r) =>
            r.row > 0 ? t('calendar:holidayImport.rowProblem', { row: r.row, reason: r.reason }) : r.reason,
          ),
        );
      }
      message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={t('calendar:holidayImport.title')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('calendar:holidayImport.submit')}
      cancelText={t('common:cancel')}
      okButtonProps={{ disabled: !year || !file || bundled }}
      confirmLoading={saving}
      destroyOnHidden
      width={560}
    >
      <Space direction="vertical" style={{ width: '100%' }} size={12}>
        <Space>
          <Typography.Text>{t('calendar:holidays.year')}</Typography.Text>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => setYear(v)} style={{ width: 120 }} />
          <Button icon={<DownloadOutlined />} onClick={template}>
            {t('calendar:holidayImport.template')}
          </Button>
        </Space>
        {bundled && <Alert type="info" showIcon message={t('calendar:holidayForm.bundled', { year })} />}
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setProblems([]);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t('calendar:holidayImport.drag')}</p>
          <p className="ant-upload-hint">{t('calendar:holidayImport.hint')}</p>
        </Upload.Dragger>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            message={t('calendar:holidayImport.refused')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.slice(0, 20).map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
      </Space>
    </Modal>
  );
}
