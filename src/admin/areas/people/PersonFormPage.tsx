import { useMemo } from 'react';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Switch,
} from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { OrgTreeSelect } from '../../shared/components/OrgTreeSelect';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { applyFieldErrors } from '../../shared/lib/forms';
import { showError, showSuccess } from '../../shared/lib/feedback';
import type { TreeNode } from '../../shared/lib/orgTree';
import { parseIdNumber, rules } from '../../shared/lib/validators';
import { t } from '../../locales';
import {
  peopleApi,
  peopleKeys,
  type CreatePersonBody,
  type PersonDetail,
  type PersonKind,
  type UpdatePersonBody,
} from './api';
import { usePerson } from './PersonDetailPage';
import { nowPicker } from '../../shared/lib/format';

interface PersonValues {
  kind: PersonKind;
  number: string;
  name: string;
  gender?: 'male' | 'female' | null;
  birthDate?: Dayjs | null;
  ethnicity?: string | null;
  idNumber?: string;
  phone?: string;
  schoolId?: string | null;
  unitId?: string | null;
  status: 'active' | 'left';
  title?: string | null;
  isCadre?: boolean;
  hireDate?: Dayjs | null;
  isLeagueMember?: boolean;
  leagueJoinedOn?: Dayjs | null;
  guardianName?: string | null;
  guardianPhone?: string;
}

const schoolKeep = (n: TreeNode) => n.kind === 'school' || n.kind === 'generalBranch' || n.kind === 'park';
const schoolSelectable = (n: TreeNode) => n.kind === 'school';
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const text = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

function toBody(v: PersonValues, mode: 'create' | 'edit') {
  const body: Record<string, unknown> = {
    number: v.number.trim(),
    name: v.name.trim(),
    gender: v.gender ?? null,
    birthDate: day(v.birthDate),
    ethnicity: text(v.ethnicity),
    schoolId: v.schoolId ?? null,
    unitId: v.unitId ?? null,
  };
  // A new person is always active; the status is changed on edit.
  if (mode === 'create') body.kind = v.kind;
  else body.status = v.status;
  // Sensitive numbers: blank on edit means "keep the stored one".
  const sealed: ('idNumber' | 'phone' | 'guardianPhone')[] = ['idNumber', 'phone'];
  if (v.kind === 'student') sealed.push('guardianPhone');
  for (const k of sealed) {
    const val = text(v[k]);
    if (val || mode === 'create') body[k] = val;
  }
  if (v.kind === 'staff') {
    body.title = text(v.title);
    body.isCadre = Boolean(v.isCadre);
    body.hireDate = day(v.hireDate);
  } else {
    body.isLeagueMember = Boolean(v.isLeagueMember);
    body.leagueJoinedOn = v.isLeagueMember ? day(v.leagueJoinedOn) : null;
    body.guardianName = text(v.guardianName);
  }
  return body;
}

function initialValues(p: PersonDetail | undefined, kind: PersonKind): Partial<PersonValues> {
  if (!p) return { kind, status: 'active', isCadre: false, isLeagueMember: false };
  return {
    kind: p.kind,
    number: p.number,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate ? dayjs(p.birthDate) : null,
    ethnicity: p.ethnicity,
    schoolId: p.schoolId,
    unitId: p.unitId,
    status: p.status,
    title: p.title,
    isCadre: p.isCadre,
    hireDate: p.hireDate ? dayjs(p.hireDate) : null,
    isLeagueMember: p.isLeagueMember,
    leagueJoinedOn: p.leagueJoinedOn ? dayjs(p.leagueJoinedOn) : null,
    guardianName: p.guardianName,
  };
}

