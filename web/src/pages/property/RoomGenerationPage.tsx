import { AppstoreOutlined, EyeOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  PageContainer,
  ProCard,
  ProForm,
  ProFormDigit,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Col,
  Divider,
  Empty,
  Form,
  type FormInstance,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import { FloorGrid, type GridCell } from './FloorGrid';
import {
  AreaFields,
  type GenerationBody,
  type GenerationPreview,
  type GenerationResult,
  type RoomStatus,
  type RoomType,
  statusColors,
  useBuildings,
  useOrientations,
  useStatusOptions,
  useTypeOptions,
  uuidParam,
} from './shared';

interface Values {
  projectId?: string;
  buildingCode?: string;
  buildingName?: string;
  units?: number;
  floorFrom?: number;
  floorTo?: number;
  skipFloors?: (number | string)[];
  roomsPerFloor?: number;
  suffixDigits?: 2 | 3;
  type?: RoomType;
  grossArea?: number | null;
  netArea?: number | null;
  layout?: string;
  orientation?: string;
  status?: RoomStatus;
}

const fieldCol = { xs: 24, md: 12, xl: 6 };
const BUILDING_CODE = /^[A-Za-z0-9]{1,10}$/;
const MAX_ROOMS = 5000;

const defaults: Values = {
  units: 2,
  floorFrom: 1,
  floorTo: 18,
  skipFloors: [4, 13, 14],
  roomsPerFloor: 2,
  suffixDigits: 2,
  type: 'residence',
  status: 'unsold',
};

function skipList(values: Values['skipFloors']): number[] {
  const out = new Set<number>();
  for (const v of values ?? []) {
    const n = Number(String(v).trim());
    if (Number.isInteger(n)) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** The rule as the server takes it; blank optional fields are left out. */
function toBody(v: Values): GenerationBody {
  const code = (v.buildingCode ?? '').trim();
  const name = v.buildingName?.trim();
  const layout = v.layout?.trim();
  return {
    projectId: v.projectId ?? '',
    buildingCode: code,
    ...(name ? { buildingName: name } : {}),
    units: v.units ?? 1,
    floorFrom: v.floorFrom ?? 1,
    floorTo: v.floorTo ?? 1,
    skipFloors: skipList(v.skipFloors),
    roomsPerFloor: v.roomsPerFloor ?? 1,
    suffixDigits: v.suffixDigits ?? 2,
    type: v.type ?? 'residence',
    ...(v.grossArea !== null && v.grossArea !== undefined ? { grossArea: v.grossArea } : {}),
    ...(v.netArea !== null && v.netArea !== undefined ? { netArea: v.netArea } : {}),
    ...(layout ? { layout } : {}),
    ...(v.orientation ? { orientation: v.orientation } : {}),
    status: v.status ?? 'unsold',
  };
}

/** What the rule would create, counted the way the server does (floor 0 is never a floor). */
function estimate(v: Values): number | null {
  const { units, floorFrom, floorTo, roomsPerFloor } = v;
  if (!units || floorFrom === undefined || floorTo === undefined || !roomsPerFloor || floorFrom > floorTo) return null;
  const skip = new Set(skipList(v.skipFloors));
  let floors = 0;
  for (let f = floorFrom; f <= floorTo; f++) if (f !== 0 && !skip.has(f)) floors++;
  return units * floors * roomsPerFloor;
}

type PreviewCell = GridCell & { exists: boolean; code: string };

function PreviewTile({ cell }: { cell: PreviewCell }) {
  const { t } = useTranslation();
  const style = cell.exists
    ? { background: '#f5f5f5', border: '1px dashed #d9d9d9', color: 'rgba(0,0,0,0.35)' }
    : { background: '#e6f4ff', border: '1px solid #91caff', color: '#1f1f1f' };
  return (
    <div
      title={cell.code}
      style={{
        ...style,
        height: '100%',
        borderRadius: 4,
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'center',
        alignItems: 'center',
        lineHeight: '16px',
      }}
    >
      <span style={{ fontWeight: cell.exists ? 400 : 600, fontSize: 13 }}>{cell.number}</span>
      {cell.exists && <span style={{ fontSize: 11 }}>{t('property:generation.exists')}</span>}
    </div>
  );
}

function Swatch({ background, border }: { background: string; border: string }) {
  return (
    <span
      style={{ display: 'inline-block', width: 12, height: 12, borderRadius: 2, background, border, marginRight: 6 }}
    />
  );
}

export default function RoomGenerationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [searchParams] = useSearchParams();
  const [preview, setPreview] = useState<{ body: GenerationBody; data: GenerationPreview } | null>(null);
  const [result, setResult] = useState<(GenerationResult & { projectId: string; buildingName: string }) | null>(null);
  const [stale, setStale] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const [generating, setGenerating] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const previewRef = useRef<HTMLDivElement>(null);
  const scrollPending = useRef(false);

  const orientations = useOrientations();
  const statusOptions = useStatusOptions();
  const typeOptions = useTypeOptions();

  const values = (Form.useWatch([], form) ?? {}) as Values;
  const projectId = values.projectId;
  const buildings = useBuildings(projectId);
  const code = (values.buildingCode ?? '').trim();
  const existingBuilding = (buildings.data ?? []).find((b) => b.code === code);
  const count = estimate(values);

  // One project in scope (or one in the link): choose it.
  const projects = useQueryData(
    () => unwrap(api.GET('/api/projects', { params: { query: { pageSize: 200, current: 1 } } })),
    [],
  );
  useEffect(() => {
    if (form.getFieldValue('projectId')) return;
    const list = projects.data?.data ?? [];
    const fromLink = uuidParam(searchParams.get('projectId'));
    const pick = list.find((p) => p.id === fromLink)?.id ?? (list.length === 1 ? list[0]?.id : undefined);
    if (pick) form.setFieldsValue({ projectId: pick });
  }, [projects.data, searchParams, form]);

  const buildingOptions = useMemo(
    () =>
      (buildings.data ?? []).map((b) => ({
        value: b.code,
        label: (
          <Space size={8}>
            <span>{b.code}</span>
            <Typography.Text type="secondary">
              {t('property:generation.existingBuildingOption', { name: b.name, count: b.roomCount })}
            </Typography.Text>
          </Space>
        ),
      })),
    [buildings.data, t],
  );

  const runPreview = async (body: GenerationBody) => {
    setPreviewing(true);
    try {
      const data = await unwrap(api.POST('/api/room-generation/preview', { body }));
      setPreview({ body, data });
      setStale(false);
      scrollPending.current = true;
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setPreviewing(false);
    }
  };

  const validated = async (): Promise<GenerationBody | null> => {
    try {
      return toBody(await form.validateFields());
    } catch {
      return null;
    }
  };

  const onPreview = async () => {
    const body = await validated();
    if (!body) return;
    setResult(null);
    await runPreview(body);
  };

  const onGenerate = async () => {
    setConfirmOpen(false);
    const body = await validated();
    if (!body) return;
    setGenerating(true);
    try {
      const done = await unwrap(api.POST('/api/room-generation', { body }));
      const name = existingBuilding?.name ?? body.buildingName ?? `${body.buildingCode}栋`;
      setResult({ ...done, projectId: body.projectId, buildingName: name });
      if (done.created > 0) message.success(t('property:generation.done', { created: done.created }));
      void buildings.reload();
      await runPreview(body);
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setGenerating(false);
    }
  };

  // Bring the preview (or the result above it) into view once it has been drawn.
  useEffect(() => {
    if (!preview || !scrollPending.current) return;
    scrollPending.current = false;
    previewRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [preview]);

  const current = preview && !stale ? preview.data : null;
  const confirmText = current
    ? t('property:generation.confirmKnown', { toCreate: current.toCreate, existing: current.existing })
    : t('property:generation.confirmUnknown');

  const previewCells = useMemo<PreviewCell[]>(
    () =>
      (preview?.data.units ?? []).flatMap((u) =>
        u.floors.flatMap((f) =>
          f.rooms.map((r) => ({
            key: r.code,
            unitKey: u.code,
            floor: f.floor,
            number: r.number,
            code: r.code,
            exists: r.exists,
          })),
        ),
      ),
    [preview],
  );
  const previewUnits = useMemo(
    () => (preview?.data.units ?? []).map((u) => ({ key: u.code, name: t('property:unitName', { code: u.code }) })),
    [preview, t],
  );

  const previewBuildingName = preview
    ? ((buildings.data ?? []).find((b) => b.code === preview.body.buildingCode)?.name ??
      preview.body.buildingName ??
      `${preview.body.buildingCode}栋`)
    : '';

  return (
    <PageContainer title={t('property:generation.title')} content={t('property:generation.subtitle')}>
      <ProCard title={t('property:generation.ruleTitle')} headerBordered style={{ marginBottom: 16 }}>
        <ProForm<Values>
          form={form}
          layout="vertical"
          grid
          rowProps={{ gutter: 16 }}
          colProps={fieldCol}
          initialValues={defaults}
          submitter={false}
          onValuesChange={() => {
            if (preview) setStale(true);
          }}
        >
          <Col {...fieldCol}>
            <ProForm.Item
              name="projectId"
              label={t('property:field.project')}
              rules={[{ required: true, message: t('property:generation.projectRequired') }]}
            >
              <ProjectSelect allowClear={false} data-testid="gen-project" />
            </ProForm.Item>
          </Col>
          <Col {...fieldCol}>
            <ProForm.Item
              name="buildingCode"
              label={t('property:generation.buildingCode')}
              tooltip={t('property:generation.buildingCodeTip')}
              rules={[
                { required: true, whitespace: true, message: t('property:generation.buildingCodeRequired') },
                { pattern: BUILDING_CODE, message: t('property:generation.buildingCodeFormat') },
              ]}
              extra={
                existingBuilding ? (
                  <Typography.Text type="warning" style={{ fontSize: 12 }}>
                    {t('property:generation.buildingExistsHint', {
                      name: existingBuilding.name,
                      count: existingBuilding.roomCount,
                    })}
                  </Typography.Text>
                ) : undefined
              }
            >
              <AutoComplete
                options={buildingOptions}
                placeholder={t('property:generation.buildingCodePlaceholder')}
                maxLength={10}
                filterOption={(input, option) =>
                  String(option?.value ?? '')
                    .toLowerCase()
                    .startsWith(input.trim().toLowerCase())
                }
                data-testid="gen-building-code"
              />
            </ProForm.Item>
          </Col>
          <ProFormText
            name="buildingName"
            label={t('property:generation.buildingName')}
            disabled={!!existingBuilding}
            placeholder={
              existingBuilding
                ? existingBuilding.name
                : t('property:generation.buildingNamePlaceholder', { name: `${code || 'N'}栋` })
            }
            fieldProps={{ maxLength: 40 }}
          />
          <ProFormDigit
            name="units"
            label={t('property:generation.units')}
            min={1}
            max={20}
            fieldProps={{ precision: 0, style: { width: '100%' } }}
            rules={[{ required: true, message: t('property:generation.unitsRequired') }]}
          />
          <ProFormDigit
            name="floorFrom"
            label={t('property:generation.floorFrom')}
            min={-5}
            max={120}
            fieldProps={{ precision: 0, style: { width: '100%' } }}
            tooltip={t('property:generation.floorTip')}
            rules={[{ required: true, message: t('property:generation.floorRequired') }]}
          />
          <ProFormDigit
            name="floorTo"
            label={t('property:generation.floorTo')}
            min={-5}
            max={120}
            dependencies={['floorFrom']}
            fieldProps={{ precision: 0, style: { width: '100%' } }}
            rules={[
              { required: true, message: t('property:generation.floorRequired') },
              ({ getFieldValue }: FormInstance) => ({
                validator: async (_: unknown, value: number | undefined) => {
                  const from = getFieldValue('floorFrom') as number | undefined;
                  if (value !== undefined && value !== null && from !== undefined && from !== null && from > value) {
                    throw new Error(t('property:generation.floorRange'));
                  }
                },
              }),
            ]}
          />
          <ProFormSelect
            name="skipFloors"
            label={t('property:generation.skipFloors')}
            tooltip={t('property:generation.skipFloorsTip')}
            placeholder={t('property:generation.skipFloorsPlaceholder')}
            extra={t('property:generation.skipFloorsHint')}
            fieldProps={{
              mode: 'tags',
              tokenSeparators: [',', '，', '、', ' '],
              open: false,
              suffixIcon: null,
            }}
            rules={[
              {
                validator: async (_: unknown, value: Values['skipFloors']) => {
                  const bad = (value ?? []).filter((v) => {
                    const n = Number(String(v).trim());
                    return !Number.isInteger(n) || n < -5 || n > 120;
                  });
                  if (bad.length > 0) throw new Error(t('property:generation.skipFloorsFormat'));
                },
              },
            ]}
          />
          <ProFormDigit
            name="roomsPerFloor"
            label={t('property:generation.roomsPerFloor')}
            min={1}
            max={50}
            fieldProps={{ precision: 0, style: { width: '100%' } }}
            rules={[{ required: true, message: t('property:generation.roomsPerFloorRequired') }]}
          />
          <ProFormRadio.Group
            name="suffixDigits"
            label={t('property:generation.suffixDigits')}
            radioType="button"
            options={[
              { value: 2, label: t('property:generation.suffix2') },
              { value: 3, label: t('property:generation.suffix3') },
            ]}
          />
          <ProFormSelect name="type" label={t('property:field.type')} allowClear={false} options={typeOptions} />
          <ProFormSelect
            name="status"
            label={t('property:generation.status')}
            allowClear={false}
            options={statusOptions}
          />
          <ProFormSelect
            name="orientation"
            label={t('property:field.orientation')}
            placeholder={t('property:generation.optional')}
            options={orientations.options}
            fieldProps={{ loading: orientations.loading }}
          />
          <AreaFields placeholder={t('property:generation.optional')} />
          <ProFormText
            name="layout"
            label={t('property:field.layout')}
            placeholder={t('property:form.layoutPlaceholder')}
            fieldProps={{ maxLength: 40 }}
          />
        </ProForm>
        <Divider style={{ margin: '4px 0 16px' }} />
        <Row align="middle" gutter={16}>
          <Col flex="auto">
            <Typography.Text type={count !== null && count > MAX_ROOMS ? 'danger' : 'secondary'}>
              {count === null
                ? t('property:generation.estimateNone')
                : count > MAX_ROOMS
                  ? t('property:generation.estimateTooLarge', { count, max: MAX_ROOMS })
                  : t('property:generation.estimate', { count })}
            </Typography.Text>
          </Col>
          <Col>
            <Space>
              <Button icon={<EyeOutlined />} loading={previewing} onClick={() => void onPreview()}>
                {t('property:generation.preview')}
              </Button>
              <Popconfirm
                open={confirmOpen}
                onOpenChange={(next) => {
                  if (!next) setConfirmOpen(false);
                }}
                title={t('property:generation.confirmTitle')}
                description={<div style={{ maxWidth: 320 }}>{confirmText}</div>}
                okText={t('property:generation.generate')}
                cancelText={t('common:cancel')}
                onConfirm={() => void onGenerate()}
              >
                <Button
                  type="primary"
                  icon={<ThunderboltOutlined />}
                  loading={generating}
                  onClick={async () => {
                    if (await validated()) setConfirmOpen(true);
                  }}
                >
                  {t('property:generation.generate')}
                </Button>
              </Popconfirm>
            </Space>
          </Col>
        </Row>
      </ProCard>

      <div ref={previewRef} style={{ scrollMarginTop: 72 }}>
        <ProCard
          title={t('property:generation.previewTitle')}
          headerBordered
          extra={
            preview ? (
              <Space size={16}>
                <span>
                  <Swatch background="#e6f4ff" border="1px solid #91caff" />
                  {t('property:generation.legendNew')}
                </span>
                <span>
                  <Swatch background="#f5f5f5" border="1px dashed #d9d9d9" />
                  {t('property:generation.exists')}
                </span>
              </Space>
            ) : null
          }
        >
          {result && (
            <Alert
              style={{ marginBottom: 16 }}
              type={result.created > 0 ? 'success' : 'info'}
              showIcon
              data-testid="generation-result"
              message={t('property:generation.resultTitle', { created: result.created, skipped: result.skipped })}
              description={
                result.created > 0
                  ? t('property:generation.resultCreated', { name: result.buildingName })
                  : t('property:generation.resultNothing')
              }
              action={
                <Link to={`/property/grid?projectId=${result.projectId}&buildingId=${result.buildingId}`}>
                  <Button type="primary" icon={<AppstoreOutlined />}>
                    {t('property:generation.openGrid')}
                  </Button>
                </Link>
              }
            />
          )}
          {!preview ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('property:generation.previewEmpty')} />
          ) : (
            <>
              {stale && (
                <Alert
                  style={{ marginBottom: 16 }}
                  type="warning"
                  showIcon
                  message={t('property:generation.stale')}
                  action={
                    <Button size="small" loading={previewing} onClick={() => void onPreview()}>
                      {t('property:generation.previewAgain')}
                    </Button>
                  }
                />
              )}
              <Row gutter={24} align="middle" style={{ marginBottom: 16 }} data-testid="generation-summary">
                <Col>
                  <Statistic title={t('property:generation.total')} value={preview.data.total} />
                </Col>
                <Col>
                  <Statistic
                    title={t('property:generation.existing')}
                    value={preview.data.existing}
                    valueStyle={{ color: 'rgba(0,0,0,0.45)' }}
                  />
                </Col>
                <Col>
                  <Statistic
                    title={t('property:generation.toCreate')}
                    value={preview.data.toCreate}
                    valueStyle={{ color: statusColors.sold.solid }}
                  />
                </Col>
                <Col flex="auto">
                  <Space direction="vertical" size={4}>
                    <Typography.Text>
                      {t('property:generation.summary', {
                        total: preview.data.total,
                        existing: preview.data.existing,
                        toCreate: preview.data.toCreate,
                      })}
                    </Typography.Text>
                    <span>
                      {preview.data.buildingExists ? (
                        <Tag color="gold">{t('property:generation.buildingExists', { name: previewBuildingName })}</Tag>
                      ) : (
                        <Tag color="blue">{t('property:generation.buildingNew', { name: previewBuildingName })}</Tag>
                      )}
                    </span>
                  </Space>
                </Col>
              </Row>
              <FloorGrid<PreviewCell>
                testId="generation-grid"
                units={previewUnits}
                cells={previewCells}
                cellWidth={78}
                cellHeight={38}
                maxHeight={520}
                renderCell={(cell) => <PreviewTile cell={cell} />}
              />
            </>
          )}
        </ProCard>
      </div>
    </PageContainer>
  );
}
