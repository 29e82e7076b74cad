import {
  EditOutlined,
  FormOutlined,
  LoginOutlined,
  LogoutOutlined,
  StopOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import { PageContainer, ProCard, ProDescriptions } from '@ant-design/pro-components';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Empty,
  Popconfirm,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { access } from '../../app/access';
import { useSession } from '../../app/session';
import { errorText, showProblem } from '../../components/problem';
import { useQueryData } from '../../components/useQueryData';
import type { Room } from '../property/shared';
import { CustomerForm } from './CustomerForm';
import { MoveInModal, MoveOutModal } from './OccupancyForms';
import { ProfileTabs } from './ProfileTabs';
import { NameChange, RenameRequestModal } from './RenameModals';
import { Revealable, RevealModal, type RevealRequest } from './RevealModal';
import {
  type Customer,
  CustomerStatus,
  type Occupancy,
  RoleTag,
  useCompanies,
  useDictionary,
  uuidPattern,
} from './shared';

type RevealField = 'idNumber' | 'mobile';

const none = <Typography.Text type="secondary">-</Typography.Text>;
const numeric = { fontVariantNumeric: 'tabular-nums' } as const;

interface RoomPlace {
  projectId: string;
  buildingId: string;
  /** 收费对象 of the room now (undefined when the room detail does not say). */
  billingTarget: Room['billingTarget'];
}

/**
 * Where a room lives on 房态图 (its project and building, so the link opens the right board) and
 * who is billed for it.
 */
function useRoomPlaces(roomIds: string[], enabled: boolean, version: number) {
  const key = [...new Set(roomIds)].sort().join(',');
  const { data } = useQueryData(async () => {
    if (!enabled || !key) return new Map<string, RoomPlace>();
    const rooms = await Promise.all(
      key.split(',').map((id) => unwrap(api.GET('/api/rooms/{id}', { params: { path: { id } } })).catch(() => null)),
    );
    return new Map(
      rooms
        .filter((r) => r !== null)
        .map((r) => [r.id, { projectId: r.projectId, buildingId: r.buildingId, billingTarget: r.billingTarget }]),
    );
  }, [key, enabled, version]);
  return data ?? new Map<string, RoomPlace>();
}

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, me } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const canManage = can(access.manageCustomers);
  const canReveal = can(access.revealCustomers);
  const canAnonymise = can(access.anonymiseCustomers);
  const validId = uuidPattern.test(id);

  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState(false);
  const [editKey, setEditKey] = useState(0);
  const [revealing, setRevealing] = useState<RevealRequest | null>(null);
  const [revealed, setRevealed] = useState<Partial<Record<RevealField, string | null>>>({});
  const [profileKey, setProfileKey] = useState(0);
  const [movingIn, setMovingIn] = useState(false);
  const [movingOut, setMovingOut] = useState<Occupancy | null>(null);
  const [anonymiseChecked, setAnonymiseChecked] = useState(false);
  const [renaming, setRenaming] = useState(false);

  const customer = useQueryData(
    async () => (validId ? unwrap(api.GET('/api/customers/{id}', { params: { path: { id } } })) : null),
    [id, version],
  );
  const occupancies = useQueryData(
    async () => (validId ? unwrap(api.GET('/api/customers/{id}/occupancies', { params: { path: { id } } })) : []),
    [id, version],
  );
  const companies = useCompanies();
  const idTypes = useDictionary('id_type');
  const sources = useDictionary('customer_source');
  const tagNames = useDictionary('customer_tag');
  const all = occupancies.data ?? [];
  const places = useRoomPlaces(
    all.map((o) => o.roomId),
    can(access.property),
    version,
  );
  const renames = useQueryData(
    async () =>
      validId
        ? unwrap(api.GET('/api/rename-requests', { params: { query: { customerId: id, pageSize: 50, current: 1 } } }))
        : null,
    [id, version],
  );
  const renameRows = renames.data?.data.filter((r) => r.customerId === id) ?? [];
  const pendingRename = renameRows.find((r) => r.status === 'pending');
  const formerNames = renameRows.filter((r) => r.status === 'approved').map((r) => r.oldName);

  const reload = () => setVersion((v) => v + 1);
  const c: Customer | null = customer.data && customer.data.id === id ? customer.data : null;

  const goBack = () => {
    if (location.key !== 'default') navigate(-1);
    else navigate('/customers');
  };

  if (!validId || (customer.error && !c)) {
    return (
      <PageContainer title={t('customers:detail.title')} onBack={goBack}>
        <ProCard>
          <Result
            status="404"
            title={t('customers:detail.notFound')}
            subTitle={
              customer.error && !(customer.error instanceof ApiError && customer.error.code === 'CUSTOMER_NOT_FOUND')
                ? errorText(customer.error)
                : undefined
            }
            extra={
              <Link to="/customers">
                <Button type="primary">{t('customers:detail.backToList')}</Button>
              </Link>
            }
          />
        </ProCard>
      </PageContainer>
    );
  }

  if (!c) {
    return (
      <PageContainer title={t('customers:detail.title')} onBack={goBack}>
        <ProCard>
          <Skeleton active paragraph={{ rows: 10 }} />
        </ProCard>
      </PageContainer>
    );
  }

  const person = c.kind === 'person';
  const writable = canManage && !c.anonymised;

  const act = async (call: () => Promise<Customer>, done: string) => {
    try {
      await call();
      message.success(done);
      setRevealed({});
      setProfileKey((k) => k + 1);
      reload();
    } catch (e) {
      showProblem(message, e);
    }
  };

  const actions: ReactNode[] = [];
  if (writable) {
    actions.push(
      <Button
        key="edit"
        type="primary"
        icon={<EditOutlined />}
        onClick={() => {
          setEditKey((k) => k + 1);
          setEditing(true);
        }}
      >
        {t('customers:action.edit')}
      </Button>,
      <Tooltip key="rename" title={pendingRename ? t('customers:rename.pendingTooltip') : undefined}>
        <Button
          icon={<FormOutlined />}
          disabled={!!pendingRename}
          onClick={() => setRenaming(true)}
          data-testid="rename-request"
        >
          {t('customers:rename.button')}
        </Button>
      </Tooltip>,
      c.active ? (
        <Popconfirm
          key="disable"
          title={t('customers:action.disableConfirm', { name: c.name })}
          description={t('customers:action.disableHint')}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            act(
              () => unwrap(api.POST('/api/customers/{id}/disable', { params: { path: { id } } })),
              t('customers:message.disabled'),
            )
          }
        >
          <Button icon={<StopOutlined />}>{t('customers:action.disable')}</Button>
        </Popconfirm>
      ) : (
        <Popconfirm
          key="enable"
          title={t('customers:action.enableConfirm', { name: c.name })}
          onConfirm={() =>
            act(
              () => unwrap(api.POST('/api/customers/{id}/enable', { params: { path: { id } } })),
              t('customers:message.enabled'),
            )
          }
        >
          <Button>{t('customers:action.enable')}</Button>
        </Popconfirm>
      ),
      ...(canAnonymise
        ? [
            <Popconfirm
              key="anonymise"
              icon={<UserDeleteOutlined style={{ color: '#ff4d4f' }} />}
              title={t('customers:action.anonymiseConfirm', { name: c.name })}
              description={
                <div style={{ maxWidth: 380 }}>
                  <Typography.Paragraph style={{ marginBottom: 8 }}>
                    {t('customers:action.anonymiseHint')}
                  </Typography.Paragraph>
                  <Typography.Paragraph strong type="danger" style={{ marginBottom: 8 }}>
                    {t('customers:action.anonymiseIrreversible')}
                  </Typography.Paragraph>
                  <Checkbox
                    checked={anonymiseChecked}
                    onChange={(e) => setAnonymiseChecked(e.target.checked)}
                    data-testid="anonymise-check"
                  >
                    {t('customers:action.anonymiseCheck')}
                  </Checkbox>
                </div>
              }
              okText={t('customers:action.anonymiseOk')}
              okButtonProps={{ danger: true, disabled: !anonymiseChecked }}
              onOpenChange={(open) => {
                if (!open) setAnonymiseChecked(false);
              }}
              onConfirm={() =>
                act(
                  () => unwrap(api.POST('/api/customers/{id}/anonymise', { params: { path: { id } } })),
                  t('customers:message.anonymised'),
                )
              }
            >
              <Button danger icon={<UserDeleteOutlined />}>
                {t('customers:action.anonymise')}
              </Button>
            </Popconfirm>,
          ]
        : []),
    );
  }

  const roleOrder = { owner: 0, tenant: 1, resident: 2 } as const;
  const current = all
    .filter((o) => o.current)
    .sort((a, b) => a.roomCode.localeCompare(b.roomCode) || roleOrder[a.role] - roleOrder[b.role]);
  const history = all.filter((o) => !o.current).sort((a, b) => (b.toDate ?? '').localeCompare(a.toDate ?? ''));

  const roomLink = (o: Occupancy) => {
    const place = places.get(o.roomId);
    const text = <Typography.Text strong>{o.roomCode}</Typography.Text>;
    if (!place) return text;
    return (
      <Tooltip title={t('customers:rooms.openGrid')}>
        <Link
          to={`/property/grid?projectId=${place.projectId}&buildingId=${place.buildingId}&roomId=${o.roomId}`}
          data-testid="room-link"
        >
          {o.roomCode}
        </Link>
      </Tooltip>
    );
  };

  /** This relation is the one that makes the customer the room's billing target (收费对象). */
  const billedHere = (o: Occupancy) => {
    const target = places.get(o.roomId)?.billingTarget;
    return !!target && target.customerId === c.id && target.role === o.role;
  };
  /** 查看完整 of the customer's own ID number or primary mobile. */
  const revealOwn = (field: RevealField) =>
    setRevealing({
      fieldName: t(`customers:reveal.field.${field}`),
      subject: c.name,
      reveal: async (reason) =>
        (
          await unwrap(
            api.POST('/api/customers/{id}/reveal', { params: { path: { id: c.id } }, body: { field, reason } }),
          )
        ).value,
      onRevealed: (value) => setRevealed((prev) => ({ ...prev, [field]: value })),
    });

  const primary = c.phones.find((p) => p.isPrimary) ?? c.phones[0];
  const others = c.phones.filter((p) => p !== primary);
  const age = c.birthday ? dayjs().diff(c.birthday, 'year') : null;

  return (
    <PageContainer
      title={<span data-testid="customer-name">{c.name}</span>}
      subTitle={
        // An anonymised customer is named after its code already.
        c.name.includes(c.code) ? undefined : (
          <Typography.Text type="secondary" copyable={{ text: c.code }} style={numeric}>
            {c.code}
          </Typography.Text>
        )
      }
      tags={
        <Space size={6} wrap>
          <Tag bordered={false} color={person ? 'processing' : 'purple'}>
            {t(`customers:kind.${c.kind}`)}
          </Tag>
          <CustomerStatus customer={c} />
          {c.tags.map((tag) => (
            <Tag key={tag} color={tag === 'vip' ? 'gold' : undefined}>
              {tagNames.label(tag)}
            </Tag>
          ))}
        </Space>
      }
      extra={actions}
      onBack={goBack}
      content={
        c.anonymised ? (
          <Alert type="info" showIcon message={t('customers:detail.anonymisedNotice')} />
        ) : !c.active || pendingRename ? (
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {!c.active && <Alert type="warning" showIcon message={t('customers:detail.inactiveNotice')} />}
            {pendingRename && (
              <Alert
                type="info"
                showIcon
                data-testid="rename-pending"
                message={
                  <Space size={8} wrap>
                    {t('customers:rename.pendingBanner')}
                    <NameChange from={pendingRename.oldName} to={pendingRename.newName} />
                  </Space>
                }
                description={t('customers:rename.pendingBy', {
                  name: pendingRename.requestedByName,
                  time: dayjs(pendingRename.createdAt).format('YYYY-MM-DD HH:mm'),
                  reason: pendingRename.reason,
                })}
                action={
                  <Space direction="vertical" size={4}>
                    {can(access.approveCustomers) && pendingRename.requestedBy !== me?.id && (
                      <Link to="/customer/rename-requests">
                        <Button size="small" type="primary">
                          {t('customers:rename.goApprove')}
                        </Button>
                      </Link>
                    )}
                    {pendingRename.requestedBy === me?.id && canManage && (
                      <Popconfirm
                        title={t('customers:rename.withdrawConfirm', { name: pendingRename.newName })}
                        onConfirm={async () => {
                          try {
                            await unwrap(
                              api.POST('/api/rename-requests/{id}/withdraw', {
                                params: { path: { id: pendingRename.id } },
                              }),
                            );
                            message.success(t('customers:rename.withdrawn'));
                            reload();
                          } catch (e) {
                            showProblem(message, e);
                          }
                        }}
                      >
                        <Button size="small">{t('customers:rename.withdraw')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                }
              />
            )}
          </Space>
        ) : undefined
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <ProCard title={t('customers:detail.identity')} headerBordered data-testid="identity-card">
            <ProDescriptions column={1} bordered size="small" labelStyle={{ width: 112, whiteSpace: 'nowrap' }}>
              <ProDescriptions.Item label={t('customers:field.code')}>
                <span style={numeric}>{c.code}</span>
              </ProDescriptions.Item>
              {formerNames.length > 0 && !c.anonymised && (
                <ProDescriptions.Item label={t('customers:rename.formerNames')}>
                  <span data-testid="former-names">{formerNames.join('、')}</span>
                </ProDescriptions.Item>
              )}
              {companies.options.length > 1 && (
                <ProDescriptions.Item label={t('customers:field.company')}>
                  {c.companyName || none}
                </ProDescriptions.Item>
              )}
              <ProDescriptions.Item label={t('customers:field.idType')}>
                {c.idType ? idTypes.label(c.idType) : none}
              </ProDescriptions.Item>
              <ProDescriptions.Item label={t('customers:field.idNumber')}>
                <Revealable
                  masked={c.idNumber}
                  revealed={revealed.idNumber}
                  canReveal={canReveal && !c.anonymised}
                  onReveal={() => revealOwn('idNumber')}
                  onHide={() => setRevealed(({ idNumber: _, ...rest }) => rest)}
                  testId="id-number"
                />
              </ProDescriptions.Item>
              <ProDescriptions.Item label={t('customers:field.mobile')}>
                <Space direction="vertical" size={4}>
                  <Revealable
                    masked={primary?.number ?? null}
                    revealed={revealed.mobile}
                    canReveal={canReveal && !c.anonymised}
                    onReveal={() => revealOwn('mobile')}
                    onHide={() => setRevealed(({ mobile: _, ...rest }) => rest)}
                    testId="mobile"
                  />
                  {others.map((p) => (
                    <Typography.Text key={p.id} type="secondary" style={numeric}>
                      {p.number}
                      {p.label ? `（${p.label}）` : ''}
                    </Typography.Text>
                  ))}
                </Space>
              </ProDescriptions.Item>
              {person && (
                <ProDescriptions.Item label={t('customers:field.gender')}>
                  {c.gender ? t(`customers:gender.${c.gender}`) : none}
                </ProDescriptions.Item>
              )}
              {person && (
                <ProDescriptions.Item label={t('customers:field.birthday')}>
                  {c.birthday ? (
                    <span style={numeric}>
                      {c.birthday}
                      {age !== null && (
                        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                          {t('customers:detail.age', { count: age })}
                        </Typography.Text>
                      )}
                    </span>
                  ) : (
                    none
                  )}
                </ProDescriptions.Item>
              )}
              <ProDescriptions.Item label={t('customers:field.source')}>
                {c.source ? sources.label(c.source) : none}
              </ProDescriptions.Item>
              <ProDescriptions.Item label={t('customers:field.notes')}>
                {c.notes ? (
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                    {c.notes}
                  </Typography.Paragraph>
                ) : (
                  none
                )}
              </ProDescriptions.Item>
              <ProDescriptions.Item label={t('customers:field.createdAt')}>
                <span style={numeric}>{dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}</span>
              </ProDescriptions.Item>
              <ProDescriptions.Item label={t('customers:field.updatedAt')}>
                <span style={numeric}>{dayjs(c.updatedAt).format('YYYY-MM-DD HH:mm')}</span>
              </ProDescriptions.Item>
            </ProDescriptions>
            {!canReveal && !c.anonymised && (c.idNumber || primary) && (
              <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
                {t('customers:reveal.noPermission')}
              </Typography.Paragraph>
            )}
          </ProCard>
        </Col>
        <Col xs={24} xl={14}>
          <ProCard
            title={
              <Space size={8}>
                {t('customers:rooms.title')}
                <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                  {t('customers:rooms.count', { current: current.length, history: history.length })}
                </Typography.Text>
              </Space>
            }
            headerBordered
            extra={
              writable ? (
                <Button icon={<LoginOutlined />} onClick={() => setMovingIn(true)} data-testid="move-in">
                  {t('customers:rooms.moveIn')}
                </Button>
              ) : null
            }
            data-testid="rooms-card"
          >
            {occupancies.loading && !occupancies.data ? (
              <Skeleton active paragraph={{ rows: 3 }} />
            ) : occupancies.error ? (
              <Alert type="error" showIcon message={errorText(occupancies.error)} />
            ) : all.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers:rooms.none')} />
            ) : (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('customers:rooms.current')}
                </Typography.Text>
                {current.length === 0 ? (
                  <div style={{ padding: '12px 0 4px' }}>
                    <Typography.Text type="secondary">{t('customers:rooms.noCurrent')}</Typography.Text>
                  </div>
                ) : (
                  <div style={{ marginTop: 8 }}>
                    {current.map((o) => (
                      <div key={o.id} className="occupancy-row" data-testid="occupancy-current" style={rowStyle}>
                        <Space size={10} style={{ minWidth: 0 }} wrap>
                          <RoleTag role={o.role} />
                          <Typography.Text>{o.projectName}</Typography.Text>
                          {roomLink(o)}
                          {billedHere(o) && (
                            <Tooltip title={t('customers:rooms.billingTargetHint')}>
                              <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="billing-target-tag">
                                {t('customers:rooms.billingTarget')}
                              </Tag>
                            </Tooltip>
                          )}
                        </Space>
                        <Space size={16}>
                          <Typography.Text type="secondary" style={numeric}>
                            {t('customers:rooms.since', { date: o.fromDate })}
                          </Typography.Text>
                          {writable && (
                            <Typography.Link onClick={() => setMovingOut(o)} data-testid="move-out">
                              <LogoutOutlined /> {t('customers:rooms.moveOut')}
                            </Typography.Link>
                          )}
                        </Space>
                      </div>
                    ))}
                  </div>
                )}
                {history.length > 0 && (
                  <>
                    <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block', marginTop: 20 }}>
                      {t('customers:rooms.history')}
                    </Typography.Text>
                    <div style={{ marginTop: 8 }}>
                      {history.map((o) => (
                        <div key={o.id} data-testid="occupancy-history" style={{ ...rowStyle, opacity: 0.6 }}>
                          <Space size={10} style={{ minWidth: 0 }}>
                            <Tag bordered={false} style={{ marginInlineEnd: 0 }}>
                              {t(`customers:role.${o.role}`)}
                            </Tag>
                            <Typography.Text type="secondary">{o.projectName}</Typography.Text>
                            {roomLink(o)}
                          </Space>
                          <Typography.Text type="secondary" style={numeric}>
                            {t('customers:rooms.period', { from: o.fromDate, to: o.toDate })}
                          </Typography.Text>
                        </div>
                      ))}
                    </div>
                  </>
                )}
              </>
            )}
          </ProCard>
        </Col>
      </Row>
      {writable && (
        <CustomerForm
          key={editKey}
          open={editing}
          customer={c}
          onOpenChange={setEditing}
          onSaved={() => {
            setEditing(false);
            setRevealed({});
            reload();
          }}
        />
      )}
      <ProfileTabs
        key={`${c.id}-${profileKey}`}
        customer={c}
        rooms={all}
        writable={writable}
        canReveal={canReveal}
        openReveal={setRevealing}
      />
      {canReveal && (
        <RevealModal
          request={
            revealing && {
              ...revealing,
              onRevealed: (value) => {
                setRevealing(null);
                revealing.onRevealed(value);
              },
            }
          }
          onClose={() => setRevealing(null)}
        />
      )}
      {writable && (
        <RenameRequestModal
          customer={c}
          open={renaming}
          onClose={() => setRenaming(false)}
          onDone={() => {
            setRenaming(false);
            reload();
          }}
        />
      )}
      {writable && (
        <>
          <MoveInModal
            customerId={c.id}
            companyId={c.companyId}
            customerName={c.name}
            open={movingIn}
            onOpenChange={setMovingIn}
            onDone={() => {
              setMovingIn(false);
              reload();
            }}
          />
          <MoveOutModal
            occupancy={movingOut}
            onClose={() => setMovingOut(null)}
            onDone={() => {
              setMovingOut(null);
              reload();
            }}
          />
        </>
      )}
    </PageContainer>
  );
}

const rowStyle = {
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'space-between',
  gap: 16,
  padding: '10px 12px',
  borderRadius: 6,
  background: '#fafafa',
  marginBottom: 8,
} as const;
