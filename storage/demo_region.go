package storage

import (
	"context"

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
