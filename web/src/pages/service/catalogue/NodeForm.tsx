import {
  ProForm,
  ProFormCheckbox,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTreeSelect,
} from '@ant-design/pro-components';
import { App, Button, Form, Space } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { CODE_PATTERN, showProblem } from '../../../components/problem';
import { useDictionary } from '../../customers/shared';
import { formatLimit, LimitInput } from './LimitInput';
import {
  type CatalogueIndex,
  type CatalogueNode,
  parentChoices,
  type Severity,
  severities,
  type TicketType,
  ticketTypes,
} from './tree';

interface Values {
  parentId?: string | null;
  name: string;
  code?: string;
  ticketTypes?: TicketType[];
  department?: string;
  severity?: Severity;
  responseMinutes?: number | null;
  resolutionMinutes?: number | null;
  calendarTime?: boolean;
  returnVisitRequired?: boolean;
  trade?: string | null;
}

export type FormMode =
  | { type: 'edit'; node: CatalogueNode }
  | { type: 'create'; kind: CatalogueNode['kind']; parentId: string | null };

type TreeOption = { title: string; value: string; disabled?: boolean; children: TreeOption[] };

function treeOptions(nodes: (CatalogueNode & { disabled?: boolean })[]): TreeOption[] {
  return nodes.map((n) => ({
    title: n.name,
    value: n.id,
    disabled: n.disabled,
    children: treeOptions(n.children as (CatalogueNode & { disabled?: boolean })[]),
  }));
}

/**
 * The form of one category or item: new or existing. An item carries what a ticket takes from
 * it: ticket types, department, severity, response and resolution limits, return visit, trade.
 */
