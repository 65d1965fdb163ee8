package domain

// The site audit's checks: what the assessor counts on an institution's
// official site, worded as the acts word it (docs/site-audit.md lists the
// sources and what the audit cannot see). The matching itself (which words
// on which part of a page) is in app/siteaudit; here is what is looked
// for, why, and what a plan item completing it provides.

// Groups of site checks: the indicator each counts towards.
const (
	SiteGroupMaterial = "1.1" // a material Приказ Минкультуры № 277 requires on the site
	SiteGroupChannel  = "1.2" // a remote channel of indicator 1.2
	SiteGroupAccess   = "3.2" // the version for the visually impaired (indicator 3.2)
)

// Sources of the checks.
const (
	Source277 = "Приказ Минкультуры России от 20.02.2015 № 277, п. 3"
	Source599 = "Приказ Минкультуры России от 27.04.2018 № 599 (показатели 1.2, 3.2); Приказ Минтруда России № 344н"
)

// SiteCheck is one thing the audit looks for.
type SiteCheck struct {
	Key       string   // stable: "277.charter", "1.2.faq", "3.2.site_version"
	Group     string   // SiteGroup…
	Wording   string   // as the act words it
	Source    string   // the act
	Condition string   // the НОК condition a plan item completing it provides
	Measure   string   // the plan item's measure when it is missing
	Words     []string // lower-case phrases (ё written е) in link texts, headings or text that show it
}

