package web

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"planboard/app/docimport"
	"planboard/app/service"
	"planboard/domain"
)

// Plans from Word and Excel files (docs/plan-files.md): the director uploads a file
// on «Новый план» or on a plan's page, sees every row as understood, drops
// or corrects rows, and confirms; the admin makes a template the same way.
// The file waits on the server (plan_imports) between the two steps.

// importPage is the preview of an upload: a new plan's or a template's.
type importPage struct {
	Page
	P       *service.ImportPreview
	Purpose string
	Action  string // where the confirmation posts
	Form    map[string]string
	Errors  domain.FieldErrors
	Summary []errorLink
	Kinds   []domain.InstitutionKind
	Checked bool // the «Проверить» button was used: the page says so
}

// errorLink is one entry of the error summary at the top of a form.
type errorLink struct{ ID, Text string }

// Err returns the error key of a field ("" for none).
func (p importPage) Err(name string) string { return p.Errors[name] }

// RowErr returns the error key of a row's field ("" for none).
func (p importPage) RowErr(n int, field string) string {
	return p.Errors[fmt.Sprintf("row-%d-%s", n, field)]
}

// RowDeadline is how a row's deadline was understood, in the page's words.
func (p importPage) RowDeadline(r service.ImportRow) string {
	if r.DeadlineText == "" || !r.DeadlineOK {
		return ""
	}
	s := p.Deadline(r.Deadline)
	if r.Recurrence.Kind != domain.RecurNone {
		s += ", " + p.T("recur.kind."+string(r.Recurrence.Kind))
	}
	if p.Purpose == domain.ImportTemplate {
		spec, same := r.Deadline.TemplateSpec(p.P.Year)
		if spec != "" && spec != "ongoing" {
			s = p.T("import.template_deadline", s)
		}
		if !same {
			s += " " + p.T("import.template_other_year")
		}
	}
	return s
}

// maxImportBytes is what an upload may weigh: the reader's own limit.
var maxImportBytes = docimport.DefaultLimits.MaxUpload

