package invite

import (
	"strings"

	"lagesbild/api"
	"lagesbild/markup"
	"lagesbild/qr"
	"lagesbild/wasm/i18n"
)

// Letters are the printed invitations, one A4 page per municipality, in
// Swedish: from the county board, what the survey is, the personal link
// with its QR code and the code, the last day, what to do if the link does
// not open, and whom to ask. The page prints them alone (app.css, "The
// county lead's page").
func Letters(inv Invitation) markup.HTML {
	var w markup.Writer
	for _, c := range inv.Sorted() {
		w.F(`%s`, letter(inv, c))
	}
	return w.HTML()
}

func letter(inv Invitation, c api.Code) markup.HTML {
	s := i18n.For(Swedish)
	link := inv.Link(c)
	var w markup.Writer
	w.F(`<article class="letter" lang="sv" data-code="%s"><div class="letter-head"><p class="letter-from">%s</p><p class="letter-date">%s</p></div>`,
		c.Unit, countyBoard(inv.County), day(Swedish, inv.Today))
	w.F(`<p class="letter-to">%s</p><h2>%s</h2>`, i18n.Fill(s.LetterTo, c.Name), i18n.Fill(s.LetterTitle, inv.Round.ID))
	if t := inv.Title.In(Swedish); t != "" {
		w.F(`<p class="letter-questionnaire">%s</p>`, i18n.Fill(s.LetterQuestionnaire, t))
	}
	w.F(`<p>%s</p><p>%s</p><p>%s</p>`, s.LetterAbout, s.LetterWho, s.LetterResult)
	w.F(`<h3>%s</h3><div class="letter-answer"><div class="letter-link"><p>%s</p><p class="letter-url">%s</p>`, s.LetterHowTitle, s.LetterLink, link)
	w.F(`<p class="letter-code">%s: <strong>%s</strong></p><p class="letter-last">%s: <strong>%s</strong></p></div>`, s.LetterCode, c.Code, s.LetterLastDay, inv.LastDay())
	if m, err := qr.Modules(link); err == nil {
		w.F(`%s`, qr.SVG(m, "letter-qr", s.LetterQRLabel))
	}
	w.F(`</div><p>%s</p><p>%s</p>`, i18n.Fill(s.LetterManual, FormURL(inv.Origin, inv.Round), c.Name, inv.Round.ID), s.LetterPersonal)
	w.F(`<h3>%s</h3><p class="letter-contact">%s</p></article>`, s.LetterContactTitle, lines(inv.contact()))
	return w.HTML()
}

// lines is text with its line breaks kept as <br>, everything escaped:
// the lead's contact field has a name, an address and a number a line.
func lines(text string) markup.HTML {
	var w markup.Writer
	for i, l := range strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n") {
		if i > 0 {
			w.F(`<br>`)
		}
		w.F(`%s`, strings.TrimSpace(l))
	}
	return w.HTML()
}
