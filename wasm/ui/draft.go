// Package ui is the browser client's logic in plain Go: drafts, submission
// with retries, progress and validation, and the result, comparison and
// county views rendered to HTML. It has no syscall/js, so all of it is tested
// natively; wasm/app only moves values between it and the page (wasm/dom).
package ui

import (
	"errors"
	"io"
	"strconv"
	"time"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

// Draft is one response in the making, as kept in localStorage and in the
// file "Ladda ner mina svar" writes. Its ID is made once, when the draft is
// started, and sent with every attempt: the worker stores a response once
// per ID, so retries and a second computer continuing from a file are safe.
type Draft struct {
	Format        string            `json:"format"` // FileFormat
	ID            string            `json:"id"`
	Questionnaire string            `json:"questionnaire"`
	Version       int               `json:"version"`
	Round         string            `json:"round"`
	Municipality  string            `json:"municipality,omitempty"`
	County        string            `json:"county,omitempty"` // for a county's own response (CountyUnit)
	Role          string            `json:"role,omitempty"`
	Answers       lagesbild.Answers `json:"answers"`
	Changed       string            `json:"changed,omitempty"` // RFC 3339, last change
	// Pending is set when the respondent asked to submit and the worker has
	// not acknowledged yet: a reload resumes the sending.
	Pending bool `json:"pending,omitempty"`
	// Sent is when the worker acknowledged the answers as they are now; a
	// later change clears it (and sending again updates the same response).
	Sent string `json:"sent,omitempty"`
}

// FileFormat marks a draft file, so a wrong file is refused with a clear text.
const FileFormat = "lagesbild-svar/1"

// StorageKey is the localStorage key of a questionnaire's draft. One draft
// per questionnaire and browser: a manager answers for one municipality.
func StorageKey(questionnaire string) string { return "lagesbild:draft:" + questionnaire }

// CodeKey is the sessionStorage key of a round's invite code: kept for the
// tab only, and never in the draft file.
func CodeKey(round string) string { return "lagesbild:code:" + round }

// LinkKey is the sessionStorage key of the code a personal link brought
// for a round, after the address has lost it: a reload of the page still
// knows the code came with the link.
func LinkKey(round string) string { return "lagesbild:link:" + round }

// NewDraft starts a draft with a fresh ID.
func NewDraft(q *lagesbild.Questionnaire, rand io.Reader) (Draft, error) {
	id, err := NewID(rand)
	if err != nil {
		return Draft{}, err
	}
	return Draft{Format: FileFormat, ID: id, Questionnaire: q.ID, Version: q.Version, Round: "demo", Answers: lagesbild.Answers{}}, nil
}

// NewID makes a response id: a random (version 4) UUID.
func NewID(rand io.Reader) (string, error) {
	id, err := lagesbild.NewUUID(rand)
	if err != nil {
		return "", errors.New("making a response id: " + err.Error())
	}
	return id, nil
}

// Set records an answer (value "" removes it). It reports whether anything
// changed; a change makes an acknowledged draft unsent again.
func (d *Draft) Set(item, value string, now time.Time) bool {
	if d.Answers == nil {
		d.Answers = lagesbild.Answers{}
	}
	if d.Answers[item] == value {
		return false
	}
	if value == "" {
		if _, ok := d.Answers[item]; !ok {
			return false
		}
		delete(d.Answers, item)
	} else {
		d.Answers[item] = value
	}
	d.touch(now)
	return true
}

// SetAbout records who answers: the municipality (or county, for a
// CountyUnit questionnaire), round and role; it reports a change.
func (d *Draft) SetAbout(unit, round, role string, county bool, now time.Time) bool {
	municipality := unit
	if county {
		municipality = ""
	} else {
		unit = ""
	}
	if d.Municipality == municipality && d.County == unit && d.Round == round && d.Role == role {
		return false
	}
	d.Municipality, d.County, d.Round, d.Role = municipality, unit, round, role
	d.touch(now)
	return true
}

func (d *Draft) touch(now time.Time) {
	d.Changed = Stamp(now)
	d.Sent = ""
}

// Stamp is t in UTC as RFC 3339 to the second ("2026-03-01T10:00:00Z"),
// as time.Format(time.RFC3339) writes it; by hand, because time's
// formatting would add some 40 KB to the runner's wasm.
func Stamp(t time.Time) string {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b := make([]byte, 0, 20)
	b = appendDigits(b, y, 4)
	b = append(b, '-')
	b = appendDigits(b, int(mo), 2)
	b = append(b, '-')
	b = appendDigits(b, d, 2)
	b = append(b, 'T')
	b = appendDigits(b, h, 2)
	b = append(b, ':')
	b = appendDigits(b, mi, 2)
	b = append(b, ':')
	b = appendDigits(b, s, 2)
	return string(append(b, 'Z'))
}

// appendDigits appends n (0 ≤ n) with at least width digits.
func appendDigits(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// Encode is the draft as stored and downloaded: indented, so a curious user
// can read the file.
func (d Draft) Encode() []byte {
	d.Format = FileFormat
	return append(encodeDraft(d), '\n')
}

// FileError is a draft file (or stored draft) that cannot be used.
type FileError struct {
	Kind   FileProblem
	Detail string // for the console: technical, in English
}

// FileProblem is what is wrong with a file, in words the UI can translate.
type FileProblem int

const (
	NotAnswers         FileProblem = iota // not JSON, not our format, a bad id or code
	BadAnswers                            // answers that do not fit the questionnaire
	OtherQuestionnaire                    // answers to another questionnaire (Detail: its id)
)

func (e *FileError) Error() string { return e.Detail }

// Text says what is wrong in the user's language.
func (e *FileError) Text(s *i18n.Strings) string {
	switch e.Kind {
	case BadAnswers:
		return i18n.Fill(s.ErrFile, s.FileBadAnswers)
	case OtherQuestionnaire:
		return i18n.Fill(s.ErrFileQuestionnaire, e.Detail)
	}
	return i18n.Fill(s.ErrFile, s.FileNotAnswers)
}

func fileError(kind FileProblem, detail string) *FileError {
	return &FileError{Kind: kind, Detail: detail}
}

// ParseDraft reads a stored or downloaded draft and checks it against the
// questionnaire, so a file from another questionnaire, a damaged file or a
// hand-edited one with impossible answers is refused whole.
func ParseDraft(b []byte, q *lagesbild.Questionnaire) (Draft, error) {
	d, err := parseDraft(b)
	if err != nil {
		return Draft{}, fileError(NotAnswers, "draft: "+err.Error())
	}
	if d.Format != FileFormat {
		return Draft{}, fileError(NotAnswers, "draft: format "+quote(d.Format)+", want "+quote(FileFormat))
	}
	if d.Questionnaire != q.ID {
		return Draft{}, fileError(OtherQuestionnaire, d.Questionnaire)
	}
	if !lagesbild.IsUUID(d.ID) {
		return Draft{}, fileError(NotAnswers, "draft: id "+quote(d.ID)+" is not a UUID")
	}
	if d.Municipality != "" {
		if _, ok := lagesbild.MunicipalityByCode(d.Municipality); !ok {
			return Draft{}, fileError(NotAnswers, "draft: municipality "+quote(d.Municipality)+" is not a kommunkod")
		}
	}
	if d.County != "" {
		if _, ok := lagesbild.CountyByCode(d.County); !ok {
			return Draft{}, fileError(NotAnswers, "draft: county "+quote(d.County)+" is not a länskod")
		}
	}
	if d.Answers == nil {
		d.Answers = lagesbild.Answers{}
	}
	// Answers to an earlier version are kept where the item still exists
	// (also under a new id); the rest are dropped rather than failing.
	if d.Version != q.Version {
		kept := lagesbild.Answers{}
		for id, v := range d.Answers {
			if it, ok := q.Item(id); ok {
				if _, ok := it.Option(v); ok {
					kept[it.ID] = v
				}
			}
		}
		d.Answers, d.Version, d.Sent = kept, q.Version, ""
	}
	if err := q.Check(d.Answers); err != nil {
		return Draft{}, fileError(BadAnswers, "draft: "+lagesbild.ErrorMessage(err))
	}
	return d, nil
}

// FileName is the name "Ladda ner mina svar" gives the file.
func (d Draft) FileName() string {
	name := "svar-" + d.Questionnaire
	if m, ok := lagesbild.MunicipalityByCode(d.Municipality); ok {
		name += "-" + slug(m.Name)
	} else if c, ok := lagesbild.CountyByCode(d.County); ok {
		name += "-" + slug(c.Short)
	}
	if d.Changed != "" && len(d.Changed) >= 10 {
		name += "-" + d.Changed[:10]
	}
	return name + ".json"
}

// slug makes a file-name-safe ASCII form of a Swedish name.
func slug(s string) string {
	var out []rune
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
		case r >= 'A' && r <= 'Z':
			out = append(out, r-'A'+'a')
		case r == 'å' || r == 'ä' || r == 'Å' || r == 'Ä':
			out = append(out, 'a')
		case r == 'ö' || r == 'Ö':
			out = append(out, 'o')
		case r == 'é' || r == 'É':
			out = append(out, 'e')
		default:
			if len(out) > 0 && out[len(out)-1] != '-' {
				out = append(out, '-')
			}
		}
	}
	for len(out) > 0 && out[len(out)-1] == '-' {
		out = out[:len(out)-1]
	}
	return string(out)
}
