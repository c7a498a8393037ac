/**
 * Demo content. The Arabic passages are taken verbatim from the network's own
 * (machine-translated) pages about the Western Balkans and MENA hubs; the English
 * passages summarise them. Used by the demo seed and by tests as real RTL text.
 */
export const WB_DOC = {
  title: 'Western Balkans roundtable — 2026 H1 priorities',
  intro:
    'Draft priorities gathered from the four launch roundtables (English, Albanian, BCSM, Macedonian). Add comments in the thread; the regional advisory group adopts the final list.',
  priorities: [
    'Training: national–local cooperation on prevention frameworks',
    'Partnerships: multi-stakeholder community action teams (Kumanovo, Kičevo)',
    'Advocacy: youth councils and youth engagement in decision-making',
    'Policy and communications: a needs-assessment survey and a helpdesk for cities',
  ],
  arabicHeading: 'التعاون الوطني والمحلي',
  arabic:
    'وسلط المشاركون الضوء على الدور الذي يتم تجاهله للمدن في منع العنف، مشددين على الحاجة إلى المزيد من النهج التصاعدية. وسيساعد المركز الإقليمي لغرب البلقان على تيسير التعاون الوطني والمحلي ومعالجة هذه الفجوة.',
  arabicHeading2: 'مشاركة الشباب',
  arabic2:
    'وأقر المشاركون بالمشاركة مع الشباب وتمكينهم كمكونات رئيسية في بناء قدرة مجتمعية فعالة على الصمود في وجه العنف المتطرف وبدافع الكراهية.',
};

export const WB_THREAD = [
  {
    author: 'ana',
    body: 'Welcome to the 2026 H1 roundtable. Please comment on the four draft priorities before the advisory group meets.',
  },
  {
    author: 'leila',
    body: 'الخطوات التالية: سيقوم المركز بتفعيل وظائفه الرئيسية لضمان قدرته على خدمة وحدات الحكم الذاتي المحلي المهتمة في المنطقة باستمرار.',
  },
  {
    author: 'elena',
    body: 'Kumanovo can share how our community action team works — suggest we add it under partnerships.',
  },
];

export const MENA_DOC = {
  title: 'MENA roundtable — local prevention networks',
  arabicHeading: 'احتياجات وأولويات المدينة',
  arabic:
    'في ورشة العمل الافتتاحية للمركز الإقليمي في مارس 2023 ، حدد أصحاب المصلحة عددًا من الاحتياجات ذات الأولوية ، بما في ذلك: زيادة التوعية بدور المدن في الوقاية والاستجابة ؛ الانخراط مع الشباب والنساء والمجتمعات المهمشة.',
};
