import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Form, Modal, Spin } from 'antd';
import type { FormInstance, FormProps, ModalProps } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { isApiError } from '../api/client';
import { showError, showSuccess } from '../lib/feedback';
import { applyFieldErrors } from '../lib/forms';
import { ErrorState } from './States';
import { t } from '../../locales';

export interface CrudModalProps<V extends object, R = unknown> {
  /** Shown while true; the form is reset and filled each time it opens. */
  open: boolean;
  title: ReactNode;
  /**
   * The form's values on opening: defaults for a new record, the record's values for an edit, or a
   * function that fetches them first (e.g. the full record; a spinner shows meanwhile).
   */
  initialValues?: Partial<V> | (() => Promise<Partial<V>>);
  /** Sends the values (create or update); its rejection keeps the modal open. */
  submit: (values: V) => Promise<R>;
  /** Query keys refreshed after a save (prefixes, as invalidateQueries takes them). */
  invalidate?: QueryKey[];
  /** The message after a save; `false` for none. Default 已保存. */
  successText?: string | false;
  onClose: () => void;
  /** After a save, before the modal closes (e.g. navigate to the new record). */
  onSaved?: (result: R, values: V) => void;
  /** Server field name → form field name, for `error.fields` keys that differ (startsAt → range). */
  fieldAliases?: Record<string, string>;
  /**
   * The page's own form instance, when it watches fields (Form.useWatch) or sets one from another
   * (a picker filling a name). The form is reset on opening: give values through initialValues.
   */
  form?: FormInstance<V>;
  /** The Form.Items. */
  children: ReactNode;
  width?: number;
  okText?: ReactNode;
  /** data-testid around the modal, and on the form. */
  testId?: string;
  formTestId?: string;
  formProps?: Omit<FormProps<V>, 'form' | 'onFinish' | 'initialValues' | 'children'>;
  modalProps?: Omit<ModalProps, 'open' | 'title' | 'onOk' | 'onCancel' | 'confirmLoading' | 'children'>;
}

/**
 * Create or edit one record in a modal form: submit → mutation → refresh the lists → close. Field
 * errors the API returns (`error.fields`) appear under their inputs; anything else as a message.
 */
export function CrudModal<V extends object, R = unknown>(props: CrudModalProps<V, R>) {
  const [own] = Form.useForm<V>();
  const form = props.form ?? own;
  const qc = useQueryClient();
  const [loading, setLoading] = useState<{ error: unknown } | boolean>(false);
  const initial = useRef(props.initialValues);
  // Kept current for the effect below, which runs only on opening (not on each new object).
  useEffect(() => {
    initial.current = props.initialValues;
  });

  useEffect(() => {
    if (!props.open) return;
    let live = true;
    form.resetFields();
    const init = initial.current;
    if (typeof init === 'function') {
      setLoading(true);
      init().then(
        (v) => {
          if (!live) return;
          form.setFieldsValue(v as Parameters<typeof form.setFieldsValue>[0]);
          setLoading(false);
        },
        (error: unknown) => live && setLoading({ error }),
      );
    } else {
      setLoading(false);
      if (init) form.setFieldsValue(init as Parameters<typeof form.setFieldsValue>[0]);
    }
    return () => {
      live = false;
    };
  }, [props.open, form]);

  const save = useMutation({
    // The errors are shown here (on the fields), not by the global handler.
    meta: { quiet: true },
    mutationFn: (v: V) => props.submit(v),
    onSuccess: async (result, values) => {
      if (props.successText !== false) showSuccess(props.successText ?? t.common.saved);
      props.onSaved?.(result, values);
      props.onClose();
      await Promise.all((props.invalidate ?? []).map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, props.fieldAliases);
      if (rest.length || !isApiError(e) || !e.fields) showError(e);
    },
  });

  const failed = typeof loading === 'object' ? loading.error : null;
  return (
    <Modal
      width={props.width}
      okText={props.okText ?? t.common.save}
      cancelText={t.common.cancel}
      // Rendered while closed, so a page's form instance is connected and Form.useWatch works.
      forceRender
      {...props.modalProps}
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ disabled: loading !== false, ...props.modalProps?.okButtonProps }}
      modalRender={props.testId ? (node) => <div data-testid={props.testId}>{node}</div> : undefined}
    >
      {failed ? <ErrorState error={failed} /> : null}
      <Spin spinning={loading === true}>
        <Form<V>
          layout="vertical"
          {...props.formProps}
          form={form}
          data-testid={props.formTestId}
          style={failed ? { display: 'none' } : props.formProps?.style}
          onFinish={(v) => save.mutate(v)}
        >
          {props.children}
        </Form>
      </Spin>
    </Modal>
  );
}

/**
 * Which record a page's CrudModal edits: `null` closed, `'new'` creating, or the row.
 * `const ed = useEditing<Column>(); <CrudModal open={ed.open} … onClose={ed.close} />`.
 */
export function useEditing<T>() {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return {
    editing,
    open: editing !== null,
    isNew: editing === 'new',
    /** The row being edited (null when creating or closed). */
    record: editing === 'new' ? null : editing,
    create: useCallback(() => setEditing('new'), []),
    edit: useCallback((row: T) => setEditing(() => row), []),
    close: useCallback(() => setEditing(null), []),
  };
}
