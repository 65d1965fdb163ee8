package domain

// The НОК indicators, criteria and the lists of conditions behind the counted
// indicators, as data (docs/score.md; Приказ Минтруда № 344н with the culture
// indicators of Приказ Минкультуры № 599). The titles are the regulation's
// wording: a checklist point of a plan item names the condition it provides
// by key, and reports print the title.

// IndicatorKind says how an indicator's value follows from the raw inputs.
type IndicatorKind string

// Indicator kinds.
const (
	// IndicatorInfo is 1.1: materials found on the stands and on the site against the norms.
	IndicatorInfo IndicatorKind = "info"
	// IndicatorConditions gives PointsPer points for every present condition, at most 100.
	IndicatorConditions IndicatorKind = "conditions"
	// IndicatorSurvey is the share of satisfied respondents (1.3 averages two shares).
	IndicatorSurvey IndicatorKind = "survey"
)

// NokIndicator is one indicator of the assessment with its weight inside its criterion.
type NokIndicator struct {
	Code      string // "1.1" … "5.3"; 2.2 is not used for culture
	Section   Section
	Criterion string  // "К1" … "К5"
	Weight    float64 // inside the criterion
	Kind      IndicatorKind
	PointsPer float64  // points per condition (IndicatorConditions)
	Parts     []string // survey parts whose shares make the value (IndicatorSurvey)
	Title     string   // the regulation's wording
}

// NokCriterion is one of the five criteria (sections I–V of the plan).
type NokCriterion struct {
	Code       string // "К1" … "К5" (Cyrillic К)
	Section    Section
	Title      string
	Indicators []string
}

// NokCondition is one condition behind a counted indicator (1.2, 2.1, 3.1,
// 3.2) or, for 1.1, one of its two halves (the stands, the site).
type NokCondition struct {
	Key       string // stable: "2.1.water"; stored on checklist points
	Indicator string
	Title     string // the regulation's wording
}

// Survey parts of 1.3: the users of the stands and the users of the site.
const (
	Part13Stand = "1.3.stand"
	Part13Site  = "1.3.site"
)

// Conditions of 1.1: the stands, or the site, carry every required material.
const (
	Cond11Stand = "1.1.stand"
	Cond11Site  = "1.1.site"
)