// uploadedFile reads the "file" field of a multipart form, up to one byte
// more than the reader accepts (so that it can say the file is too large).
func uploadedFile(c *fiber.Ctx) (name string, data []byte, err error) {
	fh, err := c.FormFile("file")
	if err != nil || fh.Size == 0 {
		return "", nil, domain.FieldError("file", "import.file_required")
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	return fh.Filename, data, err
}

// uploadNewPlan takes the file of «Новый план» and shows its preview.
func (a *App) uploadNewPlan(c *fiber.Ctx) error {
	insts, err := a.editableInstitutions(c)
	if err != nil {
		return err
	}
	if len(insts) == 0 {
		return service.ErrForbidden
	}
	form := map[string]string{"import_institution": formText(c, "institution"), "year": strconv.Itoa(a.now().Year() + 1)}
	var inst int64
	for _, in := range insts {
		if itoa64(in.ID) == form["import_institution"] || (len(insts) == 1 && form["import_institution"] == "") {
			inst = in.ID
		}
	}
	fail := func(err error) error {
		fe := fieldErrors(err)
		if fe == nil {
			return err
		}
		return a.renderPlanForm(c, fiber.StatusUnprocessableEntity, form, fe)
	}
	if inst == 0 {
		return fail(domain.FieldError("import_institution", "planform.institution_required"))
	}
	name, data, err := uploadedFile(c)
	if err != nil {
		return fail(err)
	}
	id, err := a.svc.UploadPlanFile(c.UserContext(), caller(c), service.Upload{Purpose: domain.ImportCreate, InstitutionID: inst, FileName: name, Data: data})
	if err != nil {
		return fail(err)
	}
	return c.Redirect("/plans/import/"+itoa64(id), fiber.StatusSeeOther) // the preview says the file was read
}

// showNewPlanImport is the preview of a new plan's file as uploaded.
func (a *App) showNewPlanImport(c *fiber.Ctx) error {
	return a.showImport(c, domain.ImportCreate, "/plans/import/", func(p importPage, pv *service.ImportPreview) {
		p.Form["year"] = strconv.Itoa(pv.Year)
	})
}

// showImport is the first view of an uploaded file's preview (a new plan's
// or a template's) at base+id: the preview through the use case, its page
// with the purpose's own fields filled in by fill.
func (a *App) showImport(c *fiber.Ctx, purpose, base string, fill func(p importPage, pv *service.ImportPreview)) error {
	id, err := paramID(c, "iid")
	if err != nil {
		return err
	}
	pv, err := a.svc.PreviewImport(c.UserContext(), caller(c), purpose, id, 0, service.ImportEdits{})
	if err != nil {
		return err
	}
	p := a.importPage(c, pv, purpose, base+itoa64(id))
	fill(p, pv)
	return a.renderImport(c, fiber.StatusOK, p)
}

func (a *App) defaultTitle(c *fiber.Ctx, year int) string {
	return strings.TrimSpace(a.page(c, "planform.default_title").T("planform.default_title", year))
}

// confirmNewPlanImport creates the plan («Создать план») or shows the
// preview again with the corrections («Проверить»).
func (a *App) confirmNewPlanImport(c *fiber.Ctx) error {
	id, err := paramID(c, "iid")
	if err != nil {
		return err
	}
	form := map[string]string{"year": formText(c, "year"), "title": formText(c, "title")}
	year, _ := strconv.Atoi(form["year"])
	edits := rowEdits(c)
	action := "/plans/import/" + itoa64(id)
	if v := c.FormValue("update_plan"); v != "" { // «Обновить этот план»: the year's plan exists
		planID, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return domain.ErrNotFound
		}
		plan, err := a.svc.UpdateInsteadOfCreate(c.UserContext(), caller(c), id, planID)
		if err != nil {
			return err
		}
		return c.Redirect(fmt.Sprintf("/plans/%d/update/%d", plan.ID, id), fiber.StatusSeeOther)
	}
	if c.FormValue("check") != "" {
		pv, err := a.svc.PreviewImport(c.UserContext(), caller(c), domain.ImportCreate, id, 0, service.ImportEdits{Year: year, Rows: edits})
		if err != nil {
			return err
		}
		p := a.importPage(c, pv, domain.ImportCreate, action)
		p.Form, p.Checked = form, true
		return a.renderImport(c, fiber.StatusOK, p)
	}
	title := form["title"]
	if title == "" && year != 0 {
		title = a.defaultTitle(c, year)
	}
	plan, err := a.svc.CreatePlanFromImport(c.UserContext(), caller(c), service.CreateFromImport{ImportID: id, Year: year, Title: title, Edits: edits})
	if err == nil {
		items, err := a.store.PlanItems(c.UserContext(), actor(c).Scope(), plan.ID)
		if err != nil {
			return err
		}
		return a.done(c, fmt.Sprintf("/plans/%d", plan.ID), "import.created", len(items))
	}
	fe := fieldErrors(err)
	if domain.ErrorCode(err) == domain.EConflict {
		fe = domain.FieldErrors{"year": "planform.year_taken"}
	}
	if fe == nil {
		return err
	}
	pv, perr := a.svc.PreviewImport(c.UserContext(), caller(c), domain.ImportCreate, id, 0, service.ImportEdits{Year: year, Rows: edits})
	if perr != nil {
		return perr
	}
	p := a.importPage(c, pv, domain.ImportCreate, action)
	p.Form = form
	p.setErrors(fe)
	return a.renderImport(c, fiber.StatusUnprocessableEntity, p)
}

// rowEdits reads the preview's row fields: keep-N, deadline-N, responsible-N.
// Absent fields keep the file's text.
func rowEdits(c *fiber.Ctx) map[int]service.RowEdit {
	edits := map[int]service.RowEdit{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) {
		name, num, ok := strings.Cut(string(k), "-")
		if !ok {
			return
		}
		n, err := strconv.Atoi(num)
		if err != nil || n <= 0 || n > 100000 {
			return
		}
		e := edits[n]
		text := string(v)
		switch name {
		case "keep":
			e.Keep = true
		case "deadline":
			e.Deadline = &text
		case "responsible":
			e.Responsible = &text
		default:
			return
		}
		edits[n] = e
	})
	return edits
}

func (a *App) importPage(c *fiber.Ctx, pv *service.ImportPreview, purpose, action string) importPage {
	key := "import.preview_title"
	if purpose == domain.ImportTemplate {
		key = "import.template_title"
	}
	p := importPage{Page: a.page(c, key), P: pv, Purpose: purpose, Action: action, Form: map[string]string{}, Kinds: domain.InstitutionKinds}
	p.setErrors(pv.Errors)
	return p
}