function PersonForm(props: { person?: PersonDetail; kind: PersonKind }) {
  const { person } = props;
  const mode = person ? 'edit' : 'create';
  const [form] = Form.useForm<PersonValues>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const kind = (Form.useWatch('kind', form) ?? props.kind) as PersonKind;
  const schoolId = Form.useWatch('schoolId', form) as string | undefined;
  const isLeague = Form.useWatch('isLeagueMember', form) as boolean | undefined;
  const f = t.people.fields;

  const unitKeep = useMemo(
    () => (n: TreeNode) =>
      n.schoolId === schoolId &&
      (kind === 'staff' ? n.kind === 'department' : n.kind === 'grade' || n.kind === 'class'),
    [schoolId, kind],
  );
  const unitSelectable = useMemo(
    () => (n: TreeNode) => (kind === 'staff' ? n.kind === 'department' : n.kind === 'class'),
    [kind],
  );

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: PersonValues) =>
      mode === 'create'
        ? peopleApi.create(toBody(v, 'create') as CreatePersonBody)
        : peopleApi.update(person!.id, toBody(v, 'edit') as UpdatePersonBody),
    onSuccess: async (p) => {
      showSuccess(mode === 'create' ? t.people.created : t.people.updated);
      qc.setQueryData(peopleKeys.detail(p.id), p);
      await qc.invalidateQueries({ queryKey: peopleKeys.lists });
      await qc.invalidateQueries({ queryKey: ['org'] });
      navigate(`/people/${p.id}`, { replace: true });
    },
    onError: (e) => {
      applyFieldErrors(form, e);
      showError(e);
    },
  });

  /** A valid ID number fills in birth date and gender when they are still empty. */
  const onIdNumber = (v: string) => {
    const r = parseIdNumber(v);
    if (!r.ok) return;
    if (!form.getFieldValue('birthDate')) form.setFieldValue('birthDate', dayjs(r.birthDate));
    if (!form.getFieldValue('gender')) form.setFieldValue('gender', r.gender);
  };

  const numberLabel = kind === 'staff' ? f.staffNumber : f.studentNumber;
  const maskedHint = (masked: string | null | undefined) =>
    mode === 'edit' && masked ? `${t.people.idNumberCurrent(masked)}，${t.people.idNumberKeep}` : undefined;

  return (
    <Form<PersonValues>
      form={form}
      layout="vertical"
      initialValues={initialValues(person, props.kind)}
      onFinish={(v) => save.mutate(v)}
      scrollToFirstError
      data-testid="person-form"
    >
      <Card size="small" title={t.people.basic} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          {mode === 'create' ? (
            <Col xs={24}>
              <Form.Item name="kind" label={t.people.kindField}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'staff', label: t.people.staff },
                    { value: 'student', label: t.people.students },
                  ]}
                  onChange={() => form.setFieldValue('unitId', null)}
                />
              </Form.Item>
            </Col>
          ) : (
            <Form.Item name="kind" hidden>
              <Input />
            </Form.Item>
          )}
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="number" label={numberLabel} rules={[rules.required(numberLabel), rules.max(32)]}>
              <Input data-testid="person-number" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="name" label={f.name} rules={[rules.required(f.name), rules.max(50)]}>
              <Input data-testid="person-name-input" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="gender" label={f.gender}>
              <Radio.Group
                options={[
                  { value: 'male', label: t.people.gender.male },
                  { value: 'female', label: t.people.gender.female },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="birthDate" label={f.birthDate}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(nowPicker(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="ethnicity" label={f.ethnicity} rules={[rules.max(20)]}>
              <AutoComplete options={t.people.ethnicities.map((e) => ({ value: e }))} />
            </Form.Item>
          </Col>
          {mode === 'edit' ? (
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="status" label={f.status}>
                <Select
                  options={(['active', 'left'] as const).map((s) => ({
                    value: s,
                    label: t.people.statusByKind[kind]?.[s] ?? s,
                  }))}
                />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Card>

      <Card size="small" title={t.people.contact} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item
              name="idNumber"
              label={f.idNumber}
              extra={maskedHint(person?.idNumberMasked)}
              rules={[rules.idNumber()]}
              normalize={(v: string) => v?.replace(/\s+/g, '').toUpperCase()}
            >
              <Input
                maxLength={18}
                autoComplete="off"
                onChange={(e) => onIdNumber(e.target.value)}
                data-testid="person-id-number"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item
              name="phone"
              label={f.phone}
              extra={maskedHint(person?.phoneMasked)}
              rules={[rules.mobile()]}
            >
              <Input maxLength={20} autoComplete="off" data-testid="person-phone" />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t.people.schoolInfo} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item name="schoolId" label={f.school} rules={[rules.select(f.school)]}>
              <OrgTreeSelect
                keep={schoolKeep}
                selectable={schoolSelectable}
                placeholder={f.school}
                testId="person-school"
                onChange={() => form.setFieldValue('unitId', null)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <Form.Item
              name="unitId"
              label={kind === 'staff' ? f.department : f.class}
              rules={kind === 'student' ? [rules.select(f.class)] : []}
            >
              <OrgTreeSelect
                keep={unitKeep}
                selectable={unitSelectable}
                disabled={!schoolId}
                allowClear
                placeholder={
                  schoolId ? (kind === 'staff' ? f.department : f.class) : t.people.selectSchoolFirst
                }
                testId="person-unit"
              />
            </Form.Item>
          </Col>
          {kind === 'staff' ? (
            <>
              <Col xs={24} sm={12} lg={8}>
                <Form.Item name="title" label={f.title} rules={[rules.max(50)]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Form.Item name="hireDate" label={f.hireDate}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Form.Item name="isCadre" label={f.isCadre} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
            </>
          ) : (
            <>
              <Col xs={24} sm={12} lg={8}>
                <Form.Item name="isLeagueMember" label={f.isLeagueMember} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              {isLeague ? (
                <Col xs={24} sm={12} lg={8}>
                  <Form.Item name="leagueJoinedOn" label={f.leagueJoinedOn}>
                    <DatePicker
                      style={{ width: '100%' }}
                      disabledDate={(d) => d.isAfter(nowPicker(), 'day')}
                    />
                  </Form.Item>
                </Col>
              ) : null}
              <Col xs={24} sm={12} lg={8}>
                <Form.Item name="guardianName" label={f.guardianName} rules={[rules.max(50)]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} lg={8}>
                <Form.Item
                  name="guardianPhone"
                  label={f.guardianPhone}
                  extra={maskedHint(person?.guardianPhoneMasked)}
                  rules={[rules.mobile()]}
                >
                  <Input maxLength={20} autoComplete="off" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
      </Card>

      <Flex gap={8} justify="flex-end">
        <Button onClick={() => navigate(-1)}>{t.common.cancel}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="person-form-submit">
          {t.common.save}
        </Button>
      </Flex>
    </Form>
  );
}

/** /people/new?kind=staff|student and /people/:id/edit. */
export default function PersonFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const kind: PersonKind = params.get('kind') === 'student' ? 'student' : 'staff';
  const person = usePerson(id);
  if (id && person.isPending) return <Loading />;
  if (id && person.isError) return <ErrorState error={person.error} onRetry={() => void person.refetch()} />;
  const p = id ? person.data : undefined;
  const kindLabel = t.people.kindLabel[p?.kind ?? kind] ?? '';
  return (
    <Page
      title={p ? t.people.editTitle(p.name) : t.people.createTitle(kindLabel)}
      subTitle={t.people.title}
      testId={p ? 'person-edit-page' : 'person-create-page'}
    >
      <PersonForm key={p?.id ?? `new-${kind}`} person={p} kind={kind} />
    </Page>
  );
}
