package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/domain"
)

type mailSettingsPage struct {
	Page
	Digests  bool
	Offsets  string // as typed
	Errors   domain.FieldErrors
	Rules    []domain.Institution // institutions whose reminder rules the user may set
	Channels []kindChannel        // one per notice kind, in domain.NoticeKinds order
}

// kindChannel is one row of the channel choices: a notice kind and where
// it goes (both, mail, inbox, none).
type kindChannel struct {
	Kind    string
	Channel domain.Channel
}

// Choices lists the channels a row's select offers.
func (kindChannel) Choices() []domain.Channel { return domain.Channels }

func channelRows(s domain.MailSettings) []kindChannel {
	out := make([]kindChannel, len(domain.NoticeKinds))
	for i, k := range domain.NoticeKinds {
		out[i] = kindChannel{Kind: k, Channel: s.ChannelOf(k)}
	}
	return out
}

// formChannels reads the form's channel per kind (field ch_KIND; missing:
// both); an unknown value is an error on its field.
func formChannels(c *fiber.Ctx) (map[string]domain.Channel, domain.FieldErrors) {
	out := map[string]domain.Channel{}
	var fe domain.FieldErrors
	for _, k := range domain.NoticeKinds {
		v := c.FormValue("ch_" + k)
		if v == "" {
			continue
		}
		ch, ok := domain.ParseChannel(v)
		if !ok {
			fe.Add("ch_"+k, "mail.channel.invalid")
			continue
		}
		out[k] = ch
	}
	return out, fe
}

// directedInstitutions lists the institutions the user directs (a handful).
func (a *App) directedInstitutions(c *fiber.Ctx) ([]domain.Institution, error) {
	var out []domain.Institution
	act := actor(c)
	for _, m := range act.Memberships {
		if m.Role != domain.RoleDirector {
			continue
		}
		inst, err := a.store.Institution(c.UserContext(), act.Scope(), m.InstitutionID)
		if err != nil {
			return nil, err
		}
		out = append(out, inst)
	}
	return out, nil
}

// showMailSettings shows the user's mail choices.
func (a *App) showMailSettings(c *fiber.Ctx) error {
	u := c.Locals(localUser).(domain.User)
	s, err := a.store.MailSettings(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	p := a.page(c, "mail.settings.title")
	p.Nav = "settings"
	rules, err := a.directedInstitutions(c)
	if err != nil {
		return err
	}
	return a.render(c, fiber.StatusOK, "settings_notifications", mailSettingsPage{Page: p, Digests: s.Digests,
		Offsets: domain.FormatRemindOffsets(s.RemindOffsets), Rules: rules, Channels: channelRows(s)})
}

// saveMailSettings stores the choices (digests, reminder offsets, the
// channel of each notice kind); bad input re-renders the form with 422,
// what was chosen kept and the error next to the field.
func (a *App) saveMailSettings(c *fiber.Ctx) error {
	form := mailSettingsPage{Digests: c.FormValue("digests") == "on", Offsets: strings.TrimSpace(c.FormValue("offsets"))}
	channels, errs := formChannels(c)
	s := domain.MailSettings{Digests: form.Digests, Channels: channels}
	if form.Offsets != "" {
		offsets, err := domain.ParseRemindOffsets("offsets", form.Offsets)
		if err != nil {
			errs.Add("offsets", "mail.offsets.invalid")
		}
		s.RemindOffsets = offsets
	}
	if len(errs) > 0 {
		form.Page = a.page(c, "mail.settings.title")
		form.Nav = "settings"
		form.Errors, form.Channels = errs, channelRows(s)
		form.Flash = form.T("error.invalid")
		var err error
		if form.Rules, err = a.directedInstitutions(c); err != nil {
			return err
		}
		return a.render(c, fiber.StatusUnprocessableEntity, "settings_notifications", form)
	}
	if err := a.svc.SaveMailSettings(c.UserContext(), caller(c), s); err != nil {
		return err
	}
	return a.done(c, "/settings/notifications", "mail.settings.saved")
}
