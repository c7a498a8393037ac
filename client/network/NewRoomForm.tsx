import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ROUNDTABLE_LANGUAGES, type RoundtableLanguage } from '../../shared/languages';
import { api } from '../app/api';
import { Checklist } from '../ui/Checklist';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAction } from '../ui/useAction';

/** Opens a new roundtable room for the group and goes into it. */
export function NewRoomForm({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { run, busy, error } = useAction();
  const [title, setTitle] = useState('');
  const [languages, setLanguages] = useState<RoundtableLanguage[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const { room } = await api('POST /api/groups/:id/rooms', { params: { id: groupId }, body: { title, languages } });
      await navigate(`/rooms/${room.id}`);
    });
  };

  return (
    <form className="stack-form" onSubmit={submit}>
      <h3>{t('newRoom.title')}</h3>
      <label>
        {t('newRoom.roomTitle')}
        <input
          type="text"
          dir="auto"
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <Checklist
        legend={t('newRoom.languages')}
        items={ROUNDTABLE_LANGUAGES.map((language) => ({ value: language, label: t(`languageNames.${language}`) }))}
        selected={languages}
        onChange={setLanguages}
      />
      <ErrorAlert error={error} />
      <button type="submit" disabled={busy || !title.trim() || languages.length === 0}>
        {t('newRoom.submit')}
      </button>
    </form>
  );
}
