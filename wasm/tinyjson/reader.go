package tinyjson

import (
	"errors"
	"strings"
)

// Reader takes typed members out of objects, as encoding/json would decode
// them into a struct: absent members and nulls are zero values, and the first
// member of the wrong type is remembered in Err ("key: want …, got …"). The
// clients read the API's bodies and their own files with it, field by field,
// instead of with encoding/json's reflection.
type Reader struct{ Err error }

func (r *Reader) wrong(key, want string, got Value) {
	if r.Err == nil {
		r.Err = errors.New(key + ": want " + want + ", got " + got.Kind().String())
	}
}

// member reads obj's member key with as; a member of another type is an
// error saying what was wanted.
func member[T any](r *Reader, obj Value, key, want string, as func(Value) (T, bool)) T {
	v := obj.Get(key)
	x, ok := as(v)
	if !ok && !v.IsNull() {
		r.wrong(key, want, v)
	}
	return x
}

// Str reads a string member.
func (r *Reader) Str(obj Value, key string) string { return member(r, obj, key, "a string", Value.Str) }

// Int reads a whole number as encoding/json reads one into an int: 1e0 and
// 1.0 are none.
func (r *Reader) Int(obj Value, key string) int {
	return member(r, obj, key, "a whole number", strictInt)
}

// Float reads a number member.
func (r *Reader) Float(obj Value, key string) float64 {
	return member(r, obj, key, "a number", Value.Float)
}

// Bool reads true or false.
func (r *Reader) Bool(obj Value, key string) bool {
	return member(r, obj, key, "true or false", Value.Bool)
}

func strictInt(v Value) (int, bool) {
	if lit, _ := v.Literal(); strings.ContainsAny(lit, ".eE") {
		return 0, false
	}
	return v.Int()
}

// Object reads an object member (or null) and returns it.
func (r *Reader) Object(obj Value, key string) Value {
	v := obj.Get(key)
	if v.Kind() != Object && !v.IsNull() {
		r.wrong(key, "an object", v)
	}
	return v
}

// Objects reads an array of objects.
func (r *Reader) Objects(obj Value, key string) []Value {
	v := obj.Get(key)
	if v.Kind() != Array && !v.IsNull() {
		r.wrong(key, "an array", v)
	}
	for _, e := range v.Elems() {
		if e.Kind() != Object {
			r.wrong(key, "an array of objects", e)
		}
	}
	return v.Elems()
}

// Strs reads an array of strings; null is nil.
func (r *Reader) Strs(obj Value, key string) []string {
	v := obj.Get(key)
	if v.IsNull() {
		return nil
	}
	if v.Kind() != Array {
		r.wrong(key, "an array", v)
		return nil
	}
	out := make([]string, 0, len(v.Elems()))
	for _, e := range v.Elems() {
		s, ok := e.Str()
		if !ok {
			r.wrong(key, "an array of strings", e)
		}
		out = append(out, s)
	}
	return out
}

// Strings reads an object of strings (answers, by item id); null is nil.
func (r *Reader) Strings(obj Value, key string) map[string]string {
	return r.StringMap(obj.Get(key), key)
}

// StringMap reads v, named name in errors, as an object of strings.
func (r *Reader) StringMap(v Value, name string) map[string]string {
	if v.Kind() != Object {
		if !v.IsNull() {
			r.wrong(name, "an object", v)
		}
		return nil
	}
	m := make(map[string]string, len(v.Members()))
	for _, mb := range v.Members() {
		s, ok := mb.Value.Str()
		if !ok {
			r.wrong(name+"."+mb.Key, "a string", mb.Value)
		}
		m[mb.Key] = s
	}
	return m
}
