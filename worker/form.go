package worker

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/markup"
)

// The questionnaire without JavaScript (issue 13): the pre-rendered form
// (assets/templates/questionnaire.html) posts
// application/x-www-form-urlencoded to POST /api/responses/form, which runs
// the checks of POST /api/responses (checkResponse, then storeResponse, the
// one path of every response) and answers with an HTML page: a receipt, or
// every problem beside its question. Nothing is stored unless every check
// passes.
//
// The form is the questionnaire's page: one field per item, named by the
// item's id, with the option's value; and the fields of formFields. The
// form marks every item required, so the page asks for every item here too
// (a partial response, which POST /api/responses takes, is a problem:
// "answer the question, or choose Vet ej").

// Fields of the form that are not answers.
const (
	fieldQuestionnaire = "questionnaire"
	fieldVersion       = "version"
	fieldRound         = "round"
	fieldMunicipality  = "municipality"
	fieldCounty        = "county"
	fieldRole          = "role"
	fieldLang          = "lang"
	fieldCode          = "code"
	fieldID            = "id"
)

// formInput is a posted form as read: the response it makes, the code and
// the reader's language, and the fields given more than once.
type formInput struct {
	Response api.Response
	Code     string
	Lang     string   // "sv" or "en"
	Repeated []string // fields given more than once, in the order of the body
	Version  string   // the version field as given, when it is not a whole number
}

// parseForm reads a form-encoded body. It fails only when the body is not
// form encoding; what is wrong in the fields is for problems to say. An
// item's field left empty is no answer.
func parseForm(body string) (formInput, error) {
	vals, err := url.ParseQuery(body)
	if err != nil {
		return formInput{}, lagesbild.Errorf(lagesbild.EInvalid, "body: not form encoding: %v", err)
	}
	in := formInput{Lang: "sv", Response: api.Response{Answers: lagesbild.Answers{}}}
	// The keys in the order of the body, so problems come in a fixed order.
	seen := map[string]bool{}
	for _, kv := range strings.Split(body, "&") {
		k, _, _ := strings.Cut(kv, "=")
		k, err := url.QueryUnescape(k)
		if err != nil || seen[k] || k == "" {
			continue
		}
		seen[k] = true
		v := vals[k]
		if len(v) > 1 {
			in.Repeated = append(in.Repeated, k)
		}
		one := strings.TrimSpace(v[0])
		r := &in.Response
		switch k {
		case fieldQuestionnaire:
			r.Questionnaire = one
		case fieldVersion:
			if n, err := strconv.Atoi(one); err == nil {
				r.Version = n
			} else {
				in.Version = one
			}
		case fieldRound:
			r.Round = one
		case fieldMunicipality:
			r.Municipality = one
		case fieldCounty:
			r.County = one
		case fieldRole:
			r.Role = one
		case fieldLang:
			if one == "en" {
				in.Lang = "en"
			}
		case fieldCode:
			in.Code = one
		case fieldID:
			r.ID = one
		default:
			if one != "" {
				r.Answers[k] = one
			}
		}
	}
	return in, nil
}

// problem is one thing wrong with a posted form: the field (or item) and
// what to do about it, in the reader's language.
type problem struct {
	Field  string          // a field of formFields, an item's id, or "" for the whole form
	Item   *lagesbild.Item // the item, for an answer's problem
	Number int             // the item's number in the questionnaire
	Text   string
}

