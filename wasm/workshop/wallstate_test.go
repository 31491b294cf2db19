package workshop

import (
	"testing"

	"lagesbild"
	"lagesbild/api"
	"lagesbild/wasm/i18n"
)

func TestWallState(t *testing.T) {
	sv := i18n.For("sv")
	if w := NewWallState("nope", "x.se", "sv"); w.Code != "" || w.In.Problem != sv.WBadCode {
		t.Errorf("a bad code: %+v", w)
	}
	w := NewWallState("acd efg", "x.se", "sv")
	if w.Code != "ACDEFG" || w.In.Code != "ACDEFG" || w.In.JoinURL != "x.se/join" || w.In.Problem != "" || w.Label() != "Svara på mobilen ACD EFG" {
		t.Fatalf("NewWallState = %+v", w)
	}
	q := load(t, "workshop")
	if !NeedsQuestionnaire(nil, api.Session{}) || !NeedsQuestionnaire(q, api.Session{Questionnaire: "kommun", Version: 1}) ||
		NeedsQuestionnaire(q, api.Session{Questionnaire: q.ID, Version: q.Version}) {
		t.Error("NeedsQuestionnaire")
	}
	v := room(q, "rutiner", true, nil)
	v.ETag = `"w-1"`
	if step, _ := w.Polled(Classify(200, nil)); step != Proceed {
		t.Errorf("200: %v", step)
	}
	w.Show(q, v)
	if w.ETag != `"w-1"` || w.In.V == nil || w.In.Q != q {
		t.Errorf("after Show: %+v", w)
	}
	for _, status := range []int{304, 0, 502, 429} {
		if step, changed := w.Polled(Classify(status, nil)); step != Wait || changed || w.In.V == nil {
			t.Errorf("%d: %v %v, figures %v: want the last figures kept", status, step, changed, w.In.V != nil)
		}
	}
	step, changed := w.Polled(Classify(404, errorBody(t, lagesbild.ESessionExpired, "gone")))
	if step != Wait || !changed || w.In.Problem != sv.WExpired || w.In.V != nil || w.ETag != "" {
		t.Errorf("expired: %v %v %+v", step, changed, w)
	}
	if _, changed := w.Polled(Classify(404, errorBody(t, lagesbild.ESessionExpired, "reworded"))); changed {
		t.Error("the same problem again redraws")
	}
	w.Show(q, v)
	if w.In.Problem != "" {
		t.Error("figures after a problem still show the problem")
	}
	if k := WallScale(1280, 720, 1); k != 1280.0/WallW {
		t.Errorf("WallScale = %v", k)
	}
	if k := WallScale(1000, 1000, 2); k != 2000.0/WallW {
		t.Errorf("WallScale (tall, 2x) = %v", k)
	}
	if k := WallScale(0, 0, 1); k != 1 {
		t.Errorf("WallScale of nothing = %v", k)
	}
}
