import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../shared/languages';
import type { Me } from '../../shared/schemas/auth';
import { PERSON_TITLES, type DirectoryView } from '../../shared/schemas/network';
import { api } from '../app/api';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { LanguageField } from '../ui/LanguageField';
import { SelectField } from '../ui/SelectField';
import { useAction } from '../ui/useAction';
import { useApiData } from '../ui/useApiData';

/**
 * Name, title, city and preferred language; the directory provides the list of cities. The form
 * shows at once, its city list disabled until the directory answers: waiting for it with the whole
 * form pushed every section below down when it came.
 */
export function ProfileForm() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { data, error } = useApiData('GET /api/directory');
  return (
    <section className="panel" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <ErrorAlert error={error} />
      {me && <ProfileFields me={me} directory={data} directoryFailed={Boolean(error)} />}
    </section>
  );
}

interface FieldsProps {
  me: Me;
  /** Null until it answers (or when it failed: `directoryFailed`). */
  directory: DirectoryView | null;
  directoryFailed: boolean;
}

function ProfileFields({ me, directory, directoryFailed }: FieldsProps) {
  const { t } = useTranslation();
  const { adopt } = useSession();
  const { run, busy, error } = useAction();
  const [name, setName] = useState(me.name);
  const [title, setTitle] = useState(me.title);
  const [cityId, setCityId] = useState(me.cityId ?? '');
  const [language, setLanguageChoice] = useState<UiLanguage>(me.language);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      const { user } = await api('PATCH /api/me', {
        body: { name, title, language, cityId: cityId || null },
      });
      adopt(user);
      setSaved(true);
    });
  };

  return (
    <form className="stack-form" onSubmit={submit}>
      <label>
        {t('profile.name')}
        <input type="text" dir="auto" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('profile.personTitle')}
        <input
          type="text"
          dir="auto"
          list="person-titles"
          maxLength={120}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <datalist id="person-titles">
        {PERSON_TITLES.map((value) => (
          <option key={value} value={value} label={t(`titles.${value}`)} />
        ))}
      </datalist>
      <SelectField
        label={t('profile.city')}
        value={cityId}
        onChange={(e) => setCityId(e.target.value)}
        disabled={!directory}
      >
        {!directory && cityId !== '' && <option value={cityId}>{directoryFailed ? '—' : t('app.loading')}</option>}
        <option value="">{t('profile.noCity')}</option>
        {directory?.hubs.map((hub) => (
          <optgroup key={hub.id} label={hub.name}>
            {directory.cities
              .filter((c) => c.hubId === hub.id)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.nameLatin === c.name ? c.name : `${c.name} (${c.nameLatin})`}
                </option>
              ))}
          </optgroup>
        ))}
      </SelectField>
      <LanguageField value={language} onChange={setLanguageChoice} />
      <ErrorAlert error={error} />
      <p role="status" className="ok">
        {saved ? t('profile.saved') : ''}
      </p>
      <button type="submit" disabled={busy || !name.trim()}>
        {t('profile.save')}
      </button>
    </form>
  );
}
