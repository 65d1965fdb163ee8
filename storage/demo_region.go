package storage

import (
	"context"
	"fmt"

	"planboard/domain"
)

// DemoRegionName is the demo's region: the regional ministry, over its own
// institutions' founder (itself, as a founder) and a municipal founder.
const DemoRegionName = "Министерство культуры и национальной политики Кузбасса"

// DemoMunicipalFounderName is the demo's municipal founder under the region.
const DemoMunicipalFounderName = "Управление культуры администрации города Новокузнецка"

// demoRegion builds the oversight tree of the demo (docs/regions.md): the
// region over the existing founder f (and, with opt.Municipal, a municipal
// founder with two institutions and plans of their own), and the login
// region@example.org.
func (s *Store) demoRegion(ctx context.Context, opt DemoOptions, f *domain.Founder, admin *domain.User) (domain.DemoUser, error) {
	region := &domain.Overseer{Name: DemoRegionName, ShortName: "Минкультуры Кузбасса"}
	if err := s.CreateOverseer(ctx, region); err != nil {
		return domain.DemoUser{}, err
	}
	if err := s.AttachFounder(ctx, f.ID, region.ID); err != nil {
		return domain.DemoUser{}, err
	}
	if err := s.demoRecommendations(ctx, region); err != nil {
		return domain.DemoUser{}, err
	}
	if opt.Municipal {
		if err := s.demoMunicipal(ctx, opt, region, admin); err != nil {
			return domain.DemoUser{}, err
		}
	}
	u := &domain.User{Email: "region@example.org", FullName: "Соколова Елена Николаевна", Position: "Заместитель министра", PasswordHash: opt.PasswordHash}
	if err := s.CreateUser(ctx, u); err != nil {
		return domain.DemoUser{}, err
	}
	if err := s.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleRegion, OverseerID: region.ID}); err != nil {
		return domain.DemoUser{}, err
	}
	return domain.DemoUser{Email: u.Email, Role: string(domain.RoleRegion), Institution: region.ShortName}, nil
}

// demoMunicipal is the municipal founder under the region with two
// institutions and their plans (a museum's submitted, a library's approved).
func (s *Store) demoMunicipal(ctx context.Context, opt DemoOptions, region *domain.Overseer, admin *domain.User) error {
	muni := &domain.Founder{Name: DemoMunicipalFounderName, ShortName: "Управление культуры г. Новокузнецка"}
	if err := s.CreateFounder(ctx, muni); err != nil {
		return err
	}
	if err := s.AttachFounder(ctx, muni.ID, region.ID); err != nil {
		return err
	}
	insts := []*domain.Institution{
		{FounderID: muni.ID, Name: "Муниципальное бюджетное учреждение культуры «Новокузнецкий городской музей»", ShortName: "МБУК «Городской музей»",
			Kind: domain.KindMuseum, Slug: "gorodskoy-muzey-nk", TimeZone: DemoZone},
		{FounderID: muni.ID, Name: "Муниципальное бюджетное учреждение культуры «Библиотека им. Н. В. Гоголя»", ShortName: "МБУК «Библиотека им. Гоголя»",
			Kind: domain.KindLibrary, Slug: "biblioteka-gogolya-nk", TimeZone: DemoZone},
	}
	for i, in := range insts {
		if err := s.CreateInstitution(ctx, in); err != nil {
			return err
		}
		status := domain.PlanApproved
		if i == 0 {
			status = domain.PlanSubmitted
		}
		if err := s.demoPlan(ctx, opt, in, string(in.Kind), status, []int64{admin.ID}, admin, 0); err != nil {
			return err
		}
	}
	return nil
}

// demoKuzbass are the four proposals of the Kuzbass document (the seeds'
// «Предложения по улучшению качества деятельности учреждений культуры
// Кемеровской области – Кузбасса»), with the criteria each concerns.
var demoKuzbass = []domain.Recommendation{
	{Title: "Удовлетворённость качеством услуг: фонд и мероприятия, информирование, ремонт и оснащение, электронные билеты",
		Text:     "Увеличить фонд новой литературой, чаще проводить новые мероприятия, в том числе для молодёжи; расширить информирование населения о культурных мероприятиях в СМИ и в сети «Интернет» через официальные сайты организаций, в том числе в социальных сетях; провести текущие ремонты, приобрести необходимую мебель (столы, стулья, стеллажи, банкетки, зеркала), установить кулеры с питьевой водой, кофе-автоматы, приобрести техническую аппаратуру (телевизоры, фотоаппараты, музыкальное оборудование), привести в соответствие санитарно-гигиенические помещения, увеличить места для стоянки автомобилей; на официальных сайтах библиотек представлять более широкий спектр новых изданий; предоставить возможность покупки (бронирования) билетов в электронном виде на официальных сайтах.",
		Criteria: []domain.Section{domain.Section2, domain.Section5}},
	{Title: "Полнее представить сведения на официальном сайте",
		Text:     "Более полно представить необходимые сведения на официальном сайте учреждения. Совершенствовать работу над содержанием сайтов организаций культуры в соответствии с требованиями законодательства.",
		Criteria: []domain.Section{domain.Section1}},
	{Title: "Повышение квалификации работников",
		Text:     "Регулярно планировать и выполнять мероприятия по повышению квалификации специалистов, проводить обучающие семинары, курсы, тренинги.",
		Criteria: []domain.Section{domain.Section4}},
	{Title: "Возможность выразить мнение о качестве услуг на сайте",
		Text:     "Предоставить на официальных сайтах возможность получателям услуг выразить своё мнение о качестве предоставляемых услуг с целью изучения предложений по улучшению их качества.",
		Criteria: []domain.Section{domain.Section1}},
}

