import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Switch, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { t } from '../../locales';
import { newsroomApi, newsroomKeys, type PortalSettings } from './api';

/** 网站设置: hero slogan/text/image, theme music (an uploaded file; never autoplayed), second-level sign-off. */
export default function SettingsPage() {
  const tx = t.newsroom.settings;
  const qc = useQueryClient();
  const { can } = usePermissions();
  const manage = can('portal.site');
  const [form] = Form.useForm<PortalSettings>();
  const [hero, setHero] = useState<{ id: string | null; url: string | null }>({ id: null, url: null });
  const [logo, setLogo] = useState<{ id: string | null; url: string | null }>({ id: null, url: null });
  const [music, setMusic] = useState<{ id: string | null; url: string | null }>({ id: null, url: null });
  const settings = useQuery({
    queryKey: newsroomKeys.settings,
    queryFn: ({ signal }) => newsroomApi.settings(signal),
  });
  useEffect(() => {
    if (!settings.data) return;
    form.setFieldsValue(settings.data);
    setHero({ id: settings.data.heroImageId, url: settings.data.heroImageUrl });
    setLogo({ id: settings.data.logoMediaId, url: settings.data.logoUrl });
    setMusic({ id: settings.data.musicMediaId, url: settings.data.musicUrl });
  }, [settings.data, form]);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (v: PortalSettings) =>
      newsroomApi.updateSettings({
        siteTitle: v.siteTitle,
        heroSlogan: v.heroSlogan,
        heroText: v.heroText ?? null,
        musicTitle: v.musicTitle ?? null,
        footerText: v.footerText ?? null,
        signoffRequired: v.signoffRequired,
        heroImageId: hero.id,
        logoMediaId: logo.id,
        musicMediaId: music.id,
      }),
    onSuccess: () => {
      showSuccess(tx.saved);
      void qc.invalidateQueries({ queryKey: newsroomKeys.settings });
    },
    onError: (e) => {
      if (applyFieldErrors(form, e).length || !(e as { fields?: unknown }).fields) showError(e);
    },
  });
  const put = (purpose: 'image' | 'audio', set: typeof setHero) => async (file: File) => {
    try {
      const m = await newsroomApi.upload(purpose, file);
      set({ id: m.id, url: m.urls.large ?? m.url });
    } catch (e) {
      showError(e);
    }
    return false;
  };

  if (settings.isPending) return <Loading height={300} />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <Page title={tx.title} testId="portal-settings">
      <Card style={{ maxWidth: 760 }}>
        {!manage ? <Alert type="info" showIcon title={tx.readOnly} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" disabled={!manage} onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="siteTitle"
            label={tx.siteTitle}
            rules={[{ required: true, message: tx.siteTitleRequired }, { max: 50 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item label={tx.logo} extra={tx.logoExtra}>
            <Flex gap={12} align="center">
              {logo.url ? (
                <img
                  src={logo.url}
                  alt={tx.logo}
                  width={56}
                  height={56}
                  style={{ objectFit: 'contain', borderRadius: '50%', background: '#fff' }}
                  data-testid="settings-logo"
                />
              ) : null}
              <Upload
                accept="image/jpeg,image/png,image/webp"
                showUploadList={false}
                beforeUpload={put('image', setLogo)}
              >
                <Button icon={<UploadOutlined />} data-testid="upload-logo">
                  {tx.uploadLogo}
                </Button>
              </Upload>
              {logo.id ? <Button onClick={() => setLogo({ id: null, url: null })}>{tx.remove}</Button> : null}
            </Flex>
          </Form.Item>
          <Form.Item
            name="heroSlogan"
            label={tx.heroSlogan}
            rules={[{ required: true, message: tx.heroSloganRequired }, { max: 50 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="heroText" label={tx.heroText}>
            <Input.TextArea rows={2} maxLength={300} showCount />
          </Form.Item>
          <Form.Item label={tx.heroImage}>
            <Flex vertical gap={8}>
              {hero.url ? (
                <img src={hero.url} alt={tx.heroImage} style={{ maxWidth: 360, borderRadius: 4 }} />
              ) : null}
              <Flex gap={8}>
                <Upload
                  accept="image/jpeg,image/png,image/webp"
                  showUploadList={false}
                  beforeUpload={put('image', setHero)}
                >
                  <Button icon={<UploadOutlined />}>{tx.uploadImage}</Button>
                </Upload>
                {hero.id ? (
                  <Button onClick={() => setHero({ id: null, url: null })}>{tx.remove}</Button>
                ) : null}
              </Flex>
            </Flex>
          </Form.Item>
          <Form.Item label={tx.music} extra={tx.musicExtra}>
            <Flex vertical gap={8}>
              {music.url ? <audio controls src={music.url} preload="none" /> : null}
              <Flex gap={8}>
                <Upload
                  accept="audio/mpeg,audio/ogg,audio/mp4,.m4a"
                  showUploadList={false}
                  beforeUpload={put('audio', setMusic)}
                >
                  <Button icon={<UploadOutlined />}>{tx.uploadAudio}</Button>
                </Upload>
                {music.id ? (
                  <Button onClick={() => setMusic({ id: null, url: null })}>{tx.remove}</Button>
                ) : null}
              </Flex>
            </Flex>
          </Form.Item>
          <Form.Item name="musicTitle" label={tx.musicTitle}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="footerText" label={tx.footer}>
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
          <Form.Item name="signoffRequired" label={tx.signoff} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {tx.save}
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