var nokIndicators = []NokIndicator{
	{Code: "1.1", Section: Section1, Criterion: "К1", Weight: 0.3, Kind: IndicatorInfo,
		Title: "Соответствие информации о деятельности организации культуры, размещённой на общедоступных информационных ресурсах, её содержанию и порядку (форме), установленным нормативными правовыми актами"},
	{Code: "1.2", Section: Section1, Criterion: "К1", Weight: 0.3, Kind: IndicatorConditions, PointsPer: 30,
		Title: "Наличие на официальном сайте организации культуры информации о дистанционных способах обратной связи и взаимодействия с получателями услуг и их функционирование"},
	{Code: "1.3", Section: Section1, Criterion: "К1", Weight: 0.4, Kind: IndicatorSurvey, Parts: []string{Part13Stand, Part13Site},
		Title: "Доля получателей услуг, удовлетворённых открытостью, полнотой и доступностью информации о деятельности организации культуры, размещённой на информационных стендах в помещении организации, на официальном сайте организации в сети «Интернет»"},
	{Code: "2.1", Section: Section2, Criterion: "К2", Weight: 0.5, Kind: IndicatorConditions, PointsPer: 20,
		Title: "Обеспечение в организации культуры комфортных условий для предоставления услуг"},
	{Code: "2.3", Section: Section2, Criterion: "К2", Weight: 0.5, Kind: IndicatorSurvey, Parts: []string{"2.3"},
		Title: "Доля получателей услуг, удовлетворённых комфортностью предоставления услуг организацией культуры"},
	{Code: "3.1", Section: Section3, Criterion: "К3", Weight: 0.3, Kind: IndicatorConditions, PointsPer: 20,
		Title: "Оборудование помещений организации культуры и прилегающей к ней территории с учётом доступности для инвалидов"},
	{Code: "3.2", Section: Section3, Criterion: "К3", Weight: 0.4, Kind: IndicatorConditions, PointsPer: 20,
		Title: "Обеспечение в организации культуры условий доступности, позволяющих инвалидам получать услуги наравне с другими"},
	{Code: "3.3", Section: Section3, Criterion: "К3", Weight: 0.3, Kind: IndicatorSurvey, Parts: []string{"3.3"},
		Title: "Доля получателей услуг, удовлетворённых доступностью услуг для инвалидов"},
	{Code: "4.1", Section: Section4, Criterion: "К4", Weight: 0.4, Kind: IndicatorSurvey, Parts: []string{"4.1"},
		Title: "Доля получателей услуг, удовлетворённых доброжелательностью, вежливостью работников организации культуры, обеспечивающих первичный контакт и информирование получателя услуги при непосредственном обращении в организацию"},
	{Code: "4.2", Section: Section4, Criterion: "К4", Weight: 0.4, Kind: IndicatorSurvey, Parts: []string{"4.2"},
		Title: "Доля получателей услуг, удовлетворённых доброжелательностью, вежливостью работников организации культуры, обеспечивающих непосредственное оказание услуги при обращении в организацию"},
	{Code: "4.3", Section: Section4, Criterion: "К4", Weight: 0.2, Kind: IndicatorSurvey, Parts: []string{"4.3"},
		Title: "Доля получателей услуг, удовлетворённых доброжелательностью, вежливостью работников организации культуры при использовании дистанционных форм взаимодействия"},
	{Code: "5.1", Section: Section5, Criterion: "К5", Weight: 0.3, Kind: IndicatorSurvey, Parts: []string{"5.1"},
		Title: "Доля получателей услуг, которые готовы рекомендовать организацию культуры родственникам и знакомым (могли бы её рекомендовать, если бы была возможность выбора организации)"},
	{Code: "5.2", Section: Section5, Criterion: "К5", Weight: 0.2, Kind: IndicatorSurvey, Parts: []string{"5.2"},
		Title: "Доля получателей услуг, удовлетворённых организационными условиями предоставления услуг (графиком работы организации культуры)"},
	{Code: "5.3", Section: Section5, Criterion: "К5", Weight: 0.5, Kind: IndicatorSurvey, Parts: []string{"5.3"},
		Title: "Доля получателей услуг, удовлетворённых в целом условиями оказания услуг в организации культуры"},
}

var nokCriteria = []NokCriterion{
	{Code: "К1", Section: Section1, Title: "Открытость и доступность информации об организации культуры", Indicators: []string{"1.1", "1.2", "1.3"}},
	{Code: "К2", Section: Section2, Title: "Комфортность условий предоставления услуг", Indicators: []string{"2.1", "2.3"}},
	{Code: "К3", Section: Section3, Title: "Доступность услуг для инвалидов", Indicators: []string{"3.1", "3.2", "3.3"}},
	{Code: "К4", Section: Section4, Title: "Доброжелательность, вежливость работников организации культуры", Indicators: []string{"4.1", "4.2", "4.3"}},
	{Code: "К5", Section: Section5, Title: "Удовлетворённость условиями оказания услуг", Indicators: []string{"5.1", "5.2", "5.3"}},
}

