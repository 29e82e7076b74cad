import {
  DrawerForm,
  ProFormDatePicker,
  ProFormDependency,
  type ProFormInstance,
  ProFormRadio,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Col, Row } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { showProblem } from '../../components/problem';
import {
  checkIdNumber,
  type IdType,
  normaliseIdNumber,
  normaliseMobile,
  residentIdBirthDate,
  residentIdGender,
} from './identity';
import {
  type CreateCustomerBody,
  type Customer,
  type CustomerKind,
  type UpdateCustomerBody,
  useCompanies,
  useDictionary,
} from './shared';

interface Values {
  companyId?: string;
  kind: CustomerKind;
  name: string;
  idType?: IdType;
  idNumber?: string;
  mobile?: string;
  gender?: 'male' | 'female';
  birthday?: string | Dayjs | null;
  source?: string;
  tags?: string[];
  notes?: string;
}

const blank = (value: string | undefined | null) => !value || value.trim() === '';
const orNull = (value: string | undefined | null) => (blank(value) ? null : (value as string).trim());
const defaultIdType = (kind: CustomerKind): IdType => (kind === 'organisation' ? 'uscc' : 'resident_id');

interface Props {
  open: boolean;
  /** The customer being edited, or undefined to create one. */
  customer?: Customer;
  /** Prefilled fields of a new customer (the mobile of an unknown caller from the screen pop). */
  initial?: { mobile?: string };
  onOpenChange: (open: boolean) => void;
  onSaved: (customer: Customer) => void;
}

