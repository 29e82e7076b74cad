import { PhoneOutlined, PlusOutlined, SendOutlined, SwapOutlined, UserOutlined } from '@ant-design/icons';
import { PageContainer } from '@ant-design/pro-components';
import { App, Button, Card, Col, Form, Input, Row, Segmented, Select, Space, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { RefSelectProps } from 'antd/es/select';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { RoomWarranties } from '../contractors/RoomWarranties';
import { SubmissionKey } from './ids';
import { RoomSelect } from './RoomSelect';
import { CallerSearch, type CallerSearchHandle } from './reception/CallerSearch';
import type { CallerCustomer, CallerRow } from './reception/caller';
import { RecentTickets } from './reception/RecentTickets';
import { ReceptionDone } from './reception/ReceptionDone';
import { newTicketItem, TicketItem, type TicketItemValues } from './reception/TicketItem';
import { type Channel, channels } from './shared';
import type { ReceptionBody, ReceptionCreated } from './types';

type Caller =
  | { kind: 'none' }
  | { kind: 'customer'; customer: CallerCustomer; roomId: string | null }
  | { kind: 'unknown' };

interface FormValues {
  channel: Channel;
  callerName?: string;
  callerPhone?: string;
  projectId?: string;
  roomId?: string;
  content?: string;
  tickets: TicketItemValues[];
}

const initialValues = (): FormValues => ({ channel: 'phone', tickets: [newTicketItem()] });

/** 接待登记: built for an agent on the phone — keyboard first, everything on one screen. */
export default function ReceptionPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const search = useRef<CallerSearchHandle>(null);
  const catalogue = useRef<RefSelectProps>(null);
  const content = useRef<TextAreaRef>(null);
  const submission = useRef(new SubmissionKey());
  const [caller, setCaller] = useState<Caller>({ kind: 'none' });
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<ReceptionCreated | null>(null);
  const [version, setVersion] = useState(0);
  // Raised from the screen pop: /service-desk/reception?callId=…&customerId=…&roomId=… links the
  // call, picks the customer and room; the caller's number comes from the call on the server.
  const [searchParams, setSearchParams] = useSearchParams();
  const [fromCall, setFromCall] = useState<{ id: string; number: string } | null>(null);

  const projectId = Form.useWatch('projectId', form);
  const roomId = Form.useWatch('roomId', form);

  const customer = caller.kind === 'customer' ? caller.customer : null;
  const customerRoom = customer?.rooms.find((r) => r.roomId === (caller.kind === 'customer' ? caller.roomId : null));

  const pickRow = (row: CallerRow) => {
    setCaller({ kind: 'customer', customer: row.customer, roomId: row.room?.roomId ?? null });
    form.setFieldsValue({
      projectId: row.room?.projectId ?? form.getFieldValue('projectId'),
      roomId: row.room?.roomId,
      callerName: undefined,
      callerPhone: undefined,
    });
    // Next: the first ticket's item.
    setTimeout(() => catalogue.current?.focus(), 0);
  };

  const prefillKey = ['callId', 'customerId', 'roomId'].map((k) => searchParams.get(k) ?? '').join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per prefill in the address
  useEffect(() => {
    const callId = searchParams.get('callId');
    const customerId = searchParams.get('customerId');
    const wantedRoom = searchParams.get('roomId');
    if (!callId && !customerId) return;
    let cancelled = false;
    void (async () => {
      try {
        if (callId) {
          const call = await unwrap(api.GET('/api/calls/{id}', { params: { path: { id: callId } } }));
          if (cancelled) return;
          setFromCall({ id: call.id, number: call.direction === 'outbound' ? call.calledNumber : call.callerNumber });
        }
        if (customerId) {
          const found = await unwrap(api.GET('/api/customers/{id}', { params: { path: { id: customerId } } }));
          if (cancelled) return;
          // The room the pop had selected, in the customer's main role there (owner before resident).
          const rank = { owner: 0, tenant: 1, resident: 2 } as const;
          const rooms = [...found.rooms].sort((a, b) => rank[a.role] - rank[b.role]);
          const room = rooms.find((r) => r.roomId === wantedRoom) ?? rooms[0] ?? null;
          pickRow({ key: found.id, customer: found, room, byRoom: false });
        } else if (!cancelled) {
          setCaller({ kind: 'unknown' });
        }
      } catch (e) {
        if (!cancelled) showProblem(message, e);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [prefillKey]);

  const reset = useCallback(() => {
    form.resetFields();
    setCaller({ kind: 'none' });
    setCreated(null);
    setFromCall(null);
    if (searchParams.size > 0) setSearchParams({}, { replace: true });
    submission.current.reset();
    setTimeout(() => search.current?.focus(), 0);
  }, [form, searchParams, setSearchParams]);

  /** Another caller (a wrong pick): the tickets and content typed so far stay. */
  const changeCaller = () => {
    setCaller({ kind: 'none' });
    form.setFieldsValue({ projectId: undefined, roomId: undefined, callerName: undefined, callerPhone: undefined });
    setTimeout(() => search.current?.focus(), 0);
  };

  const submit = useCallback(async () => {
    if (submitting || created) return;
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const body: ReceptionBody = {
      projectId: values.projectId as string,
      channel: values.channel,
      content: (values.content ?? '').trim(),
      ...(customer ? { customerId: customer.id } : {}),
      ...(values.roomId ? { roomId: values.roomId } : {}),
      ...(caller.kind === 'unknown' && values.callerName?.trim() ? { callerName: values.callerName.trim() } : {}),
      ...(caller.kind === 'unknown' && values.callerPhone?.trim() ? { callerPhone: values.callerPhone.trim() } : {}),
      ...(fromCall ? { callId: fromCall.id } : {}),
      tickets: values.tickets.map((item, index) => {
        const answer = item.type === 'consultation' ? item.answer?.trim() : undefined;
        return {
          type: item.type,
          ...(item.catalogueItemId ? { catalogueItemId: item.catalogueItemId } : {}),
          ...(index > 0 && item.content?.trim() ? { content: item.content.trim() } : {}),
          ...(answer ? { answer } : { dispatch: { mode: item.dispatchMode } }),
        };
      }),
    };
    setSubmitting(true);
    try {
      const result = await unwrap(
        api.POST('/api/receptions', {
          body,
          headers: { 'Idempotency-Key': submission.current.for(body) },
        }),
      );
      setCreated(result);
      setVersion((n) => n + 1);
    } catch (e) {
      showProblem(message, e, form);
    } finally {
      setSubmitting(false);
    }
  }, [submitting, created, form, customer, caller.kind, message, fromCall]);

  // Ctrl+Enter submits from anywhere; Alt+1…8 picks the channel.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void submit();
        return;
      }
      if (e.altKey && !e.ctrlKey && /^Digit[1-8]$/.test(e.code)) {
        const channel = channels[Number(e.code.slice(5)) - 1];
        if (channel && !created) {
          e.preventDefault();
          form.setFieldValue('channel', channel);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit, form, created]);

  const needsProject = caller.kind !== 'customer' || !customerRoom;

  return (
    <PageContainer title={t('tickets:reception.title')} content={t('tickets:reception.subtitle')}>
      <Row gutter={16} align="top">
        <Col xs={24} xl={16}>
          {created ? (
            <ReceptionDone created={created} onNext={reset} />
          ) : (
            <Card>
              <Form<FormValues>
                form={form}
                layout="horizontal"
                labelCol={{ flex: '88px' }}
                initialValues={initialValues()}
                requiredMark={false}
                data-testid="reception-form"
              >
                {fromCall && (
                  <Form.Item label={t('tickets:reception.fromCall')} style={{ marginBottom: 12 }}>
                    <Tag icon={<PhoneOutlined />} color="processing" bordered={false} data-testid="from-call">
                      {fromCall.number}
                    </Tag>
                  </Form.Item>
                )}
                <Form.Item label={t('tickets:field.caller')} required style={{ marginBottom: 16 }}>
                  {caller.kind === 'none' ? (
                    <CallerSearch
                      ref={search}
                      autoFocus
                      onPick={pickRow}
                      onUnknown={(phone, typed) => {
                        setCaller({ kind: 'unknown' });
                        form.setFieldsValue({
                          callerPhone: phone ?? undefined,
                          callerName: phone ? undefined : typed,
                          roomId: undefined,
                        });
                      }}
                    />
                  ) : caller.kind === 'customer' ? (
                    <div
                      data-testid="caller-card"
                      style={{
                        display: 'flex',
                        justifyContent: 'space-between',
                        alignItems: 'center',
                        gap: 12,
                        padding: '8px 12px',
                        border: '1px solid #91caff',
                        background: '#f0f7ff',
                        borderRadius: 8,
                      }}
                    >
                      <Space size={10} wrap>
                        <UserOutlined />
                        <Link to={`/customers/${caller.customer.id}`} target="_blank">
                          <Typography.Text strong style={{ fontSize: 16 }}>
                            {caller.customer.name}
                          </Typography.Text>
                        </Link>
                        <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {caller.customer.mobile ?? ''}
                        </Typography.Text>
                        {caller.customer.rooms.length > 1 ? (
                          <Select
                            size="small"
                            style={{ minWidth: 200 }}
                            value={caller.roomId ?? undefined}
                            data-testid="caller-room"
                            onChange={(next: string) => {
                              const room = caller.customer.rooms.find((r) => r.roomId === next);
                              setCaller({ ...caller, roomId: next });
                              form.setFieldsValue({ roomId: next, projectId: room?.projectId });
                            }}
                            options={caller.customer.rooms.map((r) => ({
                              value: r.roomId,
                              label: `${r.projectName} ${r.roomCode} · ${t(`tickets:reception.role.${r.role}`)}`,
                            }))}
                          />
                        ) : customerRoom ? (
                          <Tag color="blue" bordered={false}>
                            {customerRoom.projectName} {customerRoom.roomCode} ·{' '}
                            {t(`tickets:reception.role.${customerRoom.role}`)}
                          </Tag>
                        ) : (
                          <Tag bordered={false}>{t('tickets:reception.noRoom')}</Tag>
                        )}
                      </Space>
                      <Button size="small" icon={<SwapOutlined />} onClick={changeCaller}>
                        {t('tickets:reception.changeCaller')}
                      </Button>
                    </div>
                  ) : (
                    <Space.Compact style={{ width: '100%' }}>
                      <Form.Item name="callerPhone" noStyle>
                        <Input
                          style={{ width: '45%' }}
                          placeholder={t('tickets:field.callerPhone')}
                          data-testid="caller-phone"
                        />
                      </Form.Item>
                      <Form.Item name="callerName" noStyle>
                        <Input style={{ width: '40%' }} placeholder={t('tickets:field.callerName')} />
                      </Form.Item>
                      <Button style={{ width: '15%' }} onClick={changeCaller}>
                        {t('tickets:reception.search')}
                      </Button>
                    </Space.Compact>
                  )}
                </Form.Item>
                {needsProject && caller.kind !== 'none' && (
                  <Row gutter={12}>
                    <Col span={14}>
                      <Form.Item
                        name="projectId"
                        label={t('tickets:field.project')}
                        rules={[{ required: true, message: t('tickets:validation.project') }]}
                      >
                        <ProjectSelect
                          allowClear={false}
                          onChange={() => form.setFieldValue('roomId', undefined)}
                          data-testid="reception-project"
                        />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item name="roomId" label={t('tickets:field.room')} labelCol={{ flex: '56px' }}>
                        <RoomSelect projectId={projectId} />
                      </Form.Item>
                    </Col>
                  </Row>
                )}
                {!needsProject && (
                  <>
                    <Form.Item name="projectId" hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name="roomId" hidden>
                      <Input />
                    </Form.Item>
                  </>
                )}
                <Form.Item name="channel" label={t('tickets:field.channel')}>
                  <Segmented
                    options={channels.map((c, i) => ({
                      value: c,
                      label: (
                        <span title={`Alt+${i + 1}`}>
                          {t(`tickets:channel.${c}`)}
                          <span style={{ marginLeft: 4, fontSize: 11, color: 'rgba(0,0,0,0.3)' }}>{i + 1}</span>
                        </span>
                      ),
                    }))}
                  />
                </Form.Item>
                <Form.List name="tickets">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((field, index) => (
                        <TicketItem
                          key={field.key}
                          form={form}
                          name={field.name}
                          index={index}
                          count={fields.length}
                          projectId={projectId}
                          roomId={roomId}
                          onRemove={() => remove(field.name)}
                          catalogueRef={index === 0 ? catalogue : undefined}
                          onPicked={index === 0 ? () => setTimeout(() => content.current?.focus(), 0) : undefined}
                        />
                      ))}
                      {fields.length < 10 && (
                        <Button
                          type="dashed"
                          icon={<PlusOutlined />}
                          onClick={() => add(newTicketItem())}
                          style={{ marginBottom: 16 }}
                        >
                          {t('tickets:reception.addTicket')}
                        </Button>
                      )}
                    </>
                  )}
                </Form.List>
                <Form.Item
                  name="content"
                  label={t('tickets:field.content')}
                  rules={[{ required: true, whitespace: true, message: t('tickets:validation.content') }]}
                >
                  <Input.TextArea
                    ref={content}
                    autoSize={{ minRows: 3, maxRows: 8 }}
                    maxLength={2000}
                    showCount
                    placeholder={t('tickets:reception.contentPlaceholder')}
                    data-testid="reception-content"
                  />
                </Form.Item>
                <div style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 12 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tickets:reception.shortcuts')}
                  </Typography.Text>
                  <Button onClick={reset}>{t('tickets:reception.clear')}</Button>
                  <Button
                    type="primary"
                    icon={<SendOutlined />}
                    loading={submitting}
                    onClick={() => void submit()}
                    data-testid="reception-submit"
                  >
                    {t('tickets:reception.submit')}
                  </Button>
                </div>
              </Form>
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            {customer ? (
              <RecentTickets customerId={customer.id} version={version} />
            ) : (
              <Card size="small" title={t('tickets:reception.recent')}>
                <Typography.Text type="secondary">{t('tickets:reception.recentHint')}</Typography.Text>
              </Card>
            )}
            {roomId && (
              <Card size="small" styles={{ body: { paddingTop: 0 } }}>
                {/* the warranty list opens with its own top margin, made for the room drawer */}
                <div style={{ marginTop: -12 }}>
                  <RoomWarranties roomId={roomId} version={0} />
                </div>
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </PageContainer>
  );
}
