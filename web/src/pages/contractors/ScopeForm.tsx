import {
  ModalForm,
  ProFormDatePicker,
  ProFormDependency,
  ProFormRadio,
  ProFormSelect,
} from '@ant-design/pro-components';
import { Alert, App, Form, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ProjectSelect } from '../../components/ProjectSelect';
import { showProblem } from '../../components/problem';
import { BuildingSelect } from '../property/shared';
import { type Contractor, type Scope, type ScopeBody, useWarrantyMinimums, type WarrantyMinimum } from './shared';

type FormUnit = 'years' | 'months' | 'heating_seasons';

interface Values {
  projectId: string;
  buildingId?: string;
  trade: string;
  warrantyValue: number;
  unit: FormUnit;
  startKind: 'delivery' | 'fixed';
  startDate?: string;
}

/** A period as the form shows it: whole years in years, other months in months. */
function toForm(period: { unit: 'months' | 'heating_seasons'; value: number } | null | undefined) {
  if (!period) return { unit: 'years' as FormUnit, warrantyValue: undefined };
  if (period.unit === 'heating_seasons') return { unit: 'heating_seasons' as FormUnit, warrantyValue: period.value };
  return period.value % 12 === 0
    ? { unit: 'years' as FormUnit, warrantyValue: period.value / 12 }
    : { unit: 'months' as FormUnit, warrantyValue: period.value };
}

/** What the statutory minimum of the chosen trade is, and why; or that the contract decides. */
function StatutoryNote({ minimum }: { minimum: WarrantyMinimum | undefined }) {
  const { t } = useTranslation();
  if (!minimum) return null;
  if (!minimum.minimum) {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('contractors:scopeForm.noStatutoryTitle')}
        description={t('contractors:scopeForm.noStatutoryBody')}
        data-testid="statutory-note"
      />
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      message={t('contractors:scopeForm.statutoryTitle', { label: minimum.minimum.label })}
      description={
        <>
          <div>{t('contractors:scopeForm.statutoryBody', { basis: minimum.basis })}</div>
          {minimum.minimum.unit === 'heating_seasons' && <div>{t('contractors:scopeForm.heatingNote')}</div>}
        </>
      }
      data-testid="statutory-note"
    />
  );
}