// siteChecks: the materials of № 277 (п. 3.1–3.3; the licence copies are
// left out: only organisations with licensed activities must publish
// them), then the remote channels of 1.2 and the version of 3.2. The
// channels' and the version's Words are only a part of their matching:
// links (tel:, mailto:, known hosts), forms and widgets are matched by
// app/siteaudit.
var siteChecks = []SiteCheck{
	{Key: "277.name", Group: SiteGroupMaterial, Wording: "полное и сокращённое наименование организации культуры",
		Words: []string{"полное наименование", "сокращенное наименование", "наименование учреждения", "наименование организации"}},
	{Key: "277.address", Group: SiteGroupMaterial, Wording: "место нахождения, почтовый адрес, схема проезда",
		Words: []string{"почтовый адрес", "юридический адрес", "фактический адрес", "место нахождения", "местонахождение", "схема проезда", "как добраться", "адрес:"}},
	{Key: "277.founder", Group: SiteGroupMaterial, Wording: "дата создания организации культуры, сведения об учредителе (учредителях)",
		Words: []string{"учредитель", "учредители", "об учредителе"}},
	{Key: "277.charter", Group: SiteGroupMaterial, Wording: "учредительные документы (копия устава организации культуры)",
		Words: []string{"устав", "учредительные документы"}},
	{Key: "277.structure", Group: SiteGroupMaterial, Wording: "структура организации культуры",
		Words: []string{"структура", "структурные подразделения", "филиалы"}},
	{Key: "277.schedule", Group: SiteGroupMaterial, Wording: "режим, график работы",
		Words: []string{"режим работы", "график работы", "часы работы", "время работы"}},
	{Key: "277.contacts", Group: SiteGroupMaterial, Wording: "контактные телефоны, адреса электронной почты",
		Words: []string{"контакты", "контактная информация", "контактные телефоны"}},
	{Key: "277.management", Group: SiteGroupMaterial, Wording: "фамилии, имена, отчества, должности руководящего состава организации культуры, её структурных подразделений (филиалов)",
		Words: []string{"руководство", "руководящий состав", "администрация", "директор"}},
	{Key: "277.services", Group: SiteGroupMaterial, Wording: "сведения о видах предоставляемых услуг",
		Words: []string{"услуги", "виды услуг", "наши услуги"}},
	{Key: "277.prices", Group: SiteGroupMaterial, Wording: "копии нормативных правовых актов, устанавливающих цены (тарифы) на услуги либо порядок их установления, перечень оказываемых платных услуг, цены (тарифы) на услуги",
		Words: []string{"платные услуги", "прейскурант", "цены", "тарифы", "стоимость билет", "стоимость услуг"}},
	{Key: "277.finplan", Group: SiteGroupMaterial, Wording: "копия плана финансово-хозяйственной деятельности организации культуры или бюджетной сметы (информация об объёме предоставляемых услуг)",
		Words: []string{"план финансово-хозяйственной деятельности", "пфхд", "бюджетная смета", "бюджетной сметы"}},
	{Key: "277.base", Group: SiteGroupMaterial, Wording: "информация о материально-техническом обеспечении предоставления услуг организацией культуры",
		Words: []string{"материально-техническ"}},
	{Key: "277.events", Group: SiteGroupMaterial, Wording: "информация о планируемых мероприятиях",
		Words: []string{"афиша", "мероприятия", "план мероприятий", "календарь событий", "анонсы"}},
	{Key: "277.task", Group: SiteGroupMaterial, Wording: "информация о выполнении государственного (муниципального) задания, отчёт о результатах деятельности организации культуры",
		Words: []string{"государственное задание", "муниципальное задание", "государственного задания", "муниципального задания", "госзадание", "отчет о результатах деятельности", "отчет о выполнении"}},
	{Key: "277.nok", Group: SiteGroupMaterial, Wording: "результаты независимой оценки качества оказания услуг организациями культуры, предложения об улучшении качества их деятельности, план по улучшению качества работы организации",
		Words: []string{"независимая оценка качества", "независимой оценки качества", "план по улучшению", "план по устранению недостатков"}},

	{Key: "1.2.phone", Group: SiteGroupChannel, Condition: "1.2.phone", Wording: "телефона",
		Measure: "Разместить на официальном сайте номер телефона для обращений получателей услуг"},
	{Key: "1.2.email", Group: SiteGroupChannel, Condition: "1.2.email", Wording: "электронной почты",
		Measure: "Разместить на официальном сайте адрес электронной почты для обращений получателей услуг"},
	{Key: "1.2.eservices", Group: SiteGroupChannel, Condition: "1.2.eservices",
		Wording: "электронных сервисов (форма для подачи электронного обращения (жалобы, предложения), получение консультации по оказываемым услугам и пр.)",
		Measure: "Разместить на официальном сайте форму для подачи электронного обращения (жалобы, предложения)"},
	{Key: "1.2.faq", Group: SiteGroupChannel, Condition: "1.2.faq", Wording: "раздела официального сайта «Часто задаваемые вопросы»",
		Measure: "Создать на официальном сайте раздел «Часто задаваемые вопросы»",
		Words:   []string{"часто задаваемые вопросы", "вопрос-ответ", "вопросы и ответы", "faq"}},
	{Key: "1.2.opinion", Group: SiteGroupChannel, Condition: "1.2.opinion",
		Wording: "технической возможности выражения получателем услуг мнения о качестве условий оказания услуг организацией (наличие анкеты для опроса граждан или гиперссылки на неё)",
		Measure: "Разместить на официальном сайте анкету для оценки качества условий оказания услуг или ссылку на неё (bus.gov.ru)",
		Words:   []string{"анкета", "анкету", "анкетирование", "оценить качество", "оцените качество", "оставить отзыв", "пройти опрос", "опрос посетителей", "опрос получателей услуг"}},
	{Key: "1.2.other", Group: SiteGroupChannel, Condition: "1.2.other", Wording: "иного дистанционного способа взаимодействия",
		Measure: "Разместить на официальном сайте иной дистанционный способ взаимодействия (группа в социальной сети, мессенджер, онлайн-консультант)",
		Words:   []string{"онлайн-консультант", "онлайн консультант", "обратный звонок"}},

	{Key: "3.2.site_version", Group: SiteGroupAccess, Condition: "3.2.site_version",
		Wording: "наличие альтернативной версии официального сайта организации в сети «Интернет» для инвалидов по зрению",
		Measure: "Установить на официальном сайте версию для слабовидящих",
		Words:   []string{"версия для слабовидящих", "для слабовидящих", "версия для слепых", "для людей с нарушением зрения", "специальные возможности"}},
}

// SiteChecks lists every check in the order the page shows them.
func SiteChecks() []SiteCheck {
	out := make([]SiteCheck, len(siteChecks))
	for i, c := range siteChecks {
		c.Source = Source277
		if c.Group != SiteGroupMaterial {
			c.Source = Source599
		} else {
			c.Condition = Cond11Site
			c.Measure = "Разместить на официальном сайте: " + c.Wording + " (Приказ Минкультуры России № 277)"
		}
		out[i] = c
	}
	return out
}

// LookupSiteCheck returns the check with key.
func LookupSiteCheck(key string) (SiteCheck, bool) {
	for _, c := range SiteChecks() {
		if c.Key == key {
			return c, true
		}
	}
	return SiteCheck{}, false
}