// setErrors shows errs (the preview's own and the confirmation's) and
// lists them at the top of the form, in the order of the page.
func (p *importPage) setErrors(errs domain.FieldErrors) {
	if p.Errors == nil {
		p.Errors = domain.FieldErrors{}
	}
	for k, v := range errs {
		p.Errors[k] = v
	}
	p.Summary = nil
	for _, k := range []string{"code", "title", "kind", "year", "rows"} {
		if v := p.Errors[k]; v != "" {
			id := k
			if k == "rows" {
				id = "import-rows"
			}
			p.Summary = append(p.Summary, errorLink{ID: id, Text: p.T(v)})
		}
	}
	for _, r := range p.P.Rows {
		for _, f := range []string{"measure", "deadline", "responsible", "checklist"} {
			if v := p.RowErr(r.N, f); v != "" {
				id := fmt.Sprintf("row-%d-%s", r.N, f)
				if f != "deadline" && f != "responsible" {
					id = fmt.Sprintf("row-%d", r.N)
				}
				p.Summary = append(p.Summary, errorLink{ID: id, Text: p.T("import.row_label", r.N) + ": " + p.T(v)})
			}
		}
	}
}

func (a *App) renderImport(c *fiber.Ctx, status int, p importPage) error {
	return a.render(c, status, "plan_import", p)
}

// updatePage is the preview of an update from a file.
type updatePage struct {
	Page
	P       *service.ImportPreview
	Plan    domain.Plan
	Action  string
	Errors  domain.FieldErrors
	Summary []errorLink
	Apply   map[int]bool
}

// Err returns the error key of a field ("" for none).
func (p updatePage) Err(name string) string { return p.Errors[name] }

// RowErrs are the errors of row n, as text.
func (p updatePage) RowErrs(n int) []string {
	var out []string
	prefix := fmt.Sprintf("row-%d-", n)
	var keys []string
	for k := range p.Errors {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		out = append(out, p.T(p.Errors[k]))
	}
	return out
}

// FieldValue prints one side of a change: sections by their title.
func (p updatePage) FieldValue(field, v string) string {
	if field == "col.section" {
		return p.SectionTitle(domain.Section(v))
	}
	if v == "" {
		return "—"
	}
	return v
}

// uploadPlanUpdate takes the file of «Обновить из файла».
func (a *App) uploadPlanUpdate(c *fiber.Ctx) error {
	plan, inst, err := a.planInScope(c, domain.ActEditPlan)
	if err != nil {
		return err
	}
	name, data, err := uploadedFile(c)
	if err == nil {
		var id int64
		id, err = a.svc.UploadPlanFile(c.UserContext(), caller(c), service.Upload{Purpose: domain.ImportUpdate, PlanID: plan.ID, FileName: name, Data: data})
		if err == nil {
			return c.Redirect(fmt.Sprintf("/plans/%d/update/%d", plan.ID, id), fiber.StatusSeeOther) // the preview says the file was read
		}
	}
	fe := fieldErrors(err)
	if fe == nil {
		return err
	}
	p, err := a.planView(c, plan, inst, nil)
	if err != nil {
		return err
	}
	p.Errors = fe
	return a.render(c, fiber.StatusUnprocessableEntity, "plan", p)
}

// showPlanUpdate is the preview of an update: new, changed, unchanged and
// missing rows.
func (a *App) showPlanUpdate(c *fiber.Ctx) error {
	return a.renderPlanUpdate(c, fiber.StatusOK, nil, nil)
}

func (a *App) renderPlanUpdate(c *fiber.Ctx, status int, apply map[int]bool, fe domain.FieldErrors) error {
	planID, id, err := updateIDs(c)
	if err != nil {
		return err
	}
	pv, err := a.svc.PreviewImport(c.UserContext(), caller(c), domain.ImportUpdate, id, planID, service.ImportEdits{})
	if err != nil {
		return err
	}
	if apply == nil { // first view: new rows chosen; nothing that changes existing work
		apply = map[int]bool{}
		for _, r := range pv.Diff.Added {
			apply[r.N] = true
		}
	}
	p := updatePage{Page: a.page(c, "import.update_title"), P: pv, Plan: pv.Plan, Action: fmt.Sprintf("/plans/%d/update/%d", planID, id),
		Errors: fe, Apply: apply}
	if v := fe["rows"]; v != "" {
		p.Summary = append(p.Summary, errorLink{ID: "update-rows", Text: p.T(v)})
	}
	for _, r := range pv.Rows {
		for _, t := range p.RowErrs(r.N) {
			p.Summary = append(p.Summary, errorLink{ID: fmt.Sprintf("row-%d", r.N), Text: p.T("import.row_label", r.N) + ": " + t})
		}
	}
	return a.render(c, status, "plan_update", p)
}

