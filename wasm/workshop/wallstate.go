package workshop

import (
	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

// WallState is the projector wall's state between polls: what it shows and
// the ETag it polls with. The wall (wasm/wall) polls on a goroutine and
// hands each new state to its painter.
type WallState struct {
	In   WallInput
	ETag string
	Code string // "" for a link without a valid code
}

// NewWallState is the wall of the session in the link (its code
// parameter), on host (shown as host/join), in lang.
func NewWallState(rawCode, host, lang string) WallState {
	w := WallState{In: WallInput{JoinURL: host + "/join", Lang: lang}}
	code, ok := lagesbild.NormalizeJoinCode(rawCode)
	if !ok {
		w.In.Problem = i18n.For(lang).WBadCode
		return w
	}
	w.Code, w.In.Code = code, code
	return w
}

// Polled says what the wall does with a poll's answer: Proceed (read the
// figures, then Show them), or Wait (nothing new: keep showing what it
// shows). For a session that is gone it shows why, and keeps polling: a
// wall stays up on a projector, and a mistyped code may be fixed.
// changed says whether the wall must be drawn again.
func (w *WallState) Polled(r Reply) (step Step, changed bool) {
	switch r.Outcome {
	case OK:
		return Proceed, false
	case NotModified, Retry, Busy:
		return Wait, false // offline or busy: keep showing the last figures
	}
	problem := WallProblem(i18n.For(w.In.Lang), r, w.Code)
	changed = problem != w.In.Problem || w.In.V != nil
	w.In.Problem, w.In.V, w.ETag = problem, nil, ""
	return Wait, changed
}

// NeedsQuestionnaire reports whether the wall must load the questionnaire
// of a session's state: it has none, or another.
func NeedsQuestionnaire(q *lagesbild.Questionnaire, s api.Session) bool {
	return q == nil || q.ID != s.Questionnaire || q.Version != s.Version
}

// Show takes new figures, with their questionnaire.
func (w *WallState) Show(q *lagesbild.Questionnaire, v api.Wall) {
	w.In.Q, w.In.V, w.In.Problem, w.ETag = q, &v, "", v.ETag
}

// Label is the canvas's accessible name: how to join.
func (w *WallState) Label() string {
	return i18n.For(w.In.Lang).WallAnswerOnPhone + " " + FormatCode(w.Code)
}

// WallScale is how many device pixels a wall unit is: the largest 16:9
// area of a window of w×h CSS pixels at a device scale factor, so text stays
// sharp on any projector (the page letterboxes the rest).
func WallScale(w, h, deviceScale float64) float64 {
	k := min(w*deviceScale/WallW, h*deviceScale/WallH)
	if k <= 0 {
		return 1
	}
	return k
}
