package glue

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLayoutJS: layout.mjs is what layout.go generates.
func TestLayoutJS(t *testing.T) {
	want, err := LayoutJS()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("layout.mjs")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("layout.mjs is stale: run `go generate ./worker/glue`; it should be\n%s", want)
	}
}

// TestConstsComplete: every constant of layout.go is in consts, so in
// layout.mjs.
func TestConstsComplete(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "layout.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					declared = append(declared, n.Name)
				}
			}
		}
	}
	var listed []string
	for _, c := range consts {
		listed = append(listed, c.name)
	}
	slices.Sort(declared)
	slices.Sort(listed)
	if !slices.Equal(declared, listed) {
		t.Errorf("layout.go declares the constants %v, render.go's consts lists %v", declared, listed)
	}
}

// TestExports: the Go worker's //go:wasmexport directives are the exports
// declared here.
func TestExports(t *testing.T) {
	files, _ := filepath.Glob("../cmd/worker/*.go")
	re := regexp.MustCompile(`(?m)^//go:wasmexport (\S+)`)
	var got []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			got = append(got, string(m[1]))
		}
	}
	want := []string{ExportD1Done, ExportServe}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("worker/cmd/worker exports %v, layout.go declares %v", got, want)
	}
}

// TestNotSpelledAgain: neither side spells the layout itself (in code;
// comments may name it): the glue imports layout.mjs, the Go worker uses
// this package.
func TestNotSpelledAgain(t *testing.T) {
	var js, goSide []string
	for _, c := range consts {
		if c.value == D1Text {
			js = append(js, `\u0000`, `\x00`)
		} else {
			js = append(js, `"`+c.value+`"`, "."+c.value)
		}
		if c.value != ExportServe && c.value != ExportD1Done { // spelled in go:wasmexport: see TestExports
			goSide = append(goSide, c.value)
		}
	}
	js = append(js, "at + 4", "at + 8", "at + 12", "at + 16")
	comment := regexp.MustCompile(`(?m)(^|\s)//.*$`)
	mjs, _ := filepath.Glob("*.mjs")
	for _, f := range mjs {
		if strings.HasSuffix(f, ".test.mjs") || f == "layout.mjs" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code := comment.ReplaceAll(b, nil)
		for _, s := range js {
			if bytes.Contains(code, []byte(s)) {
				t.Errorf("%s spells %s: use layout.mjs", f, s)
			}
		}
	}
	gofiles, _ := filepath.Glob("../cmd/worker/*.go")
	for _, f := range gofiles {
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if l, ok := n.(*ast.BasicLit); ok && l.Kind == token.STRING {
				v, _ := strconv.Unquote(l.Value)
				if slices.Contains(goSide, v) || strings.HasPrefix(v, D1Text) {
					t.Errorf("%s spells %s: use worker/glue", f, l.Value)
				}
			}
			return true
		})
	}
	b, err := os.ReadFile("worker.mjs")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`from "./layout.mjs"`)) {
		t.Error(`worker.mjs does not import "./layout.mjs"`)
	}
}
