// Package authoring reads the questionnaire files people edit (YAML, see
// ../FORMAT.md) into the canonical model, with errors that say file, line and
// column. It walks the YAML syntax tree itself rather than decoding into
// structs, so that it can tell a missing key from a null one ("points: null"
// is "Vet ej"; no points at all is a mistake) and point at the exact place.
// Host-only: the worker and the browser use the compiled JSON instead.
package authoring

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"lagesbild"
)

// Error is one problem in a file, at a line and column (both from 1).
type Error struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg) }

// List is every problem found in a file, in file order.
type List []*Error

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// maxErrors keeps a badly broken file from flooding the terminal.
const maxErrors = 25

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	itemPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$`)
	valuePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	kinds        = map[string]bool{"struktur": true, "process": true, "resultat": true}
)

// Parse reads one questionnaire file. filename is used in messages and, when
// it has the form <id>.v<version>.yaml, checked against the content. On any
// problem it returns a List and no questionnaire.
func Parse(filename string, src []byte) (*lagesbild.Questionnaire, error) {
	q, _, err := parse(filename, src)
	return q, err
}

// parse is Parse, with where each item's matchesIndicator is written, for
// the check across files (Matches).
func parse(filename string, src []byte) (*lagesbild.Questionnaire, []match, error) {
	p := &reader{file: filename}
	q := p.parse(src)
	if len(p.errs) > 0 {
		sort.SliceStable(p.errs, func(i, j int) bool {
			a, b := p.errs[i], p.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
		})
		return nil, nil, p.errs
	}
	return q, p.matches, nil
}

type reader struct {
	file    string
	errs    List
	matches []match
}

// match is an item's matchesIndicator and where it is written.
type match struct {
	item, indicator string
	at              *token.Position
}

func (p *reader) errorf(pos *token.Position, format string, args ...any) {
	if len(p.errs) >= maxErrors {
		return
	}
	line, col := 1, 1
	if pos != nil {
		line, col = pos.Line, pos.Column
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

// posOf is where a node starts; for a mapping, its first key, which is where
// a reader's eye goes.
func posOf(n ast.Node) *token.Position {
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 && !m.IsFlowStyle {
			return posOf(m.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return posOf(m.Key)
	}
	if n == nil || n.GetToken() == nil {
		return nil
	}
	return n.GetToken().Position
}

func (p *reader) parse(src []byte) *lagesbild.Questionnaire {
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		if ye, ok := err.(yaml.Error); ok && ye.GetToken() != nil {
			p.errorf(ye.GetToken().Position, "YAML: %s", ye.GetMessage())
		} else {
			p.errorf(nil, "YAML: %v", err)
		}
		return nil
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		p.errorf(nil, "want exactly one YAML document, found %d", len(f.Docs))
		return nil
	}
	root := p.fields(f.Docs[0].Body, "the file", "id", "version", "title", "intro", "scales", "sections", "renamed", "dropped")
	if root == nil {
		return nil
	}
	q := &lagesbild.Questionnaire{}
	q.ID = p.str(root, "id", f.Docs[0].Body, true)
	if q.ID != "" && !idPattern.MatchString(q.ID) {
		p.errorf(posOf(root["id"].Value), "id %q: use lower-case letters, digits and '-'", q.ID)
	}
	q.Version = p.version(root, f.Docs[0].Body)
	p.checkFileName(q, root)
	q.Title = p.text(root, "title", f.Docs[0].Body, true)
	q.Intro = p.text(root, "intro", f.Docs[0].Body, false)
	scales := p.scales(root["scales"])
	q.Sections = p.sections(root, f.Docs[0].Body, scales, q.Version)
	q.Renamed = p.renamed(root["renamed"], q)
	q.Dropped = p.dropped(root["dropped"], q)
	return q
}

func (p *reader) checkFileName(q *lagesbild.Questionnaire, root map[string]*ast.MappingValueNode) {
	base := p.file[strings.LastIndexAny(p.file, `/\`)+1:]
	id, ver, ok := strings.Cut(strings.TrimSuffix(base, ".yaml"), ".v")
	if !ok || !strings.HasSuffix(base, ".yaml") {
		return // not a shipped file name (tests, fuzzing): nothing to compare
	}
	if q.ID != "" && id != q.ID {
		p.errorf(posOf(root["id"].Value), "id %q does not match the file name %q", q.ID, base)
	}
	if n, err := strconv.Atoi(ver); q.Version > 0 && (err != nil || n != q.Version) {
		p.errorf(posOf(root["version"].Value), "version %d does not match the file name %q", q.Version, base)
	}
}

// mapping returns the entries of a mapping node (a one-entry mapping may come
// as a bare MappingValueNode).
func mapping(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch m := unwrap(n).(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	return nil, false
}

// unwrap looks through comments and tags, which carry no meaning here.
func unwrap(n ast.Node) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.TagNode:
			n = t.Value
		case *ast.CommentGroupNode:
			return nil
		default:
			return n
		}
	}
}

func keyName(mv *ast.MappingValueNode) string {
	if mv.Key == nil || mv.Key.GetToken() == nil {
		return ""
	}
	return mv.Key.GetToken().Value
}

// fields reads a mapping and reports unknown and repeated keys. what names
// the mapping in messages.
func (p *reader) fields(n ast.Node, what string, allowed ...string) map[string]*ast.MappingValueNode {
	entries, ok := mapping(n)
	if !ok {
		p.errorf(posOf(n), "%s: want a mapping of keys and values", what)
		return nil
	}
	out := make(map[string]*ast.MappingValueNode, len(entries))
	for _, mv := range entries {
		k := keyName(mv)
		if !contains(allowed, k) {
			p.errorf(posOf(mv.Key), "%s: unknown field %q (allowed: %s)", what, k, strings.Join(allowed, ", "))
			continue
		}
		if _, dup := out[k]; dup {
			p.errorf(posOf(mv.Key), "%s: %q given twice", what, k)
			continue
		}
		out[k] = mv
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scalar returns a scalar's text; ok is false for null, mappings, sequences.
func scalar(n ast.Node) (string, bool) {
	switch s := unwrap(n).(type) {
	case *ast.StringNode:
		return s.Value, true
	case *ast.LiteralNode:
		return s.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return s.GetToken().Value, true
	}
	return "", false
}

// integer reads a whole-number scalar.
func integer(n ast.Node) (int64, bool) {
	in, ok := unwrap(n).(*ast.IntegerNode)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(in.GetToken().Value, "_", ""), 0, 64)
	return v, err == nil
}

// str reads a required or optional string field of m; parent is where a
// missing field is reported.
func (p *reader) str(m map[string]*ast.MappingValueNode, key string, parent ast.Node, required bool) string {
	mv, ok := m[key]
	if !ok {
		if required {
			p.errorf(posOf(parent), "%q is missing", key)
		}
		return ""
	}
	s, ok := scalar(mv.Value)
	if !ok || strings.TrimSpace(s) == "" {
		p.errorf(posOf(mv.Key), "%q: want a non-empty text", key)
		return ""
	}
	return strings.TrimSpace(s)
}

func (p *reader) version(m map[string]*ast.MappingValueNode, parent ast.Node) int {
	mv, ok := m["version"]
	if !ok {
		p.errorf(posOf(parent), `"version" is missing`)
		return 0
	}
	v, ok := integer(mv.Value)
	if !ok {
		p.errorf(posOf(mv.Value), "version: want a whole number >= 1")
		return 0
	}
	if v < 1 || v > 1<<20 {
		p.errorf(posOf(mv.Value), "version: want a whole number >= 1, got %d", v)
		return 0
	}
	return int(v)
}

// text reads a {sv, en} text; both translations are required once the field is there.
func (p *reader) text(m map[string]*ast.MappingValueNode, key string, parent ast.Node, required bool) lagesbild.Text {
	mv, ok := m[key]
	if !ok {
		if required {
			p.errorf(posOf(parent), "%q is missing (give it in sv and en)", key)
		}
		return lagesbild.Text{}
	}
	t := p.fields(mv.Value, key, "sv", "en")
	if t == nil {
		return lagesbild.Text{}
	}
	var out lagesbild.Text
	out.SV = p.translation(t, "sv", key, mv)
	out.EN = p.translation(t, "en", key, mv)
	return out
}

func (p *reader) translation(t map[string]*ast.MappingValueNode, lang, key string, at *ast.MappingValueNode) string {
	mv, ok := t[lang]
	if !ok {
		p.errorf(posOf(at.Key), "%s has no %s translation", key, lang)
		return ""
	}
	s, ok := scalar(mv.Value)
	if !ok || strings.TrimSpace(s) == "" {
		p.errorf(posOf(mv.Key), "%s.%s is empty", key, lang)
		return ""
	}
	return strings.TrimSpace(s)
}

type scale struct {
	options []lagesbild.Option
	used    bool
	at      ast.Node
}

func (p *reader) scales(mv *ast.MappingValueNode) map[string]*scale {
	out := map[string]*scale{}
	if mv == nil {
		return out
	}
	entries, ok := mapping(mv.Value)
	if !ok {
		p.errorf(posOf(mv.Key), "scales: want a mapping from scale names to option lists")
		return out
	}
	for _, e := range entries {
		name := keyName(e)
		if _, dup := out[name]; dup {
			p.errorf(posOf(e.Key), "scale %q defined twice", name)
			continue
		}
		out[name] = &scale{options: p.options(e.Value, "scale "+strconv.Quote(name)), at: e.Key}
	}
	return out
}

// options reads a list of options: {value, sv, en, points, na}.
func (p *reader) options(n ast.Node, what string) []lagesbild.Option {
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok || len(seq.Values) == 0 {
		p.errorf(posOf(n), "%s: want a list of options", what)
		return nil
	}
	var out []lagesbild.Option
	seen := map[string]bool{}
	scored := false
	for _, on := range seq.Values {
		f := p.fields(on, what+" option", "value", "sv", "en", "points", "na")
		if f == nil {
			continue
		}
		o := lagesbild.Option{}
		if _, ok := f["value"]; !ok {
			p.errorf(posOf(on), "%s: option has no value", what)
		} else {
			o.Value = p.str(f, "value", on, true)
			switch {
			case o.Value == "":
			case !valuePattern.MatchString(o.Value):
				p.errorf(posOf(f["value"].Value), "%s: option value %q: use lower-case letters, digits and '-'", what, o.Value)
			case seen[o.Value]:
				p.errorf(posOf(f["value"].Value), "%s: option value %q given twice", what, o.Value)
			}
			seen[o.Value] = true
		}
		for _, lang := range []string{"sv", "en"} {
			if _, ok := f[lang]; !ok {
				p.errorf(posOf(on), "%s: option %q has no %s label", what, o.Value, lang)
			}
		}
		o.Label = lagesbild.Text{SV: p.str(f, "sv", on, false), EN: p.str(f, "en", on, false)}
		pts, ok := f["points"]
		switch {
		case !ok:
			p.errorf(posOf(on), "%s: option %q has no points (write points: null for \"Vet ej\")", what, o.Value)
		case unwrap(pts.Value) == nil || unwrap(pts.Value).Type() == ast.NullType:
			// "Vet ej": counted, not scored.
		default:
			v, ok := integer(pts.Value)
			if !ok || v < 0 || v > 100 {
				p.errorf(posOf(pts.Value), "%s: option %q: points must be a whole number 0–100 or null", what, o.Value)
				break
			}
			n := int(v)
			o.Points = &n
			scored = true
		}
		if na, ok := f["na"]; ok {
			b, isBool := unwrap(na.Value).(*ast.BoolNode)
			switch {
			case !isBool:
				p.errorf(posOf(na.Value), "%s: option %q: na: want true or false", what, o.Value)
			case b.Value && o.Points != nil:
				p.errorf(posOf(na.Key), "%s: option %q: an \"Ej aktuellt\" option (na: true) gives no points: write points: null", what, o.Value)
			default:
				o.NotApplicable = b.Value
			}
		}
		out = append(out, o)
	}
	if !scored && len(out) > 0 {
		p.errorf(posOf(n), "%s: no option gives points (an item needs at least one scored option)", what)
	}
	return out
}

func (p *reader) sections(root map[string]*ast.MappingValueNode, doc ast.Node, scales map[string]*scale, version int) []lagesbild.Section {
	mv, ok := root["sections"]
	if !ok {
		p.errorf(posOf(doc), `"sections" is missing`)
		return nil
	}
	seq, ok := unwrap(mv.Value).(*ast.SequenceNode)
	if !ok || len(seq.Values) == 0 {
		p.errorf(posOf(mv.Key), "sections: want a list with at least one section")
		return nil
	}
	var out []lagesbild.Section
	sectionIDs := map[string]bool{}
	itemIDs := map[string]bool{}
	inds := map[string]*token.Position{} // indicator ids, where each is declared
	for _, sn := range seq.Values {
		f := p.fields(sn, "section", "id", "title", "intro", "items")
		if f == nil {
			continue
		}
		s := lagesbild.Section{ID: p.str(f, "id", sn, true)}
		if s.ID != "" {
			if !idPattern.MatchString(s.ID) {
				p.errorf(posOf(f["id"].Value), "section id %q: use lower-case letters, digits and '-'", s.ID)
			}
			if sectionIDs[s.ID] {
				p.errorf(posOf(f["id"].Value), "duplicate section id %q", s.ID)
			}
			sectionIDs[s.ID] = true
		}
		where := fmt.Sprintf("section %q", s.ID)
		s.Title = p.text(f, "title", sn, true)
		s.Intro = p.text(f, "intro", sn, false)
		items, ok := f["items"]
		var iseq *ast.SequenceNode
		if ok {
			iseq, _ = unwrap(items.Value).(*ast.SequenceNode)
		}
		if iseq == nil || len(iseq.Values) == 0 {
			p.errorf(posOf(sn), "%s: want a list of items with at least one item", where)
		} else {
			for _, in := range iseq.Values {
				if it, ok := p.item(in, scales, itemIDs, inds, version); ok {
					s.Items = append(s.Items, it)
				}
			}
		}
		out = append(out, s)
	}
	// An indicator is a measure beside the sections and the total
	// (lagesbild.MeasureTotal): its id may be neither.
	for _, id := range slices.Sorted(maps.Keys(inds)) {
		at := inds[id]
		switch {
		case sectionIDs[id]:
			p.errorf(at, "indicator %q: a section has the same id (indicators and sections are measures side by side)", id)
		case id == lagesbild.MeasureTotal || id == lagesbild.MeasureDontKnow:
			p.errorf(at, "indicator %q: the id is reserved for a measure of the result", id)
		}
	}
	for name, sc := range scales {
		if !sc.used {
			p.errorf(posOf(sc.at), "scale %q is never used", name)
		}
	}
	return out
}

// policyFrom is the first version in which an item with a "Vet ej" option
// must say how it is scored (dontKnow) and what to find out (adviceUnknown).
const policyFrom = 2

func (p *reader) item(n ast.Node, scales map[string]*scale, ids map[string]bool, inds map[string]*token.Position, version int) (lagesbild.Item, bool) {
	f := p.fields(n, "item", "id", "scale", "options", "kind", "weight", "text", "help", "advice", "dontKnow", "adviceUnknown", "indicators", "matchesIndicator")
	if f == nil {
		return lagesbild.Item{}, false
	}
	it := lagesbild.Item{ID: p.str(f, "id", n, true)}
	if it.ID != "" {
		if !itemPattern.MatchString(it.ID) {
			p.errorf(posOf(f["id"].Value), "item id %q: use lower-case letters, digits, '-' and '.'", it.ID)
		}
		if ids[it.ID] {
			p.errorf(posOf(f["id"].Value), "duplicate item id %q", it.ID)
		}
		ids[it.ID] = true
	}
	where := fmt.Sprintf("item %q", it.ID)
	sc, hasScale := f["scale"]
	opts, hasOptions := f["options"]
	switch {
	case hasScale && hasOptions:
		p.errorf(posOf(sc.Key), "%s: give either scale or options, not both", where)
	case hasScale:
		name, _ := scalar(sc.Value)
		s, ok := scales[name]
		if !ok {
			p.errorf(posOf(sc.Value), "%s: no scale %q in scales", where, name)
		} else {
			s.used = true
			it.Options = append([]lagesbild.Option(nil), s.options...)
		}
	case hasOptions:
		it.Options = p.options(opts.Value, where)
	default:
		p.errorf(posOf(n), "%s: has neither scale nor options", where)
	}
	if k, ok := f["kind"]; ok {
		it.Kind, _ = scalar(k.Value)
		if !kinds[it.Kind] {
			p.errorf(posOf(k.Value), "%s: kind %q: want struktur, process or resultat", where, it.Kind)
		}
	}
	if w, ok := f["weight"]; ok {
		s, _ := scalar(w.Value)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v > 0 && v <= 100) {
			p.errorf(posOf(w.Value), "%s: weight must be a number > 0 (default 1)", where)
		} else if v != 1 {
			it.Weight = v
		}
	}
	it.Text = p.text(f, "text", n, true)
	it.Help = p.text(f, "help", n, true)
	it.Advice = p.text(f, "advice", n, true)
	p.dontKnow(f, n, &it, version)
	it.Indicators = p.indicators(f["indicators"], &it, inds)
	if mv, ok := f["matchesIndicator"]; ok {
		it.MatchesIndicator = p.str(f, "matchesIndicator", n, false)
		switch {
		case it.MatchesIndicator == "":
		case !idPattern.MatchString(it.MatchesIndicator):
			p.errorf(posOf(mv.Value), "%s: matchesIndicator %q: want an indicator id (lower-case letters, digits and '-')", where, it.MatchesIndicator)
		default:
			p.matches = append(p.matches, match{it.ID, it.MatchesIndicator, posOf(mv.Value)})
		}
	}
	return it, true
}

// indicators reads an item's indicators: {id, title, meets}. ids holds the
// indicator ids seen so far in the file, with where each was declared.
func (p *reader) indicators(mv *ast.MappingValueNode, it *lagesbild.Item, ids map[string]*token.Position) []lagesbild.Indicator {
	if mv == nil {
		return nil
	}
	where := fmt.Sprintf("item %q", it.ID)
	seq, ok := unwrap(mv.Value).(*ast.SequenceNode)
	if !ok || len(seq.Values) == 0 {
		p.errorf(posOf(mv.Key), "%s: indicators: want a list of {id, title, meets} (or leave indicators out)", where)
		return nil
	}
	var out []lagesbild.Indicator
	for i, n := range seq.Values {
		if i == 1 {
			// Each indicator is released alone (lagesbild.ReleaseIndicator),
			// and two read from one item can be subtracted: "beslutat or
			// uppföljt" minus "uppföljt" counts "beslutat" in every group
			// both show, which neither release audited (THREATS.md).
			p.errorf(posOf(n), "%s: indicators: one indicator per item (two from one item can be subtracted, and each is released alone; see THREATS.md, \"Indicator figures\")", where)
		}
		f := p.fields(n, "indicator", "id", "title", "meets", "regional")
		if f == nil {
			continue
		}
		ind := lagesbild.Indicator{ID: p.str(f, "id", n, true)}
		if ind.ID != "" {
			at := posOf(f["id"].Value)
			switch {
			case !idPattern.MatchString(ind.ID):
				p.errorf(at, "%s: indicator id %q: use lower-case letters, digits and '-'", where, ind.ID)
			case ids[ind.ID] != nil:
				p.errorf(at, "%s: duplicate indicator id %q (first at line %d)", where, ind.ID, ids[ind.ID].Line)
			default:
				ids[ind.ID] = at
			}
		}
		ind.Title = p.text(f, "title", n, true)
		ind.Meets = p.meets(f, n, it, fmt.Sprintf("%s: indicator %q", where, ind.ID))
		if r, ok := f["regional"]; ok {
			if b, isBool := unwrap(r.Value).(*ast.BoolNode); isBool {
				ind.Regional = b.Value
			} else {
				p.errorf(posOf(r.Value), "%s: indicator %q: regional: want true or false", where, ind.ID)
			}
		}
		out = append(out, ind)
	}
	return out
}

// meets reads the option values that meet an indicator: scored options of
// the item, each once, and not all of them (an indicator every answer but
// "Vet ej" meets tells nothing).
func (p *reader) meets(f map[string]*ast.MappingValueNode, n ast.Node, it *lagesbild.Item, where string) []string {
	mv, ok := f["meets"]
	if !ok {
		p.errorf(posOf(n), "%s: \"meets\" is missing (the option values that meet it)", where)
		return nil
	}
	seq, ok := unwrap(mv.Value).(*ast.SequenceNode)
	if !ok || len(seq.Values) == 0 {
		p.errorf(posOf(mv.Key), "%s: meets: want a list of one or more option values", where)
		return nil
	}
	out := []string{}
	for _, vn := range seq.Values {
		v, ok := scalar(vn)
		v = strings.TrimSpace(v)
		if !ok || v == "" {
			p.errorf(posOf(vn), "%s: meets: want an option value", where)
			continue
		}
		o, exists := it.Option(v)
		switch {
		case len(it.Options) == 0:
			// The item's options are wrong, and said so already.
		case !exists:
			p.errorf(posOf(vn), "%s: meets: the item has no option %q", where, v)
		case o.NotApplicable:
			p.errorf(posOf(vn), "%s: meets: %q is \"Ej aktuellt\": it leaves an indicator unknown, it cannot meet it", where, v)
		case !o.Scored():
			p.errorf(posOf(vn), "%s: meets: %q is \"Vet ej\": not knowing does not meet an indicator", where, v)
		case slices.Contains(out, v):
			p.errorf(posOf(vn), "%s: meets: %q given twice", where, v)
		default:
			out = append(out, v)
		}
	}
	scored := 0
	for _, o := range it.Options {
		if o.Scored() {
			scored++
		}
	}
	if scored > 0 && len(out) == scored {
		p.errorf(posOf(mv.Key), "%s: meets: every scored option meets it, so it tells nothing: list only the answers that meet it", where)
	}
	return out
}

// dontKnow reads how an item scores "Vet ej" and what to find out after
// it: both only on an item that offers "Vet ej", and both required on such
// an item from version policyFrom on.
func (p *reader) dontKnow(f map[string]*ast.MappingValueNode, n ast.Node, it *lagesbild.Item, version int) {
	where := fmt.Sprintf("item %q", it.ID)
	offers := slices.ContainsFunc(it.Options, lagesbild.Option.DontKnow)
	if dk, ok := f["dontKnow"]; ok {
		it.DontKnow, _ = scalar(dk.Value)
		switch {
		case !offers:
			p.errorf(posOf(dk.Key), "%s: dontKnow: the item has no \"Vet ej\" option (points: null without na)", where)
		case it.DontKnow != lagesbild.DontKnowZero && it.DontKnow != lagesbild.DontKnowUnscored:
			p.errorf(posOf(dk.Value), "%s: dontKnow %q: want zero (the organisation's own routines and practice) or unscored (knowledge of third parties)", where, it.DontKnow)
		}
	} else if offers && version >= policyFrom {
		p.errorf(posOf(n), "%s: dontKnow is missing: say how \"Vet ej\" is scored, zero or unscored (required from version %d)", where, policyFrom)
	}
	if _, ok := f["adviceUnknown"]; ok {
		if !offers {
			p.errorf(posOf(f["adviceUnknown"].Key), "%s: adviceUnknown: the item has no \"Vet ej\" option", where)
		}
		t := p.text(f, "adviceUnknown", n, true)
		it.AdviceUnknown = &t
	} else if offers && version >= policyFrom {
		p.errorf(posOf(n), "%s: adviceUnknown is missing: say what to find out, and from whom, after \"Vet ej\" (required from version %d)", where, policyFrom)
	}
}

// dropped reads the item ids of the previous version that this one has no
// counterpart for, each with its reason.
func (p *reader) dropped(mv *ast.MappingValueNode, q *lagesbild.Questionnaire) map[string]string {
	if mv == nil {
		return nil
	}
	entries, ok := mapping(mv.Value)
	if !ok {
		p.errorf(posOf(mv.Key), "dropped: want a mapping from old item ids to the reason each was dropped")
		return nil
	}
	out := map[string]string{}
	for _, e := range entries {
		id := keyName(e)
		reason, _ := scalar(e.Value)
		switch {
		case strings.TrimSpace(reason) == "":
			p.errorf(posOf(e.Key), "dropped: %q: give the reason it was dropped", id)
		case q.Renamed[id] != "":
			p.errorf(posOf(e.Key), "dropped: %q is also under renamed", id)
		}
		if _, exists := q.Item(id); exists {
			p.errorf(posOf(e.Key), "dropped: %q is still an item id in this version", id)
		}
		out[id] = strings.TrimSpace(reason)
	}
	return out
}

func (p *reader) renamed(mv *ast.MappingValueNode, q *lagesbild.Questionnaire) map[string]string {
	if mv == nil {
		return nil
	}
	entries, ok := mapping(mv.Value)
	if !ok {
		p.errorf(posOf(mv.Key), "renamed: want a mapping from old item ids to new ones")
		return nil
	}
	out := map[string]string{}
	// q.Renamed is still nil here, so q.Item looks up current ids only.
	for _, e := range entries {
		from := keyName(e)
		to, _ := scalar(e.Value)
		if _, exists := q.Item(from); exists && !strings.EqualFold(from, to) {
			if _, dup := out[from]; !dup {
				p.errorf(posOf(e.Key), "renamed: %q is still an item id in this version", from)
			}
		}
		if _, ok := q.Item(to); !ok {
			p.errorf(posOf(e.Value), "renamed: %q -> %q: no item %q in this version", from, to, to)
		}
		out[from] = to
	}
	return out
}
