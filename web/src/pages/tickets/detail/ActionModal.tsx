import { Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A dialog for one ticket action: its form, and OK sends it. A refused action (the server's 4xx)
 * keeps the dialog open with the message under the field it names; the page shows the message
 * and reloads the ticket.
 */
export function ActionModal<V extends object>({
  open,
  title,
  okText,
  danger,
  width,
  onCancel,
  onSubmit,
  initialValues,
  children,
  form: given,
}: {
  open: boolean;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  width?: number;
  onCancel: () => void;
  /** Resolves when done; rejects (with the form already showing why) to keep the dialog open. */
  onSubmit: (values: V, form: FormInstance<V>) => Promise<void>;
  initialValues?: Partial<V>;
  children: ReactNode;
  form?: FormInstance<V>;
}) {
  const { t } = useTranslation();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await onSubmit(values, form);
    } catch {
      // shown by the page
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('tickets:action.submit')}
      okButtonProps={{ danger }}
      confirmLoading={saving}
      width={width ?? 560}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        preserve={false}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') void submit();
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}
