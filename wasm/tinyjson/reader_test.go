package tinyjson

import (
	"reflect"
	"testing"
)

func TestReader(t *testing.T) {
	v, err := Parse([]byte(`{"s":"a","i":3,"f":1.5,"b":true,"o":{"x":"y"},"os":[{},{}],"ss":["p","q"],"m":{"k":"v"},"n":null}`))
	if err != nil {
		t.Fatal(err)
	}
	var r Reader
	got := []any{r.Str(v, "s"), r.Int(v, "i"), r.Float(v, "f"), r.Bool(v, "b"), r.Str(r.Object(v, "o"), "x"),
		len(r.Objects(v, "os")), r.Strs(v, "ss"), r.Strings(v, "m"),
		r.Str(v, "n"), r.Int(v, "absent"), r.Strs(v, "n"), r.Strings(v, "n")}
	want := []any{"a", 3, 1.5, true, "y", 2, []string{"p", "q"}, map[string]string{"k": "v"},
		"", 0, []string(nil), map[string]string(nil)}
	if !reflect.DeepEqual(got, want) || r.Err != nil {
		t.Errorf("got %v, %v; want %v, no error", got, r.Err, want)
	}

	// The first member of the wrong type is the error, as encoding/json would refuse it.
	tests := []struct {
		body string
		read func(*Reader, Value)
		want string
	}{
		{`{"i":1.0}`, func(r *Reader, v Value) { r.Int(v, "i") }, "i: want a whole number, got number"},
		{`{"i":1e0}`, func(r *Reader, v Value) { r.Int(v, "i") }, "i: want a whole number, got number"},
		{`{"s":1}`, func(r *Reader, v Value) { r.Str(v, "s") }, "s: want a string, got number"},
		{`{"b":"true"}`, func(r *Reader, v Value) { r.Bool(v, "b") }, "b: want true or false, got string"},
		{`{"o":[]}`, func(r *Reader, v Value) { r.Object(v, "o") }, "o: want an object, got array"},
		{`{"os":[1]}`, func(r *Reader, v Value) { r.Objects(v, "os") }, "os: want an array of objects, got number"},
		{`{"ss":["a",2]}`, func(r *Reader, v Value) { r.Strs(v, "ss") }, "ss: want an array of strings, got number"},
		{`{"m":{"a":true}}`, func(r *Reader, v Value) { r.Strings(v, "m") }, "m.a: want a string, got boolean"},
		{`{"s":1,"b":2}`, func(r *Reader, v Value) { r.Str(v, "s"); r.Bool(v, "b") }, "s: want a string, got number"},
	}
	for _, tt := range tests {
		v, err := Parse([]byte(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		var r Reader
		tt.read(&r, v)
		if r.Err == nil || r.Err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.body, r.Err, tt.want)
		}
	}
}