var nokConditions = []NokCondition{
	{Cond11Stand, "1.1", "информация о деятельности организации на информационных стендах в помещении организации соответствует установленному перечню"},
	{Cond11Site, "1.1", "информация о деятельности организации на официальном сайте организации в сети «Интернет» соответствует установленному перечню"},

	{"1.2.phone", "1.2", "телефона"},
	{"1.2.email", "1.2", "электронной почты"},
	{"1.2.eservices", "1.2", "электронных сервисов (форма для подачи электронного обращения (жалобы, предложения), получение консультации по оказываемым услугам и пр.)"},
	{"1.2.faq", "1.2", "раздела официального сайта «Часто задаваемые вопросы»"},
	{"1.2.opinion", "1.2", "технической возможности выражения получателем услуг мнения о качестве условий оказания услуг организацией (наличие анкеты для опроса граждан или гиперссылки на неё)"},
	{"1.2.other", "1.2", "иного дистанционного способа взаимодействия"},

	{"2.1.rest_zone", "2.1", "наличие комфортной зоны отдыха (ожидания), оборудованной соответствующей мебелью"},
	{"2.1.navigation", "2.1", "наличие и понятность навигации внутри организации"},
	{"2.1.water", "2.1", "наличие и доступность питьевой воды"},
	{"2.1.sanitary", "2.1", "наличие и доступность санитарно-гигиенических помещений"},
	{"2.1.cleanliness", "2.1", "санитарное состояние помещений организации"},
	{"2.1.transport", "2.1", "транспортная доступность (возможность доехать до организации на общественном транспорте, наличие парковки)"},
	{"2.1.booking", "2.1", "доступность записи на получение услуги (по телефону, на официальном сайте организации в сети «Интернет», при личном посещении и пр.)"},

	{"3.1.ramps", "3.1", "оборудование входных групп пандусами (подъёмными платформами)"},
	{"3.1.parking", "3.1", "наличие выделенных стоянок для автотранспортных средств инвалидов"},
	{"3.1.lifts", "3.1", "наличие адаптированных лифтов, поручней, расширенных дверных проёмов"},
	{"3.1.wheelchairs", "3.1", "наличие сменных кресел-колясок"},
	{"3.1.toilets", "3.1", "наличие специально оборудованных санитарно-гигиенических помещений в организации"},

	{"3.2.duplication", "3.2", "дублирование для инвалидов по слуху и зрению звуковой и зрительной информации"},
	{"3.2.braille", "3.2", "дублирование надписей, знаков и иной текстовой и графической информации знаками, выполненными рельефно-точечным шрифтом Брайля"},
	{"3.2.sign_language", "3.2", "возможность предоставления инвалидам по слуху (слуху и зрению) услуг сурдопереводчика (тифлосурдопереводчика)"},
	{"3.2.site_version", "3.2", "наличие альтернативной версии официального сайта организации в сети «Интернет» для инвалидов по зрению"},
	{"3.2.staff_help", "3.2", "помощь, оказываемая работниками организации, прошедшими необходимое обучение (инструктирование) по сопровождению инвалидов в помещениях организации и на прилегающей территории"},
	{"3.2.remote", "3.2", "наличие возможности предоставления услуги в дистанционном режиме или на дому"},
}

// NokIndicators returns the fourteen indicators in code order (a copy).
func NokIndicators() []NokIndicator { return append([]NokIndicator(nil), nokIndicators...) }

// NokCriteria returns the five criteria in order (a copy).
func NokCriteria() []NokCriterion { return append([]NokCriterion(nil), nokCriteria...) }

// LookupIndicator returns the indicator with the given code ("2.2" is not one).
func LookupIndicator(code string) (NokIndicator, bool) {
	for _, in := range nokIndicators {
		if in.Code == code {
			return in, true
		}
	}
	return NokIndicator{}, false
}

// LookupCriterion returns the criterion with the given code ("К1" … "К5").
func LookupCriterion(code string) (NokCriterion, bool) {
	for _, c := range nokCriteria {
		if c.Code == code {
			return c, true
		}
	}
	return NokCriterion{}, false
}

// Conditions returns the conditions behind an indicator in the regulation's
// order (nil for a survey indicator).
func Conditions(indicator string) []NokCondition {
	var out []NokCondition
	for _, c := range nokConditions {
		if c.Indicator == indicator {
			out = append(out, c)
		}
	}
	return out
}

// AllConditions returns every condition (a copy).
func AllConditions() []NokCondition { return append([]NokCondition(nil), nokConditions...) }

// LookupCondition returns the condition with the given key.
func LookupCondition(key string) (NokCondition, bool) {
	for _, c := range nokConditions {
		if c.Key == key {
			return c, true
		}
	}
	return NokCondition{}, false
}

// SurveyParts lists every survey part in indicator order: 1.3 has two (the
// stands and the site), every other survey indicator one named by its code.
func SurveyParts() []string {
	var out []string
	for _, in := range nokIndicators {
		out = append(out, in.Parts...)
	}
	return out
}

// surveyIndicator returns the indicator a survey part belongs to.
func surveyIndicator(part string) (NokIndicator, bool) {
	for _, in := range nokIndicators {
		for _, p := range in.Parts {
			if p == part {
				return in, true
			}
		}
	}
	return NokIndicator{}, false
}
