// Package invite is the county lead's part in running a round (issue 12):
// the keys the lead keeps in the tab and the rounds they open, every
// municipality's invitation and response status in a sortable table,
// personal links, the invitation file for a mail merge, the printed
// letters and the reminders. It renders HTML through wasm/markup and has
// no platform imports: wasm/app connects it to the page, and its tests run
// natively with golden files (go test -update rewrites them).
//
// The letters, the invitation file and the reminders go to the
// municipalities, so they are always in Swedish; the page around them
// follows the reader's language.
package invite

import (
	"strings"

	"lagesbild/api"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// Swedish is the language of what the municipalities get.
const Swedish = "sv"

// Link is a municipality's personal link: the questionnaire of the round
// opened for the municipality, with its code in the fragment, which
// browsers never send to a server, so the code stays out of every log.
// The questionnaire page (wasm/form) reads exactly this form.
func Link(origin string, rd api.Round, municipality, code string) string {
	return ui.PersonalLink(strings.TrimSuffix(origin, "/"), rd.Questionnaire, rd.ID, municipality, code) // the form reads it (ui.ParseLink)
}

// FormURL is the questionnaire's page without a personal link's
// parameters, for a letter's instructions when the link cannot be opened.
func FormURL(origin string, rd api.Round) string {
	return strings.TrimSuffix(origin, "/") + "/enkat/" + report.Escape(rd.Questionnaire) + "/"
}

// countyBoard is the sender of letters and reminders: "Länsstyrelsen i
// Västerbottens län".
func countyBoard(county string) string {
	return i18n.Fill(i18n.For(Swedish).LetterFrom, county)
}

// day is the Swedish date of a moment the worker stamped, as people write
// it: "3 december 2026". A stamp it cannot read is shown as it is.
func day(lang, stamp string) string {
	d, ok := i18n.SwedishDate(stamp)
	if !ok {
		return stamp
	}
	return i18n.LongDate(lang, d)
}

// lastDay is the last day to answer in a round that closes at closes
// (exclusive), as people write it: "31 januari 2027".
func lastDay(lang, closes string) string {
	d, ok := i18n.LastDate(closes)
	if !ok {
		return closes
	}
	return i18n.LongDate(lang, d)
}