// updateIDs reads a plan update's route: the plan (:id) and its upload (:iid).
func updateIDs(c *fiber.Ctx) (planID, id int64, err error) {
	if planID, err = paramID(c, "id"); err != nil {
		return 0, 0, err
	}
	id, err = paramID(c, "iid")
	return planID, id, err
}

// applyPlanUpdate applies the chosen rows («Применить»).
func (a *App) applyPlanUpdate(c *fiber.Ctx) error {
	planID, id, err := updateIDs(c)
	if err != nil {
		return err
	}
	apply := map[int]bool{}
	for n, e := range rowEdits(c) {
		apply[n] = e.Keep
	}
	added, changed, err := a.svc.UpdatePlanFromImport(c.UserContext(), caller(c), service.UpdateFromImport{ImportID: id, PlanID: planID, Apply: apply})
	if err != nil {
		if fe := fieldErrors(err); fe != nil {
			return a.renderPlanUpdate(c, fiber.StatusUnprocessableEntity, apply, fe)
		}
		if errors.Is(err, domain.ErrStale) {
			return a.renderPlanUpdate(c, fiber.StatusConflict, apply, domain.FieldErrors{"rows": "error.stale"})
		}
		return err
	}
	return a.done(c, fmt.Sprintf("/plans/%d", planID), "import.updated", added, changed)
}

// uploadTemplate takes the admin's file for a new plan template.
func (a *App) uploadTemplate(c *fiber.Ctx) error {
	name, data, err := uploadedFile(c)
	if err == nil {
		var id int64
		id, err = a.svc.UploadPlanFile(c.UserContext(), caller(c), service.Upload{Purpose: domain.ImportTemplate, FileName: name, Data: data})
		if err == nil {
			return c.Redirect("/admin/templates/import/"+itoa64(id), fiber.StatusSeeOther) // the preview says the file was read
		}
	}
	if fieldErrors(err) == nil {
		return err
	}
	fe := fieldErrors(err)
	return a.renderAdmin(c, fiber.StatusUnprocessableEntity, a.adminPage(c), domain.FieldError("template_file", fe["file"]))
}

// showTemplateImport is the preview of a template's file.
func (a *App) showTemplateImport(c *fiber.Ctx) error {
	return a.showImport(c, domain.ImportTemplate, "/admin/templates/import/", func(p importPage, pv *service.ImportPreview) {
		p.Form["title"] = pv.Title
		p.Form["kind"] = string(domain.KindMuseum)
	})
}

// saveTemplateImport saves the template («Сохранить шаблон») or shows the
// preview again with the corrections.
func (a *App) saveTemplateImport(c *fiber.Ctx) error {
	id, err := paramID(c, "iid")
	if err != nil {
		return err
	}
	form := map[string]string{"code": formText(c, "code"), "title": formText(c, "title"), "kind": formText(c, "kind")}
	edits := rowEdits(c)
	action := "/admin/templates/import/" + itoa64(id)
	var fe domain.FieldErrors
	if c.FormValue("check") == "" {
		t, err := a.svc.TemplateFromFile(c.UserContext(), caller(c), service.TemplateFromImport{ImportID: id, Code: form["code"], Title: form["title"],
			Kind: domain.InstitutionKind(form["kind"]), Edits: edits})
		if err == nil {
			a.audit(c, domain.AuditEntry{Action: domain.AuditTemplateImport, Detail: t.Code + ": " + t.Title})
			return a.done(c, "/admin", "flash.template_saved", t.Title)
		}
		if fe = fieldErrors(err); fe == nil {
			return err
		}
	}
	pv, err := a.svc.PreviewImport(c.UserContext(), caller(c), domain.ImportTemplate, id, 0, service.ImportEdits{Rows: edits})
	if err != nil {
		return err
	}
	p := a.importPage(c, pv, domain.ImportTemplate, action)
	p.Form, p.Checked = form, fe == nil
	status := fiber.StatusOK
	if fe != nil {
		p.setErrors(fe)
		status = fiber.StatusUnprocessableEntity
	}
	return a.renderImport(c, status, p)
}