// problems checks a form against its questionnaire q (nil when the form
// names none that exists): every problem, in the order of the form: the
// fields about the respondent, then the items in the questionnaire's order,
// then answers to items the questionnaire does not have.
func problems(in formInput, q *lagesbild.Questionnaire, t *formTexts) []problem {
	var out []problem
	add := func(field, text string) { out = append(out, problem{Field: field, Text: text}) }
	for _, k := range in.Repeated {
		add(k, t.Repeated)
	}
	r := in.Response
	if q == nil {
		add(fieldQuestionnaire, t.OldForm)
		return out
	}
	if r.Version != q.Version || in.Version != "" {
		add(fieldVersion, t.OldForm)
	}
	switch {
	case r.Municipality != "" && r.County != "":
		add(fieldCounty, t.Both)
	case r.Municipality != "":
		if _, ok := lagesbild.MunicipalityByCode(r.Municipality); !ok {
			add(fieldMunicipality, t.NoSuchMunicipality)
		}
	case r.County != "":
		if _, ok := lagesbild.CountyByCode(r.County); !ok {
			add(fieldCounty, t.NoSuchCounty)
		}
	case unitField(q) == fieldCounty:
		add(fieldCounty, t.ChooseCounty)
	default:
		add(fieldMunicipality, t.ChooseMunicipality)
	}
	if r.Round == "" {
		add(fieldRound, t.NoRound)
	} else if !isSlug(r.Round, 32) {
		add(fieldRound, t.NoSuchRound)
	}
	if r.Role != "" && !isSlug(r.Role, 32) {
		add(fieldRole, t.BadRole)
	}
	if r.ID != "" && !lagesbild.IsUUID(strings.ToLower(r.ID)) {
		add(fieldID, t.OldForm)
	}
	n := 0
	for si := range q.Sections {
		for ii := range q.Sections[si].Items {
			it := &q.Sections[si].Items[ii]
			n++
			v, ok := r.Answers[it.ID]
			switch _, valid := it.Option(v); {
			case !ok:
				out = append(out, problem{Field: it.ID, Item: it, Number: n, Text: t.Unanswered})
			case !valid:
				out = append(out, problem{Field: it.ID, Item: it, Number: n, Text: t.NotAnOption})
			}
		}
	}
	for _, k := range sortedKeys(r.Answers) {
		if _, ok := q.Item(k); !ok {
			add(k, t.NoSuchItem)
		}
	}
	return out
}

// unitField is the field a questionnaire's respondent names its unit in:
// the county for a questionnaire of county units (the länsstyrelse's; by
// id, as wasm/ui.CountyUnit: the model has no field for it yet).
func unitField(q *lagesbild.Questionnaire) string {
	if q.ID == "lansstyrelse" {
		return fieldCounty
	}
	return fieldMunicipality
}

func sortedKeys(m lagesbild.Answers) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// errorProblem is the problem an error of the checks makes: the field its
// code concerns, in the reader's words.
func errorProblem(err error, t *formTexts) problem {
	msg := lagesbild.ErrorMessage(err)
	switch lagesbild.ErrorCode(err) {
	case lagesbild.EUnauthorized:
		return problem{Field: fieldCode, Text: t.CodeNeeded}
	case lagesbild.ECodeInvalid:
		return problem{Field: fieldCode, Text: t.CodeInvalid}
	case lagesbild.ECodeOtherUnit:
		return problem{Field: fieldCode, Text: t.CodeOtherUnit}
	case lagesbild.ERoundNotFound:
		return problem{Field: fieldRound, Text: t.NoSuchRound}
	case lagesbild.ERoundNotOpen:
		return problem{Field: fieldRound, Text: t.RoundNotOpen}
	case lagesbild.ERoundClosed:
		return problem{Field: fieldRound, Text: t.RoundClosed}
	case lagesbild.EInvalid:
		field, _, _ := strings.Cut(msg, ":")
		switch field {
		case fieldQuestionnaire, fieldVersion, fieldID:
			return problem{Field: field, Text: t.OldForm}
		case fieldRound:
			return problem{Field: fieldRound, Text: t.NoSuchRound}
		}
		return problem{Text: t.Unreadable}
	case lagesbild.ETooLarge:
		return problem{Text: t.TooLarge}
	case lagesbild.EUnsupported:
		return problem{Text: t.Unreadable}
	}
	return problem{Text: t.Internal}
}

// readForm reads a form-encoded request body of at most MaxBody bytes.
func readForm(r *http.Request) (string, error) {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/x-www-form-urlencoded" {
		return "", lagesbild.Errorf(lagesbild.EUnsupported, "Content-Type: want application/x-www-form-urlencoded, got %q", ct)
	}
	if r.ContentLength > MaxBody {
		return "", lagesbild.Errorf(lagesbild.ETooLarge, "body: %d bytes is over the limit of %d", r.ContentLength, MaxBody)
	}
	if r.Body == nil {
		return "", nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return "", err
	}
	if len(b) > MaxBody {
		return "", lagesbild.Errorf(lagesbild.ETooLarge, "body: over the limit of %d bytes", MaxBody)
	}
	return string(b), nil
}

