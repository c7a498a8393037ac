import type { PersonalData } from '../../accounts/personalData.js';
import type { TranslationModels } from './translation.model.js';

/**
 * The translations a person wrote and the errors they reported: exported; the translator's name
 * goes with the account (the translation stays, unsigned); erased on erasure.
 */
export function translationsPersonalData(models: TranslationModels): PersonalData {
  return {
    key: 'translations',
    async export(userId) {
      const translations = await models.MessageTranslation.find({ translatorId: userId }).lean();
      const reports = await models.TranslationReport.find({ reporterId: userId }).lean();
      return {
        translations: translations.map((t) => ({
          messageId: String(t.messageId),
          language: t.language,
          body: t.body,
          createdAt: t.createdAt.toISOString(),
        })),
        reports: reports.map((r) => ({
          messageId: String(r.messageId),
          language: r.language,
          reason: r.reason,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },
    async onAccountDeleted(person) {
      await models.MessageTranslation.updateMany({ translatorId: person.id }, { $set: { translatorName: '' } });
      await models.TranslationReport.updateMany({ reporterId: person.id }, { $set: { reporterName: '' } });
    },
    async erase(userId) {
      const translations = await models.MessageTranslation.deleteMany({ translatorId: userId });
      const reports = await models.TranslationReport.deleteMany({ reporterId: userId });
      return translations.deletedCount + reports.deletedCount;
    },
  };
}