export function NodeForm({
  mode,
  roots,
  index,
  canManage,
  onSaved,
  onCancel,
}: {
  mode: FormMode;
  roots: CatalogueNode[];
  index: CatalogueIndex;
  canManage: boolean;
  onSaved: (node: { id: string }) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const departments = useDictionary('handling_department');
  const trades = useDictionary('trade');
  const node = mode.type === 'edit' ? mode.node : undefined;
  const kind = mode.type === 'edit' ? mode.node.kind : mode.kind;
  const isItem = kind === 'item';

  const parents = useMemo(
    () => treeOptions(parentChoices(index, roots, { id: node?.id, kind })),
    [index, roots, node?.id, kind],
  );

  const initialValues: Values = node
    ? {
        parentId: node.parentId,
        name: node.name,
        code: node.code,
        ticketTypes: node.ticketTypes,
        department: node.department ?? undefined,
        severity: node.severity ?? 'low',
        responseMinutes: node.responseMinutes,
        resolutionMinutes: node.resolutionMinutes,
        calendarTime: node.calendarTime,
        returnVisitRequired: node.returnVisitRequired,
        trade: node.trade,
      }
    : {
        parentId: mode.type === 'create' ? mode.parentId : null,
        name: '',
        ticketTypes: ['repair', 'complaint'],
        severity: 'low',
        calendarTime: false,
        returnVisitRequired: true,
      };

  const save = async (values: Values) => {
    const code = values.code?.trim() || undefined;
    try {
      let saved: { id: string };
      if (isItem) {
        const body = {
          parentId: values.parentId as string,
          name: values.name.trim(),
          code,
          ticketTypes: values.ticketTypes ?? [],
          department: values.department as string,
          severity: values.severity ?? 'low',
          responseMinutes: values.responseMinutes as number,
          resolutionMinutes: values.resolutionMinutes as number,
          calendarTime: values.calendarTime ?? false,
          returnVisitRequired: values.returnVisitRequired ?? true,
          trade: values.trade ?? null,
        };
        saved = node
          ? await unwrap(api.PUT('/api/catalogue/items/{id}', { params: { path: { id: node.id } }, body }))
          : await unwrap(api.POST('/api/catalogue/items', { body }));
      } else {
        const body = { parentId: values.parentId ?? null, name: values.name.trim(), code };
        saved = node
          ? await unwrap(api.PUT('/api/catalogue/categories/{id}', { params: { path: { id: node.id } }, body }))
          : await unwrap(api.POST('/api/catalogue/categories', { body }));
      }
      message.success(node ? t('catalogue:message.saved') : t('catalogue:message.created'));
      onSaved(saved);
    } catch (e) {
      showProblem(message, e, form);
    }
  };

  return (
    <ProForm<Values>
      form={form}
      layout="horizontal"
      labelWrap
      labelCol={{ flex: '132px' }}
      wrapperCol={{ flex: 'auto' }}
      style={{ maxWidth: 720 }}
      disabled={!canManage}
      initialValues={initialValues}
      onFinish={save}
      submitter={
        canManage
          ? {
              render: (props) => (
                <Form.Item label=" " colon={false}>
                  <Space>
                    <Button type="primary" onClick={() => props.submit()} data-testid="catalogue-save">
                      {node ? t('common:save') : t('catalogue:form.create')}
                    </Button>
                    {node ? (
                      <Button onClick={() => props.reset()}>{t('catalogue:form.reset')}</Button>
                    ) : (
                      <Button onClick={onCancel}>{t('common:cancel')}</Button>
                    )}
                  </Space>
                </Form.Item>
              ),
            }
          : false
      }
    >
      <ProFormText
        name="name"
        label={isItem ? t('catalogue:field.itemName') : t('catalogue:field.categoryName')}
        placeholder={isItem ? t('catalogue:form.itemNamePlaceholder') : t('catalogue:form.categoryNamePlaceholder')}
        fieldProps={{ maxLength: 40, showCount: true, autoFocus: !node }}
        rules={[
          { required: true, whitespace: true, message: t('catalogue:form.nameRequired') },
          { max: 40, message: t('catalogue:form.nameTooLong') },
        ]}
      />
      <ProFormText
        name="code"
        label={t('catalogue:field.code')}
        placeholder={t('catalogue:form.codePlaceholder')}
        width="sm"
        rules={[{ pattern: CODE_PATTERN, message: t('catalogue:form.codeFormat') }]}
        extra={node ? undefined : t('catalogue:form.codeHelp')}
      />
      <ProFormTreeSelect
        name="parentId"
        label={isItem ? t('catalogue:field.category') : t('catalogue:field.parent')}
        placeholder={isItem ? t('catalogue:form.pickCategory') : t('catalogue:form.topLevel')}
        allowClear={!isItem}
        width="md"
        fieldProps={{
          treeData: parents,
          treeDefaultExpandAll: false,
          showSearch: true,
          treeNodeFilterProp: 'title',
          popupMatchSelectWidth: false,
        }}
        rules={isItem ? [{ required: true, message: t('catalogue:form.categoryRequired') }] : []}
        extra={node ? t('catalogue:form.moveHelp') : undefined}
      />
      {isItem && (
        <>
          <ProFormCheckbox.Group
            name="ticketTypes"
            label={t('catalogue:field.ticketTypes')}
            options={ticketTypes.map((type) => ({ value: type, label: t(`catalogue:ticketType.${type}`) }))}
            rules={[{ required: true, type: 'array', min: 1, message: t('catalogue:form.typesRequired') }]}
          />
          <ProFormSelect
            name="department"
            label={t('catalogue:field.department')}
            width="sm"
            options={departments.options}
            fieldProps={{ loading: departments.loading }}
            placeholder={t('catalogue:form.pickDepartment')}
            rules={[{ required: true, message: t('catalogue:form.departmentRequired') }]}
          />
          <ProFormRadio.Group
            name="severity"
            label={t('catalogue:field.severity')}
            radioType="button"
            options={severities.map((s) => ({ value: s, label: t(`catalogue:severity.${s}`) }))}
            rules={[{ required: true, message: t('catalogue:form.severityRequired') }]}
          />
          <ProFormSwitch
            name="calendarTime"
            label={t('catalogue:field.calendarTime')}
            extra={t('catalogue:form.calendarTimeHelp')}
          />
          <ProFormDependency name={['calendarTime', 'responseMinutes', 'resolutionMinutes']}>
            {({ calendarTime, responseMinutes, resolutionMinutes }) => (
              <>
                <Form.Item
                  name="responseMinutes"
                  label={t('catalogue:field.responseLimit')}
                  required
                  extra={responseMinutes ? formatLimit(t, responseMinutes, !!calendarTime) : undefined}
                  rules={[
                    { required: true, message: t('catalogue:form.limitRequired') },
                    { type: 'number', min: 1, message: t('catalogue:form.limitPositive') },
                  ]}
                >
                  <LimitInput />
                </Form.Item>
                <Form.Item
                  name="resolutionMinutes"
                  label={t('catalogue:field.resolutionLimit')}
                  required
                  dependencies={['responseMinutes']}
                  extra={
                    resolutionMinutes
                      ? `${formatLimit(t, resolutionMinutes, !!calendarTime)}${calendarTime ? '' : ` · ${t('catalogue:form.businessTimeHint')}`}`
                      : undefined
                  }
                  rules={[
                    { required: true, message: t('catalogue:form.limitRequired') },
                    { type: 'number', min: 1, message: t('catalogue:form.limitPositive') },
                    ({ getFieldValue }) => ({
                      validator: async (_, value: number | null) => {
                        const response = getFieldValue('responseMinutes') as number | null;
                        if (value && response && value < response) {
                          throw new Error(t('catalogue:form.resolutionBeforeResponse'));
                        }
                      },
                    }),
                  ]}
                >
                  <LimitInput />
                </Form.Item>
              </>
            )}
          </ProFormDependency>
          <ProFormSwitch
            name="returnVisitRequired"
            label={t('catalogue:field.returnVisit')}
            extra={t('catalogue:form.returnVisitHelp')}
          />
          <ProFormSelect
            name="trade"
            label={t('catalogue:field.trade')}
            width="md"
            allowClear
            options={trades.options}
            fieldProps={{ loading: trades.loading }}
            placeholder={t('catalogue:form.noTrade')}
            extra={t('catalogue:form.tradeHelp')}
          />
        </>
      )}
    </ProForm>
  );
}