/** 新增施工范围 / 编辑施工范围 of a contractor, with the statutory minimum of the trade prefilled and explained. */
export function ScopeForm({
  open,
  contractor,
  scope,
  onClose,
  onSaved,
}: {
  open: boolean;
  contractor: Contractor;
  scope?: Scope;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: minimums } = useWarrantyMinimums();
  const minimumOf = (trade: string | undefined) => minimums?.find((m) => m.trade === trade);

  return (
    <ModalForm<Values>
      key={scope?.id ?? 'new'}
      form={form}
      // Its own ids: the list's filters behind the modal have fields of the same names.
      name="contractorScope"
      title={scope ? t('contractors:scopeForm.editTitle') : t('contractors:scopeForm.createTitle')}
      open={open}
      width={620}
      layout="horizontal"
      labelCol={{ span: 5 }}
      wrapperCol={{ span: 18 }}
      submitter={{ searchConfig: { submitText: t('common:save'), resetText: t('common:cancel') } }}
      modalProps={{
        destroyOnHidden: true,
        maskClosable: false,
        onCancel: onClose,
        styles: { body: { paddingTop: 12 } },
      }}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
      initialValues={
        scope
          ? {
              projectId: scope.projectId,
              buildingId: scope.buildingId ?? undefined,
              trade: scope.trade,
              ...toForm(scope.warranty),
              startKind: scope.startDate ? 'fixed' : 'delivery',
              startDate: scope.startDate ?? undefined,
            }
          : { unit: 'years', startKind: 'delivery' }
      }
      onFinish={async (values) => {
        const months = values.unit === 'years' ? values.warrantyValue * 12 : values.warrantyValue;
        const body: ScopeBody = {
          projectId: values.projectId,
          buildingId: values.buildingId ?? null,
          trade: values.trade,
          warrantyUnit: values.unit === 'heating_seasons' ? 'heating_seasons' : 'months',
          warrantyValue: values.unit === 'heating_seasons' ? values.warrantyValue : months,
          startDate:
            values.startKind === 'fixed' && values.startDate ? dayjs(values.startDate).format('YYYY-MM-DD') : null,
        };
        try {
          if (scope) {
            await unwrap(
              api.PUT('/api/contractors/{id}/scopes/{scopeId}', {
                params: { path: { id: contractor.id, scopeId: scope.id } },
                body,
              }),
            );
            message.success(t('contractors:message.scopeUpdated'));
          } else {
            await unwrap(api.POST('/api/contractors/{id}/scopes', { params: { path: { id: contractor.id } }, body }));
            message.success(t('contractors:message.scopeAdded'));
          }
          onSaved();
          return true;
        } catch (e) {
          showProblem(message, e, form);
          return false;
        }
      }}
    >
      <Form.Item
        name="projectId"
        label={t('contractors:scope.project')}
        rules={[{ required: true, message: t('contractors:scopeForm.projectRequired') }]}
      >
        <ProjectSelect
          companyId={contractor.companyId}
          allowClear={false}
          onChange={() => form.setFieldsValue({ buildingId: undefined })}
        />
      </Form.Item>
      <ProFormDependency name={['projectId']}>
        {({ projectId }) => (
          <Form.Item
            name="buildingId"
            label={t('contractors:scope.building')}
            extra={t('contractors:scopeForm.buildingHelp')}
          >
            {projectId ? (
              <BuildingSelect projectId={projectId} placeholder={t('contractors:scopeForm.buildingPlaceholder')} />
            ) : (
              <BuildingSelect projectId={projectId} />
            )}
          </Form.Item>
        )}
      </ProFormDependency>
      <ProFormSelect
        name="trade"
        label={t('contractors:scope.trade')}
        placeholder={t('contractors:scopeForm.pickTrade')}
        showSearch
        options={(minimums ?? []).map((m) => ({
          value: m.trade,
          label: m.minimum ? `${m.tradeLabel}（${m.minimum.label}）` : m.tradeLabel,
        }))}
        fieldProps={{
          optionFilterProp: 'label',
          onChange: (trade: string) => form.setFieldsValue(toForm(minimumOf(trade)?.minimum)),
        }}
        rules={[{ required: true, message: t('contractors:scopeForm.tradeRequired') }]}
      />
      <ProFormDependency name={['trade']}>
        {({ trade }) =>
          trade ? (
            <Form.Item wrapperCol={{ offset: 5, span: 18 }} style={{ marginBottom: 0 }}>
              <StatutoryNote minimum={minimumOf(trade)} />
            </Form.Item>
          ) : null
        }
      </ProFormDependency>
      <Form.Item label={t('contractors:scope.warranty')} required>
        <Space.Compact>
          <Form.Item
            name="warrantyValue"
            noStyle
            dependencies={['unit', 'trade']}
            rules={[
              { required: true, message: t('contractors:scopeForm.warrantyRequired') },
              ({ getFieldValue }) => ({
                // The same check as the server's, where the units compare; the server decides the rest.
                validator: async (_: unknown, value: number | null) => {
                  const minimum = minimumOf(getFieldValue('trade'))?.minimum;
                  const unit: FormUnit = getFieldValue('unit');
                  if (!minimum || !value) return;
                  const given = unit === 'years' ? value * 12 : value;
                  const comparable = (unit === 'heating_seasons') === (minimum.unit === 'heating_seasons');
                  if (comparable && given < minimum.value) {
                    throw new Error(t('contractors:scopeForm.belowStatutory', { label: minimum.label }));
                  }
                },
              }),
            ]}
          >
            <InputNumber min={1} max={1200} precision={0} style={{ width: 120 }} data-testid="warranty-value" />
          </Form.Item>
          <Form.Item name="unit" noStyle>
            <Select
              style={{ width: i18n.language === 'en-US' ? 170 : 130 }}
              options={(['years', 'months', 'heating_seasons'] as const).map((u) => ({
                value: u,
                label: t(`contractors:scopeForm.unit.${u}`),
              }))}
            />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <ProFormRadio.Group
        name="startKind"
        label={t('contractors:scopeForm.start')}
        options={[
          { value: 'delivery', label: t('contractors:scopeForm.startDelivery') },
          { value: 'fixed', label: t('contractors:scopeForm.startFixed') },
        ]}
        fieldProps={{ optionType: 'default' }}
      />
      <ProFormDependency name={['startKind']}>
        {({ startKind }) =>
          startKind === 'fixed' ? (
            <ProFormDatePicker
              name="startDate"
              label=" "
              colon={false}
              rules={[{ required: true, message: t('contractors:scopeForm.startDateRequired') }]}
            />
          ) : null
        }
      </ProFormDependency>
    </ModalForm>
  );
}
