import { useEffect, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Switch, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePermissions } from '../../app/me';
import { Page } from '../../shared/components/Page';
import { ErrorState, Loading } from '../../shared/components/States';
import { showError, showSuccess } from '../../shared/lib/feedback';
import { applyFieldErrors } from '../../shared/lib/forms';
import { newsroomApi, type PortalSettings } from './api';

/** 网站设置: hero slogan/text/image, theme music (an uploaded file; never autoplayed), second-level sign-off. */
export default function SettingsPage() {
  const qc = useQueryClient();
  const { can } = usePermissions();
  const manage = can('portal.signoff') || can('portal.review');
  const [form] = Form.useForm<PortalSettings>();
  const [hero, setHero] = useState<{ id: string | null; url: string | null }>({ id: null, url: null });
  const [music, setMusic] = useState<{ id: string | null; url: string | null }>({ id: null, url: null });
  const settings = useQuery({
    queryKey: ['portal', 'settings'],
    queryFn: ({ signal }) => newsroomApi.settings(signal),
  });
  useEffect(() => {
    if (!settings.data) return;
    form.setFieldsValue(settings.data);
    setHero({ id: settings.data.heroImageId, url: settings.data.heroImageUrl });
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
        musicMediaId: music.id,
      }),
    onSuccess: () => {
      showSuccess('已保存，网站即时更新');
      void qc.invalidateQueries({ queryKey: ['portal', 'settings'] });
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
    <Page title="网站设置" testId="portal-settings">
      <Card style={{ maxWidth: 760 }}>
        {!manage ? (
          <Alert
            type="info"
            showIcon
            title="只有园区审核人员或党总支可以修改网站设置"
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form form={form} layout="vertical" disabled={!manage} onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="siteTitle"
            label="网站名称"
            rules={[{ required: true, message: '请输入网站名称' }, { max: 50 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="heroSlogan"
            label="首页标语"
            rules={[{ required: true, message: '请输入标语' }, { max: 50 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="heroText" label="首页导语">
            <Input.TextArea rows={2} maxLength={300} showCount />
          </Form.Item>
          <Form.Item label="首页大图">
            <Flex vertical gap={8}>
              {hero.url ? (
                <img src={hero.url} alt="首页大图" style={{ maxWidth: 360, borderRadius: 4 }} />
              ) : null}
              <Flex gap={8}>
                <Upload
                  accept="image/jpeg,image/png,image/webp"
                  showUploadList={false}
                  beforeUpload={put('image', setHero)}
                >
                  <Button icon={<UploadOutlined />}>上传图片</Button>
                </Upload>
                {hero.id ? <Button onClick={() => setHero({ id: null, url: null })}>移除</Button> : null}
              </Flex>
            </Flex>
          </Form.Item>
          <Form.Item
            label="背景音乐"
            extra="上传本园区有权使用的音频文件（MP3/OGG/M4A）。网站不会自动播放，访客可自行播放或暂停。"
          >
            <Flex vertical gap={8}>
              {music.url ? <audio controls src={music.url} preload="none" /> : null}
              <Flex gap={8}>
                <Upload
                  accept="audio/mpeg,audio/ogg,audio/mp4,.m4a"
                  showUploadList={false}
                  beforeUpload={put('audio', setMusic)}
                >
                  <Button icon={<UploadOutlined />}>上传音频</Button>
                </Upload>
                {music.id ? <Button onClick={() => setMusic({ id: null, url: null })}>移除</Button> : null}
              </Flex>
            </Flex>
          </Form.Item>
          <Form.Item name="musicTitle" label="曲名">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="footerText" label="页脚">
            <Input.TextArea rows={2} maxLength={300} />
          </Form.Item>
          <Form.Item
            name="signoffRequired"
            label="二级签发（审核通过后还须党总支签发才发布）"
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
