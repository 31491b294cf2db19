// Package workshop is the plain-Go logic of the workshop's pages: the
// facilitator's page (wasm/facilitator), the projector wall (wasm/wall,
// canvas 2D) and the participants' page's HTML (ParticipantSection). It decides
// what an answer of the worker means (Classify: by the API's error code,
// never its message), keeps each page's state (Lead, WallState), says how often to
// poll (Poll), renders HTML with markup, lays out the wall as
// rectangles and texts, and takes its texts from wasm/i18n. The JSON shapes
// are package api's. The binaries only connect it to the browser: the DOM
// through wasm/dom, the network, timers. Everything here is tested natively.
//
// The participants' page is not here: it is a small script with
// pre-rendered HTML (assets/workshop/join.mjs, issue 17), which draws a
// section as ParticipantSection does (assets/build pre-renders with it).
package workshop

import (
	"errors"

	"lagesbild"
	"lagesbild/api"
)

// SectionIndex returns the index of a section (-1 when there is none).
func SectionIndex(q *lagesbild.Questionnaire, id string) int {
	for i, s := range q.Sections {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// ErrNoSection is returned for a session on a section its questionnaire lacks.
var ErrNoSection = errors.New("the session's section is not in its questionnaire")

// Current returns the section the room is on.
func Current(q *lagesbild.Questionnaire, s api.Session) (*lagesbild.Section, int, error) {
	i := SectionIndex(q, s.Section)
	if i < 0 {
		return nil, -1, ErrNoSection
	}
	return &q.Sections[i], i, nil
}

// Settle proposes the room's settled answer per item: the most chosen
// option where the wall shows the item's distribution, nothing where it is
// hidden or where two or more options are chosen most (a tie: the
// facilitator's to choose, never the option listed first, which is the
// most favourable one; see Ties). The facilitator then changes what the
// room agrees on.
func Settle(w api.Wall) lagesbild.Answers {
	out := lagesbild.Answers{}
	for _, t := range w.Wall.Items {
		if t.Hidden || len(t.Counts) == 0 {
			continue
		}
		best, n, tied := "", 0, false
		for _, c := range t.Counts {
			switch {
			case c.N > n:
				best, n, tied = c.Value, c.N, false
			case c.N == n && n > 0:
				tied = true
			}
		}
		if best != "" && !tied {
			out[t.Item] = best
		}
	}
	return out
}

// FormatCode shows a join code in two groups, as it is read aloud: "ACD EFG".
func FormatCode(code string) string {
	if len(code) != 6 {
		return code
	}
	return code[:3] + " " + code[3:]
}

// Links are the addresses the facilitator's page shows.
type Links struct {
	Join      string // the participants' page with the code (and the QR code's)
	JoinShown string // where participants go, as said aloud: host/join
	Wall      string // the projector's page
	Lead      string // the facilitator's own link, with the token in the fragment
}

// LinksFor makes the links of a session at origin (https://host).
func LinksFor(origin, host, code, token string) Links {
	return Links{
		Join:      origin + "/join/?code=" + code,
		JoinShown: host + "/join",
		Wall:      "/wall/?code=" + code,
		Lead:      origin + "/workshop/?code=" + code + "#token=" + token,
	}
}

// TokenFrom reads the facilitator's token from a link's fragment
// ("#token=…"); "" when there is none.
func TokenFrom(hash string) string {
	const prefix = "#token="
	if len(hash) <= len(prefix) || hash[:len(prefix)] != prefix {
		return ""
	}
	return hash[len(prefix):]
}