// postForm answers POST /api/responses/form with an HTML page.
func (s *server) postForm(w http.ResponseWriter, r *http.Request) error {
	t := textsFor("sv")
	body, err := readForm(r)
	if err != nil {
		return s.problemPage(w, lagesbild.Status(lagesbild.ErrorCode(err)), t, nil, []problem{errorProblem(err, t)})
	}
	in, err := parseForm(body)
	if err != nil {
		return s.problemPage(w, http.StatusBadRequest, t, nil, []problem{errorProblem(err, t)})
	}
	t = textsFor(in.Lang)
	resp := in.Response
	q, qerr := s.catalog.Get(resp.Questionnaire, resp.Version)
	if qerr != nil || resp.Questionnaire == "" || resp.Version < 1 {
		q = nil
	}
	if in.Response.Round == "" && in.Code != "" {
		// The page without JavaScript cannot list a private round (it is a
		// static file): its first choice is "the round of the code", which
		// a code names (codes are per round).
		if list, err := s.store.rounds(r.Context(), hashCode(in.Code), false); err != nil {
			return err
		} else if len(list) == 1 {
			in.Response.Round = list[0].ID
		}
	}
	resp = in.Response
	if ps := problems(in, q, t); len(ps) > 0 {
		return s.problemPage(w, http.StatusBadRequest, t, q, ps)
	}
	if resp.ID == "" {
		if resp.ID, err = newUUID(); err != nil {
			return err
		}
	}
	if resp, err = checkResponse(resp); err != nil {
		return s.problemPage(w, http.StatusBadRequest, t, q, []problem{errorProblem(err, t)})
	}
	rd, a, err := s.accessIn(r.Context(), resp.Round, in.Code, fieldCode)
	if err == nil {
		_, err = s.storeResponse(r.Context(), rd, a, resp)
	}
	if err != nil {
		code := lagesbild.ErrorCode(err)
		if code == lagesbild.EInternal || code == "" {
			return err // logged, and answered as an internal error
		}
		return s.problemPage(w, lagesbild.Status(code), t, q, []problem{errorProblem(err, t)})
	}
	writeBytes(w, http.StatusCreated, htmlContentType, receiptPage(t, q, resp, s.now()))
	return nil
}

// newUUID makes a random (version 4) UUID for a response posted without one.
func newUUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

const htmlContentType = "text/html; charset=utf-8"

func (s *server) problemPage(w http.ResponseWriter, status int, t *formTexts, q *lagesbild.Questionnaire, ps []problem) error {
	writeBytes(w, status, htmlContentType, problemPage(t, q, ps))
	return nil
}

// page writes the frame of the worker's HTML pages: the site's stylesheet,
// no script, the title as the first heading.
func page(b *markup.Writer, t *formTexts, title string) {
	b.F(`<!doctype html><html lang="%s"><head><meta charset="utf-8">`+
		`<meta name="viewport" content="width=device-width, initial-scale=1">`+
		`<title>%s – %s</title><link rel="stylesheet" href="/app.css"></head>`+
		`<body class="plain"><header class="site"><div class="wrap"><a class="brand" href="/">%s</a></div></header>`+
		`<main id="main" class="wrap">`, t.Lang, title, t.Site, t.Site)
}

func pageEnd(b *markup.Writer) { b.F(`</main></body></html>`) }