/** 新建客户 / 编辑客户. Identifiers left blank when editing stay as they are. */
export function CustomerForm({ open, customer, initial, onOpenChange, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formRef = useRef<ProFormInstance<Values>>(undefined);
  const editing = !!customer;
  const companies = useCompanies();
  const idTypes = useDictionary('id_type');
  const sources = useDictionary('customer_source');
  const tags = useDictionary('customer_tag');
  const askCompany = !editing && companies.options.length > 1;
  const { me } = useSession();
  const nameLocked = editing && (me?.renameRequiresApproval ?? true);

  const initialValues: Partial<Values> = customer
    ? {
        kind: customer.kind,
        name: customer.name,
        idType: customer.idType ?? defaultIdType(customer.kind),
        gender: customer.gender ?? undefined,
        birthday: customer.birthday ?? undefined,
        source: customer.source ?? undefined,
        tags: customer.tags,
        notes: customer.notes ?? undefined,
      }
    : { kind: 'person', idType: 'resident_id', tags: [], ...(initial?.mobile ? { mobile: initial.mobile } : {}) };

  const idTypeOptions = (kind: CustomerKind) =>
    idTypes.options.filter((o) => (kind === 'person' ? o.value !== 'uscc' : true));

  /** A valid resident ID carries the birth date and gender; fill them in when still empty. */
  const fillFromResidentId = () => {
    const form = formRef.current;
    if (!form) return;
    if (form.getFieldValue('idType') !== 'resident_id') return;
    const id = normaliseIdNumber(form.getFieldValue('idNumber') ?? '');
    if (checkIdNumber('resident_id', id) !== null) return;
    if (!form.getFieldValue('birthday')) form.setFieldValue('birthday', residentIdBirthDate(id));
    if (!form.getFieldValue('gender')) form.setFieldValue('gender', residentIdGender(id));
  };

  const submit = async (values: Values): Promise<boolean> => {
    const person = values.kind === 'person';
    const idNumber = blank(values.idNumber) ? undefined : normaliseIdNumber(values.idNumber as string);
    const mobile = blank(values.mobile)
      ? undefined
      : (normaliseMobile(values.mobile as string) ?? (values.mobile as string).trim());
    const birthday = person && values.birthday ? dayjs(values.birthday).format('YYYY-MM-DD') : null;
    const common = {
      name: values.name.trim(),
      gender: person ? (values.gender ?? null) : null,
      birthday,
      source: values.source ?? null,
      tags: values.tags ?? [],
      notes: orNull(values.notes),
    };
    try {
      let saved: Customer;
      if (customer) {
        const body: UpdateCustomerBody = {
          ...common,
          ...(idNumber !== undefined ? { idType: values.idType ?? null, idNumber } : {}),
          ...(mobile !== undefined ? { mobile } : {}),
        };
        saved = await unwrap(api.PUT('/api/customers/{id}', { params: { path: { id: customer.id } }, body }));
        message.success(t('customers:form.saved'));
      } else {
        const body: CreateCustomerBody = {
          kind: values.kind,
          ...common,
          ...(idNumber !== undefined ? { idType: values.idType ?? null, idNumber } : {}),
          ...(mobile !== undefined ? { mobile } : {}),
          ...(values.companyId ? { companyId: values.companyId } : {}),
        };
        saved = await unwrap(api.POST('/api/customers', { body }));
        message.success(t('customers:form.created', { code: saved.code }));
      }
      onSaved(saved);
      return true;
    } catch (e) {
      showProblem(message, e, formRef.current);
      return false;
    }
  };

  return (
    <DrawerForm<Values>
      formRef={formRef}
      open={open}
      onOpenChange={onOpenChange}
      title={
        customer
          ? t('customers:form.editTitle', { name: customer.name, code: customer.code })
          : t('customers:form.createTitle')
      }
      width={640}
      layout="vertical"
      initialValues={initialValues}
      drawerProps={{ destroyOnHidden: true, maskClosable: false }}
      submitter={{
        searchConfig: {
          submitText: editing ? t('common:save') : t('customers:form.submitCreate'),
          resetText: t('common:cancel'),
        },
      }}
      scrollToFirstError
      onFinish={submit}
      onValuesChange={(changed: Partial<Values>) => {
        // Switching between person and organisation changes the usual ID type.
        if (changed.kind) formRef.current?.setFieldsValue({ idType: defaultIdType(changed.kind) });
      }}
    >
      <Row gutter={16}>
        {askCompany && (
          <Col span={24}>
            <ProFormSelect
              name="companyId"
              label={t('customers:field.company')}
              placeholder={t('customers:form.companyPlaceholder')}
              options={companies.options}
              rules={[{ required: true, message: t('customers:form.companyRequired') }]}
            />
          </Col>
        )}
        <Col xs={24} sm={12}>
          <ProFormRadio.Group
            name="kind"
            label={t('customers:field.kind')}
            disabled={editing}
            radioType="button"
            options={[
              { value: 'person', label: t('customers:kind.person') },
              { value: 'organisation', label: t('customers:kind.organisation') },
            ]}
            extra={editing ? t('customers:form.kindFixed') : undefined}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormDependency name={['kind']}>
            {({ kind }: Partial<Values>) => (
              <ProFormText
                name="name"
                label={kind === 'organisation' ? t('customers:field.orgName') : t('customers:field.personName')}
                placeholder={
                  kind === 'organisation'
                    ? t('customers:form.orgNamePlaceholder')
                    : t('customers:form.personNamePlaceholder')
                }
                fieldProps={{ maxLength: 60, autoComplete: 'off' }}
                // Where names change only through an approved rename request, editing keeps it fixed.
                disabled={nameLocked}
                extra={nameLocked ? t('customers:form.nameLocked') : undefined}
                rules={[{ required: true, whitespace: true, message: t('customers:form.nameRequired') }]}
              />
            )}
          </ProFormDependency>
        </Col>
        <ProFormDependency name={['kind']}>
          {({ kind }: Partial<Values>) => (
            <Col xs={24} sm={10}>
              <ProFormSelect
                name="idType"
                label={t('customers:field.idType')}
                allowClear={false}
                options={idTypeOptions(kind ?? 'person')}
                fieldProps={{ loading: idTypes.loading, popupMatchSelectWidth: false }}
              />
            </Col>
          )}
        </ProFormDependency>
        <Col xs={24} sm={14}>
          <ProFormText
            name="idNumber"
            label={t('customers:field.idNumber')}
            placeholder={
              customer
                ? customer.idNumber
                  ? t('customers:form.keep', { value: customer.idNumber })
                  : t('customers:form.keepEmpty')
                : t('customers:form.idNumberPlaceholder')
            }
            dependencies={['idType']}
            fieldProps={{ maxLength: 40, autoComplete: 'off', onBlur: fillFromResidentId }}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_: unknown, value: string | undefined) => {
                  const type = getFieldValue('idType') as IdType | undefined;
                  if (blank(value)) {
                    // Changing the type of a stored number needs the new number as well.
                    if (customer && type && customer.idType && type !== customer.idType) {
                      return Promise.reject(new Error(t('customers:form.idNumberForNewType')));
                    }
                    return Promise.resolve();
                  }
                  const problem = type ? checkIdNumber(type, normaliseIdNumber(value as string)) : null;
                  return problem
                    ? Promise.reject(
                        new Error(t(`customers:idProblem.${type === 'uscc' ? 'uscc' : 'resident'}.${problem}`)),
                      )
                    : Promise.resolve();
                },
              }),
            ]}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormText
            name="mobile"
            label={t('customers:field.mobile')}
            placeholder={
              customer
                ? customer.mobile
                  ? t('customers:form.keep', { value: customer.mobile })
                  : t('customers:form.keepEmpty')
                : t('customers:form.mobilePlaceholder')
            }
            fieldProps={{ maxLength: 30, autoComplete: 'off' }}
            rules={[
              {
                validator: (_: unknown, value: string | undefined) =>
                  blank(value) || normaliseMobile(value as string)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('customers:form.mobileInvalid'))),
              },
            ]}
          />
        </Col>
        <ProFormDependency name={['kind']}>
          {({ kind }: Partial<Values>) =>
            kind === 'person' ? (
              <>
                <Col xs={24} sm={6}>
                  <ProFormRadio.Group
                    name="gender"
                    label={t('customers:field.gender')}
                    options={[
                      { value: 'male', label: t('customers:gender.male') },
                      { value: 'female', label: t('customers:gender.female') },
                    ]}
                  />
                </Col>
                <Col xs={24} sm={6}>
                  <ProFormDatePicker
                    name="birthday"
                    label={t('customers:field.birthday')}
                    width="100%"
                    fieldProps={{
                      style: { width: '100%' },
                      disabledDate: (d: Dayjs) => d.isAfter(dayjs(), 'day') || d.isBefore('1900-01-01'),
                    }}
                  />
                </Col>
              </>
            ) : null
          }
        </ProFormDependency>
        <Col xs={24} sm={12}>
          <ProFormSelect
            name="source"
            label={t('customers:field.source')}
            placeholder={t('customers:form.sourcePlaceholder')}
            options={sources.options}
            fieldProps={{ loading: sources.loading }}
          />
        </Col>
        <Col xs={24} sm={12}>
          <ProFormSelect
            name="tags"
            label={t('customers:field.tags')}
            placeholder={t('customers:form.tagsPlaceholder')}
            options={tags.options}
            fieldProps={{ mode: 'multiple', maxTagCount: 'responsive', loading: tags.loading }}
          />
        </Col>
        <Col span={24}>
          <ProFormTextArea
            name="notes"
            label={t('customers:field.notes')}
            placeholder={t('customers:form.notesPlaceholder')}
            fieldProps={{ maxLength: 500, showCount: true, autoSize: { minRows: 3, maxRows: 6 } }}
          />
        </Col>
      </Row>
    </DrawerForm>
  );
}
