import { addPriority, planIntro, writeParagraphs, type PriorityInit } from '../../shared/plans/doc.js';
import type { Logger } from '../logger.js';
import type { Models } from '../models.js';
import type { PlansDomain } from '../plans/domain.js';
import { loadPlan } from '../plans/scope.js';
import type { Actor } from '../policy/policy.js';
import { DEMO_USERS, type DemoSeedResult } from './demo.js';

type Seeded = Omit<PriorityInit, 'owner' | 'cities'> & { owner?: keyof typeof DEMO_USERS; cities?: string[] };

/** The Western Balkans plan (English), from the four launch roundtables. */
const WB_PLAN: { intro: string; priorities: Seeded[] } = {
  intro:
    'Priorities gathered from the four launch roundtables (English, Albanian, BCSM, Macedonian) with 60+ municipal officials, including 15 mayors and deputy mayors, civil society and international partners.',
  priorities: [
    {
      kind: 'training',
      title: 'National–local cooperation on prevention frameworks',
      description:
        'Participants highlighted the overlooked role of cities in preventing violence and the need for more bottom-up approaches.\nThe hub will facilitate national–local cooperation to close this gap.',
      status: 'agreed',
      owner: 'ana',
      target: '2026-Q2',
      cities: ['Tuzla'],
    },
    {
      kind: 'partnerships',
      title: 'Multi-stakeholder community action teams (Kumanovo, Kičevo)',
      description:
        'Share how the community action teams in two North Macedonian municipalities work, and help others set one up.',
      status: 'in_progress',
      owner: 'elena',
      target: '2026-Q1',
      cities: ['Kumanovo'],
    },
    {
      kind: 'advocacy',
      title: 'Youth councils and youth engagement in decision-making',
      description:
        'Engaging and empowering young people as key components of community resilience to violent extremism and hate.',
      status: 'proposed',
      owner: 'elena',
      target: '2026-Q2',
    },
    {
      kind: 'policy_outputs',
      title: 'A needs-assessment survey and a helpdesk for cities',
      description:
        'Next steps: a needs-assessment survey, a helpdesk, a small-grants application form and an in-person workshop.',
      status: 'agreed',
      owner: 'ana',
      target: '2026-06-30',
    },
    {
      kind: 'partnerships',
      title: 'Synergies with OSCE, IOM, the Regional Cooperation Council, GCERF and NDI',
      status: 'proposed',
    },
  ],
};

/** The MENA plan (Arabic), from the regional hub's launch workshop. */
const MENA_PLAN: { intro: string; priorities: Seeded[] } = {
  intro: 'في ورشة العمل الافتتاحية للمركز الإقليمي في مارس 2023 ، حدد أصحاب المصلحة عددًا من الاحتياجات ذات الأولوية.',
  priorities: [
    {
      kind: 'training',
      title: 'زيادة التوعية بدور المدن في الوقاية والاستجابة',
      description: 'تدريب مخصص من خلال تبادل الخبرات وجهاً لوجه وعبر الإنترنت.',
      status: 'agreed',
      owner: 'youssef',
      target: '2026-Q1',
      cities: ['Marrakesh'],
    },
    {
      kind: 'partnerships',
      title: 'التوجيه بشأن بناء شراكات موثوقة مع السكان الذين يصعب الوصول إليهم',
      status: 'in_progress',
      owner: 'leila',
      target: '2026-Q2',
      cities: ['Saida'],
    },
    {
      kind: 'advocacy',
      title: 'الانخراط مع الشباب والنساء والمجتمعات المهمشة',
      status: 'agreed',
      owner: 'leila',
    },
    {
      kind: 'policy_outputs',
      title: 'الحفاظ على التماسك الاجتماعي مع دعم المهاجرين والوافدين الجدد الآخرين',
      description:
        'بناء فرق تعاونية متعددة الجهات الفاعلة، والبنية التحتية المحلية لمنع التطرف العنيف والكراهية والاستقطاب.',
      status: 'proposed',
      owner: 'youssef',
      target: '2026-06-30',
    },
  ],
};

/**
 * The demo's 2026 H1 action plans: Western Balkans (English, in draft, to co-edit)
 * and MENA (Arabic, adopted). Written through the sync server like any change.
 */
export async function seedDemoPlans(
  plans: PlansDomain,
  models: Models,
  demo: DemoSeedResult,
  logger: Logger,
): Promise<{ westernBalkans: string; mena: string }> {
  const cities = new Map((await models.City.find().lean()).map((c) => [c.nameLatin, String(c._id)]));
  const seedOne = async (groupName: string, chair: keyof typeof DEMO_USERS, content: typeof WB_PLAN) => {
    const group = await models.Group.findOne({ name: groupName }).lean();
    if (!group) throw new Error(`demo group missing: ${groupName}`);
    const actor: Actor = { id: demo.users[chair], name: DEMO_USERS[chair].name, isAdmin: false };
    const view = await plans.plans.create(actor, group, { period: '2026-H1', carryOver: false }, new Set(['chair']));
    await plans.guard.write(
      view.documentName,
      (doc) => {
        writeParagraphs(planIntro(doc), content.intro);
        for (const p of content.priorities) {
          addPriority(doc, {
            ...p,
            owner: p.owner ? demo.users[p.owner] : '',
            cities: (p.cities ?? []).flatMap((name) => cities.get(name) ?? []),
          });
        }
      },
      { kind: 'server', reason: 'demo seed', actor },
    );
    return { id: view.id, actor };
  };
  const wb = await seedOne('Western Balkans Regional Advisory Group', 'ana', WB_PLAN);
  const mena = await seedOne('MENA Regional Advisory Group', 'youssef', MENA_PLAN);
  for (const status of ['review', 'adopted'] as const) {
    const plan = await loadPlan(plans.models, mena.id);
    await plans.plans.setStatus(mena.actor, plan, { status, note: undefined }, new Set(['chair']));
  }
  logger.info('seeded the demo action plans');
  return { westernBalkans: wb.id, mena: mena.id };
}