// demoRecommendations enters the Kuzbass recommendations for the region
// and marks the library's plan with what Planboard proposes for it, as its
// director would confirm, so the matrix shows answers and gaps at once.
func (s *Store) demoRecommendations(ctx context.Context, region *domain.Overseer) error {
	all := domain.Scope{All: true}
	recs := make([]domain.Recommendation, len(demoKuzbass))
	for i, r := range demoKuzbass {
		r.OverseerID = region.ID
		if err := s.CreateRecommendation(ctx, &r); err != nil {
			return err
		}
		recs[i] = r
	}
	plans, err := s.Plans(ctx, all)
	if err != nil {
		return err
	}
	for _, p := range plans {
		if p.Institution.Slug != "centralnaya-biblioteka" {
			continue
		}
		items, err := s.PlanItems(ctx, all, p.Plan.ID)
		if err != nil {
			return err
		}
		answers := map[int64][]int64{}
		for _, r := range recs {
			for _, id := range domain.ProposeAnswers(r, items) {
				answers[id] = append(answers[id], r.ID)
			}
		}
		return s.SavePlanAnswers(ctx, all, p.Plan.ID, answers)
	}
	return nil
}

// nationalTree builds opt.Regions regions under a federal node for the
// synthetic set and returns which founder institution i belongs to. As in
// life, each region has its own ministry as a founder (f for the first
// region: the demo logins keep their founder) and 20–60 municipal
// founders, fewer when the region has fewer institutions; the ministry
// keeps a fifth of the region's institutions. Without regions every
// institution is f's.
func (s *Store) nationalTree(ctx context.Context, opt DemoOptions, f *domain.Founder) (func(int) int64, []domain.DemoUser, error) {
	if opt.Regions <= 0 {
		return func(int) int64 { return f.ID }, nil, nil
	}
	fed := &domain.Overseer{Name: "Министерство культуры Российской Федерации", ShortName: "Минкультуры России"}
	if err := s.CreateOverseer(ctx, fed); err != nil {
		return nil, nil, err
	}
	per := opt.Institutions / opt.Regions
	var founders [][]int64 // per region: the ministry first, then the municipal founders
	var nodes []*domain.Overseer
	for r := 0; r < opt.Regions; r++ {
		node := &domain.Overseer{ParentID: fed.ID, Name: fmt.Sprintf("Министерство культуры региона № %d", r+1)}
		if err := s.CreateOverseer(ctx, node); err != nil {
			return nil, nil, err
		}
		own := f
		if r > 0 {
			own = &domain.Founder{Name: node.Name}
			if err := s.CreateFounder(ctx, own); err != nil {
				return nil, nil, err
			}
		}
		ids := []int64{own.ID}
		muni := min(20+(r*7)%41, max(per*4/5, 0))
		for m := 0; m < muni; m++ {
			mf := &domain.Founder{Name: fmt.Sprintf("Управление культуры муниципалитета № %d-%d", r+1, m+1)}
			if err := s.CreateFounder(ctx, mf); err != nil {
				return nil, nil, err
			}
			ids = append(ids, mf.ID)
		}
		for _, id := range ids {
			if err := s.AttachFounder(ctx, id, node.ID); err != nil {
				return nil, nil, err
			}
		}
		founders = append(founders, ids)
		nodes = append(nodes, node)
	}
	var users []domain.DemoUser
	for _, p := range []struct {
		email string
		node  *domain.Overseer
	}{{"federal@example.org", fed}, {"region@example.org", nodes[0]}} {
		u := &domain.User{Email: p.email, FullName: p.node.Name, PasswordHash: opt.PasswordHash}
		if err := s.CreateUser(ctx, u); err != nil {
			return nil, nil, err
		}
		if err := s.AddMembership(ctx, &domain.Membership{UserID: u.ID, Role: domain.RoleRegion, OverseerID: p.node.ID}); err != nil {
			return nil, nil, err
		}
		users = append(users, domain.DemoUser{Email: p.email, Role: string(domain.RoleRegion), Institution: p.node.Name})
	}
	return func(i int) int64 {
		r := min(i/max(per, 1), opt.Regions-1)
		j := i - r*per
		ids := founders[r]
		if j%5 == 0 || len(ids) == 1 {
			return ids[0]
		}
		return ids[1+(j/5*4+j%5-1)%(len(ids)-1)]
	}, users, nil
}
