import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Row,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ProjectSelect } from '../../components/ProjectSelect';
import { columnLetter, firstCustomerField, type ImportField } from './mapping';
import { type ImportMode, type ImportPreview, ModeText } from './shared';

export interface MappingStepProps {
  file: File;
  mode: ImportMode;
  preview: ImportPreview;
  loading: boolean;
  starting: boolean;
  projectId: string | undefined;
  onProject: (projectId: string | undefined) => void;
  /** A field given another column, or none (null). */
  onMap: (field: ImportField, column: number | null) => void;
  onBack: () => void;
  onStart: () => void;
}

type FieldInfo = ImportPreview['fields'][number];
type SampleRow = ImportPreview['sample'][number];

const NONE = -1;
const projectFields: readonly ImportField[] = ['projectName', 'projectCode'];
const problemCell: CSSProperties = { background: '#fff1f0' };

/** Wide enough for the longest of the texts (a Chinese character is about twice a digit), within bounds. */
function columnWidth(texts: string[]): number {
  const widest = Math.max(...texts.map((s) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 15 : 8.5), 0)));
  return Math.min(240, Math.max(64, Math.ceil(widest) + 34));
}

export function MappingStep(props: MappingStepProps) {
  const { t } = useTranslation();
  const { preview, projectId } = props;
  const { headers, mapping, sample, fields } = preview;
  const labels = useMemo(() => new Map(fields.map((f) => [f.field, f.label])), [fields]);
  const fieldOfColumn = useMemo(() => {
    const out = new Map<number, ImportField[]>();
    for (const [field, column] of Object.entries(mapping))
      out.set(column, [...(out.get(column) ?? []), field as ImportField]);
    return out;
  }, [mapping]);

  const mappedCount = Object.keys(mapping).length;
  const missing = preview.missing.map((f) => labels.get(f) ?? f);
  const projectMissing = preview.needsProject && !projectId;
  const blocked = missing.length > 0 || projectMissing;
  const problems = sample.filter((r) => r.problem).length;

  /** The first non-empty value of a column in the sample rows, to recognise it by. */
  const example = (column: number | undefined) =>
    column === undefined ? '' : (sample.map((r) => r.cells[column] ?? '').find((v) => v.trim() !== '') ?? '');

  const columnOptions = (field: ImportField) => [
    { value: NONE, label: t('import:mapping.none') },
    ...headers.map((header, index) => {
      const others = (fieldOfColumn.get(index) ?? []).filter((f) => f !== field);
      return {
        value: index,
        label: `${columnLetter(index)} · ${header.trim() || t('import:mapping.emptyHeader')}`,
        title: header,
        others,
      };
    }),
  ];

  const mappingColumns: TableColumnsType<FieldInfo> = [
    {
      title: t('import:mapping.field'),
      dataIndex: 'label',
      width: '30%',
      render: (_, f) => (
        <Space size={4}>
          {f.required && <span style={{ color: '#ff4d4f' }}>*</span>}
          <span style={{ fontWeight: f.required ? 500 : undefined }}>{f.label}</span>
          {projectFields.includes(f.field) && (
            <Tooltip title={t('import:mapping.projectTip')}>
              <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('import:mapping.column'),
      key: 'column',
      width: '42%',
      render: (_, f) => {
        const value = mapping[f.field] ?? NONE;
        const unmappedRequired = f.required && value === NONE;
        return (
          <Select<number>
            value={value}
            size="small"
            status={unmappedRequired ? 'error' : undefined}
            style={{ width: '100%' }}
            showSearch
            optionFilterProp="label"
            disabled={props.loading || props.starting}
            onChange={(next) => props.onMap(f.field, next === NONE ? null : next)}
            options={columnOptions(f.field)}
            optionRender={(option) => {
              const others = (option.data as { others?: ImportField[] }).others ?? [];
              return (
                <Space size={6}>
                  <span>{option.label}</span>
                  {others.length > 0 && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('import:mapping.usedBy', { fields: others.map((o) => labels.get(o) ?? o).join('、') })}
                    </Typography.Text>
                  )}
                </Space>
              );
            }}
            data-testid={`map-${f.field}`}
          />
        );
      },
    },
    {
      title: t('import:mapping.example'),
      key: 'example',
      ellipsis: true,
      render: (_, f) => <Typography.Text type="secondary">{example(mapping[f.field])}</Typography.Text>,
    },
  ];

  const splitAt = fields.findIndex((f) => f.field === firstCustomerField);
  const roomFields = splitAt < 0 ? fields : fields.slice(0, splitAt);
  const customerFields = splitAt < 0 ? [] : fields.slice(splitAt);

  // The sample with the mapped columns in sheet order, each under its field's name.
  const mapped = fields
    .filter((f) => mapping[f.field] !== undefined)
    .sort((a, b) => (mapping[a.field] ?? 0) - (mapping[b.field] ?? 0));
  const highlight = (r: SampleRow) => ({ style: r.problem ? problemCell : undefined });
  const sampleColumns: TableColumnsType<SampleRow> = [
    {
      title: t('import:mapping.row'),
      dataIndex: 'row',
      width: 64,
      fixed: 'left',
      onCell: highlight,
      render: (row: number) => <Typography.Text type="secondary">{row}</Typography.Text>,
    },
    ...mapped.map((f) => {
      const column = mapping[f.field] as number;
      return {
        key: f.field,
        title: (
          <Tooltip title={`${columnLetter(column)} · ${headers[column] ?? ''}`}>
            <span style={{ whiteSpace: 'nowrap' }}>{f.label}</span>
          </Tooltip>
        ),
        width: columnWidth([f.label, ...sample.map((r) => r.cells[column] ?? '')]),
        ellipsis: true,
        onCell: highlight,
        render: (_: unknown, r: SampleRow) => r.cells[column] ?? '',
      };
    }),
    {
      title: t('import:mapping.check'),
      key: 'problem',
      width: 260,
      fixed: 'right',
      onCell: highlight,
      render: (_, r) =>
        r.problem ? (
          <Typography.Text type="danger" data-testid={`sample-problem-${r.row}`}>
            <CloseCircleOutlined style={{ marginRight: 6 }} />
            {r.problem}
          </Typography.Text>
        ) : missing.length > 0 ? (
          <Typography.Text type="secondary">-</Typography.Text>
        ) : (
          <Typography.Text type="success">
            <CheckCircleOutlined style={{ marginRight: 6 }} />
            {t('import:mapping.rowOk')}
          </Typography.Text>
        ),
    },
  ];

  const mappingTable = (title: string, data: FieldInfo[], testId: string) => (
    <Card size="small" title={title} styles={{ body: { padding: 0 } }} data-testid={testId}>
      <Table<FieldInfo>
        rowKey="field"
        size="small"
        columns={mappingColumns}
        dataSource={data}
        pagination={false}
        tableLayout="fixed"
      />
    </Card>
  );

  return (
    <Spin spinning={props.loading} delay={200}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="import-header-row"
        message={t('import:mapping.found', {
          file: props.file.name,
          row: preview.headerRow,
          columns: headers.length,
          mapped: mappedCount,
        })}
        description={t('import:mapping.foundHelp')}
      />
      {preview.needsProject && (
        <Form layout="inline" style={{ marginBottom: 16 }}>
          <Form.Item
            label={t('import:upload.project')}
            required
            validateStatus={projectId ? undefined : 'error'}
            help={projectId ? undefined : t('import:upload.projectNeeded')}
          >
            <ProjectSelect
              value={projectId}
              onChange={(value: string | undefined) => props.onProject(value)}
              style={{ width: 320 }}
              data-testid="mapping-project"
            />
          </Form.Item>
        </Form>
      )}
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          {mappingTable(t('import:mapping.roomFields'), roomFields, 'mapping-room')}
        </Col>
        <Col xs={24} xl={12}>
          {mappingTable(t('import:mapping.customerFields'), customerFields, 'mapping-customer')}
        </Col>
      </Row>

      <Card
        size="small"
        style={{ marginTop: 16 }}
        title={t('import:mapping.sampleTitle', { count: sample.length })}
        extra={
          missing.length === 0 ? (
            problems > 0 ? (
              <Typography.Text type="danger">{t('import:mapping.sampleProblems', { count: problems })}</Typography.Text>
            ) : (
              <Typography.Text type="success">{t('import:mapping.sampleOk')}</Typography.Text>
            )
          ) : null
        }
        styles={{ body: { padding: 0 } }}
      >
        <div data-testid="import-sample">
          <Table<SampleRow>
            rowKey="row"
            size="small"
            columns={sampleColumns}
            dataSource={sample}
            pagination={false}
            scroll={{ x: 'max-content' }}
          />
        </div>
      </Card>

      {blocked && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="mapping-blocked"
          message={
            missing.length > 0
              ? t('import:mapping.missing', { fields: missing.join(t('import:mapping.listSeparator')) })
              : t('import:upload.projectNeeded')
          }
        />
      )}
      <div
        style={{
          marginTop: 24,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 16,
          flexWrap: 'wrap',
        }}
      >
        <Button onClick={props.onBack} disabled={props.starting}>
          {t('import:mapping.back')}
        </Button>
        <Space size={16}>
          <Typography.Text type="secondary">
            {t('import:mapping.modeNote')}
            <Typography.Text strong>
              <ModeText mode={props.mode} />
            </Typography.Text>
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            disabled={blocked || props.loading}
            loading={props.starting}
            onClick={props.onStart}
            data-testid="import-start"
          >
            {t('import:mapping.start')}
          </Button>
        </Space>
      </div>
    </Spin>
  );
}