// problemPage lists every problem, each beside its field or question, says
// that nothing was stored, and shows the way back.
func problemPage(t *formTexts, q *lagesbild.Questionnaire, ps []problem) []byte {
	var b markup.Writer
	page(&b, t, t.ProblemTitle)
	b.F(`<h1>%s</h1><p class="lead">%s</p><ul class="problems">`, t.ProblemTitle, t.NothingStored)
	for _, p := range ps {
		switch {
		case p.Item != nil:
			b.F(`<li><strong>%s %d. %s</strong><br>%s</li>`, t.Question, p.Number, p.Item.Text.In(t.Lang), p.Text)
		case p.Field != "":
			b.F(`<li><strong>%s</strong><br>%s</li>`, t.field(p.Field), p.Text)
		default:
			b.F(`<li>%s</li>`, p.Text)
		}
	}
	b.F(`</ul><p>%s</p>`, t.GoBack)
	form := "/"
	if q != nil {
		form = "/enkat/" + q.ID + "/"
	}
	b.F(`<p><a href="%s">%s</a></p>`, form, t.ToForm)
	pageEnd(&b)
	return []byte(b.String())
}

// receiptPage is the receipt of a stored response: the unit, the round, when,
// and every answer beside its question; printable (app.css, @media print).
func receiptPage(t *formTexts, q *lagesbild.Questionnaire, r api.Response, now time.Time) []byte {
	var b markup.Writer
	page(&b, t, t.ReceiptTitle)
	unitLabel, unit := t.Municipality, r.Municipality
	if m, ok := lagesbild.MunicipalityByCode(r.Municipality); ok {
		unit = m.Name
	} else if c, ok := lagesbild.CountyByCode(r.County); ok {
		unitLabel, unit = t.County, c.Name
	}
	b.F(`<div class="receipt"><h1>%s</h1><p class="lead">%s</p><dl class="facts">`, t.ReceiptTitle, t.Stored)
	for _, f := range [...][2]string{{unitLabel, unit}, {t.Round, r.Round}, {t.Sent, swedishTime(t.Lang, now)},
		{t.Questionnaire, q.Title.In(t.Lang)}, {t.ResponseID, r.ID}} {
		b.F(`<div><dt>%s</dt><dd>%s</dd></div>`, f[0], f[1])
	}
	b.F(`</dl>`)
	n := 0
	for _, s := range q.Sections {
		b.F(`<h2>%s</h2><ol class="answers">`, s.Title.In(t.Lang))
		for ii := range s.Items {
			it := &s.Items[ii]
			n++
			o, _ := it.Option(r.Answers[it.ID])
			b.F(`<li value="%d"><span class="q">%s</span> <span class="a">%s</span></li>`, n, it.Text.In(t.Lang), o.Label.In(t.Lang))
		}
		b.F(`</ol>`)
	}
	b.F(`<p class="noprint">%s</p>`, t.Print)
	if r.Municipality != "" {
		b.F(`<p class="noprint"><a href="/resultat/?omgang=%s&amp;kommun=%s">%s</a></p>`,
			url.QueryEscape(r.Round), url.QueryEscape(r.Municipality), t.ToResult)
	}
	b.F(`</div>`)
	pageEnd(&b)
	return []byte(b.String())
}

// swedishTime is a moment as the clock in Sweden shows it, with the day:
// "3 december 2026 kl. 14.52". Central European time, summer time from 01.00
// UTC on the last Sunday of March to 01.00 UTC on the last Sunday of October.
func swedishTime(lang string, t time.Time) string {
	t = t.UTC()
	y := t.Year()
	if !t.Before(lastSunday(y, time.March)) && t.Before(lastSunday(y, time.October)) {
		t = t.Add(2 * time.Hour)
	} else {
		t = t.Add(time.Hour)
	}
	months := monthsSV
	if lang == "en" {
		months = monthsEN
	}
	day := strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
	hh, mm := strconv.Itoa(100 + t.Hour())[1:], strconv.Itoa(100 + t.Minute())[1:]
	if lang == "en" {
		return day + ", " + hh + ":" + mm + " (Swedish time)"
	}
	return day + " kl. " + hh + "." + mm
}

// lastSunday is 01.00 UTC on the last Sunday of a month, when summer time
// begins (March) or ends (October) in the EU.
func lastSunday(year int, month time.Month) time.Time {
	t := time.Date(year, month+1, 1, 1, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return t.AddDate(0, 0, -int(t.Weekday()))
}

var (
	monthsSV = [12]string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
	monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)
