package ui

import (
	"strings"

	"lagesbild"
	"lagesbild/wasm/i18n"
)

// SendPanelID is the status of sending, beside the send button: after
// "Skicka in svaren" the focus moves to it, so the answer to the click is
// where the click was (issue 13).
const SendPanelID = "send-status"

// SendFixID holds the fields that decide a code's check (municipality or
// county, round, code) while the worker's refusal is about them: they are
// moved there from the first section, to be corrected beside the button.
const SendFixID = "send-fix"

// SendPhase is where sending is.
type SendPhase int

const (
	SendNone     SendPhase = iota // nothing sent: no panel
	SendSending                   // an attempt is under way
	SendOffline                   // waiting for the network
	SendRetry                     // the server failed: another attempt in Secs seconds
	SendSent                      // the worker has the answers
	SendRejected                  // the worker refused them: Err says why
)

// Sending is what the send panel shows.
type Sending struct {
	Phase         SendPhase
	Secs          int       // SendRetry: seconds to the next attempt
	Err           *APIError // SendRejected
	Questionnaire string    // the result page's q
	Unit          string    // the municipality (or county) answered for
	County        bool
	Round         string
}

// FixField is the field that corrects a refusal with this API code, ""
// when no field of the form does. A code, municipality or round problem
// is corrected among the fields SendFixID holds.
func FixField(code string, county bool) string {
	switch code {
	case lagesbild.ECodeInvalid, lagesbild.EUnauthorized:
		return CodeID
	case lagesbild.ECodeOtherUnit:
		if county {
			return CountyID
		}
		return MunicipalityID
	case lagesbild.ERoundNotFound, lagesbild.ERoundClosed, lagesbild.ERoundNotOpen:
		return RoundID
	}
	return ""
}

// ResultURL is the result page of a questionnaire.
func ResultURL(questionnaire string) string {
	return "/resultat/?q=" + escape(questionnaire, true)
}

// SendPanel is the send panel's HTML: what happened, in plain words, and
// the way on: the result when the answers arrived, the field to correct
// when the worker refused them for one.
func SendPanel(st Sending, lang string) string {
	s := i18n.For(lang)
	var b strings.Builder
	switch st.Phase {
	case SendNone:
		return ""
	case SendSending:
		tag(&b, "p", s.StatusSending)
	case SendOffline:
		tag(&b, "p", s.StatusOffline)
	case SendRetry:
		tag(&b, "p", i18n.Fill(s.StatusRetry, max(st.Secs, 1)))
	case SendSent:
		tag(&b, "h2 id=\"send-h\"", s.SendSentTitle)
		text := s.SendSentText
		if st.Unit != "" {
			text = i18n.Fill(s.SendSentFor, UnitName(lang, st.Unit, st.County), st.Round)
		}
		tag(&b, "p", text)
		b.WriteString(`<p><a class="button primary" href="` + esc(ResultURL(st.Questionnaire)) + `">`)
		b.WriteString(esc(s.ToResult))
		b.WriteString(`</a></p>`)
	case SendRejected:
		b.WriteString(`<h2 id="send-h">`)
		b.WriteString(esc(s.SendRejectedTitle))
		b.WriteString(`</h2>`)
		why := s.Code("")
		if st.Err != nil {
			why = st.Err.Text(s)
		}
		tag(&b, "p", why)
		code := ""
		if st.Err != nil {
			code = st.Err.Code
		}
		field := FixField(code, st.County)
		if field != "" {
			tag(&b, "p", s.SendFixHere)
		}
		switch field {
		case CodeID:
			fixLink(&b, CodeID, s.SendFixCode)
		case MunicipalityID:
			fixLink(&b, MunicipalityID, s.SendFixMunicipality)
		case CountyID:
			fixLink(&b, CountyID, s.SendFixCounty)
		case RoundID:
			fixLink(&b, RoundID, s.SendFixRound)
		default:
			tag(&b, "p", s.SendKept)
		}
	}
	return b.String()
}

// fixLink is the way to the field to correct, beside the panel.
func fixLink(b *strings.Builder, field, text string) {
	b.WriteString(`<p><a href="#` + field + `" data-field="` + field + `">`)
	b.WriteString(esc(text))
	b.WriteString(`</a></p>`)
}
