//go:build js && wasm

// Package dom is the browser client's only contact with syscall/js: a few
// wrappers over elements, events, storage, fetch and files. Everything with
// logic lives in plain packages (wasm/ui, wasm/chart) that are tested natively.
package dom

import (
	"errors"
	"syscall/js"
	"time"
)

var (
	global   = js.Global()
	document = global.Get("document")
)

// Element is a DOM element; the zero Element stands for "not found" and
// ignores every call, so a page without an optional part still works.
type Element struct{ v js.Value }

// OK reports whether the element exists.
func (e Element) OK() bool { return e.v.Truthy() }

func wrap(v js.Value) Element {
	if v.IsNull() || v.IsUndefined() {
		return Element{}
	}
	return Element{v}
}

// ByID finds an element by id.
func ByID(id string) Element { return wrap(document.Call("getElementById", id)) }

// Query finds the first element matching a CSS selector.
func Query(selector string) Element { return wrap(document.Call("querySelector", selector)) }

// QueryAll finds every element matching a CSS selector.
func QueryAll(selector string) []Element { return list(document.Call("querySelectorAll", selector)) }

// QueryAll finds the element's descendants matching a CSS selector.
func (e Element) QueryAll(selector string) []Element {
	if !e.OK() {
		return nil
	}
	return list(e.v.Call("querySelectorAll", selector))
}

// Query finds the element's first descendant matching a CSS selector.
func (e Element) Query(selector string) Element {
	if !e.OK() {
		return Element{}
	}
	return wrap(e.v.Call("querySelector", selector))
}

func list(nodes js.Value) []Element {
	n := nodes.Length()
	out := make([]Element, n)
	for i := 0; i < n; i++ {
		out[i] = Element{nodes.Index(i)}
	}
	return out
}

// Body is the document's body.
func Body() Element { return Element{document.Get("body")} }

// ActiveID is the id of the focused element ("" if none has one).
func ActiveID() string {
	a := document.Get("activeElement")
	if !a.Truthy() {
		return ""
	}
	return a.Get("id").String()
}

// SetTitle sets the document's title.
func SetTitle(t string) { document.Set("title", t) }

func (e Element) get(name string) js.Value {
	if !e.OK() {
		return js.Undefined()
	}
	return e.v.Get(name)
}

func (e Element) set(name string, v any) {
	if e.OK() {
		e.v.Set(name, v)
	}
}

func (e Element) call(name string, args ...any) js.Value {
	if !e.OK() {
		return js.Undefined()
	}
	return e.v.Call(name, args...)
}

// ID is the element's id.
func (e Element) ID() string { return str(e.get("id")) }

// Text is the element's text content.
func (e Element) Text() string { return str(e.get("textContent")) }

// SetText replaces the element's content with text.
func (e Element) SetText(s string) { e.set("textContent", s) }

// SetHTML replaces the element's content with markup. Only markup built by
// wasm/ui, which escapes every text, is passed here.
func (e Element) SetHTML(h string) { e.set("innerHTML", h) }

// Attr is an attribute's value ("" when absent).
func (e Element) Attr(name string) string { return str(e.call("getAttribute", name)) }

// SetAttr sets an attribute.
func (e Element) SetAttr(name, value string) { e.call("setAttribute", name, value) }

// RemoveAttr removes an attribute.
func (e Element) RemoveAttr(name string) { e.call("removeAttribute", name) }

// Data is a data-* attribute.
func (e Element) Data(name string) string { return e.Attr("data-" + name) }

// SetHidden shows or hides the element (the hidden attribute).
func (e Element) SetHidden(hidden bool) { e.set("hidden", hidden) }

// Hidden reports whether the element has the hidden attribute.
func (e Element) Hidden() bool { return e.get("hidden").Truthy() }

// SetDisabled enables or disables a control.
func (e Element) SetDisabled(disabled bool) { e.set("disabled", disabled) }

// Value is a form control's value.
func (e Element) Value() string { return str(e.get("value")) }

// SetValue sets a form control's value.
func (e Element) SetValue(v string) { e.set("value", v) }

// Name is a form control's name.
func (e Element) Name() string { return str(e.get("name")) }

// Checked reports whether a radio button or checkbox is checked.
func (e Element) Checked() bool { return e.get("checked").Truthy() }

// SetChecked checks or unchecks a radio button or checkbox.
func (e Element) SetChecked(c bool) { e.set("checked", c) }

// Focus moves the keyboard focus to the element.
func (e Element) Focus() { e.call("focus") }

// ScrollIntoView scrolls the element into view.
func (e Element) ScrollIntoView() { e.call("scrollIntoView", map[string]any{"block": "start"}) }

// Reveal scrolls the element into view only as far as needed.
func (e Element) Reveal() { e.call("scrollIntoView", map[string]any{"block": "nearest"}) }

// Append moves child (from wherever it is) to the end of e.
func (e Element) Append(child Element) { e.call("append", child.v) }

// Before moves other (from wherever it is) to just before e.
func (e Element) Before(other Element) { e.call("before", other.v) }

// Click clicks the element (a file input opens its dialog).
func (e Element) Click() { e.call("click") }

// SetClass adds or removes a class.
func (e Element) SetClass(class string, on bool) {
	if e.OK() {
		e.v.Get("classList").Call("toggle", class, on)
	}
}

// Overflows says whether the element's content is wider than its box (it
// scrolls sideways).
func (e Element) Overflows() bool {
	return e.OK() && e.get("scrollWidth").Int() > e.get("clientWidth").Int()
}

// ScrolledToEnd says whether the element is scrolled sideways as far as
// it goes (or does not scroll).
func (e Element) ScrolledToEnd() bool {
	return !e.OK() || e.get("scrollLeft").Float()+float64(e.get("clientWidth").Int())+1 >= float64(e.get("scrollWidth").Int())
}

// SetStyle sets one property of the element's style (CSSOM, which the CSP
// allows, unlike style attributes).
func (e Element) SetStyle(property, value string) {
	if e.OK() {
		e.v.Get("style").Call("setProperty", property, value)
	}
}

// Closest is the nearest ancestor (or the element itself) matching a selector.
func (e Element) Closest(selector string) Element { return wrap(e.call("closest", selector)) }

// Is reports whether the element matches a CSS selector.
func (e Element) Is(selector string) bool { return e.call("matches", selector).Truthy() }

func str(v js.Value) string {
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// Event is a DOM event.
type Event struct{ v js.Value }

// Target is the element the event happened on.
func (ev Event) Target() Element { return wrap(ev.v.Get("target")) }

// PreventDefault stops the browser's own handling (a form's submission).
func (ev Event) PreventDefault() { ev.v.Call("preventDefault") }

// Data is a message event's data, if it is a string.
func (ev Event) Data() string { return str(ev.v.Get("data")) }

// Key is a keyboard event's key ("n", "ArrowRight").
func (ev Event) Key() string { return str(ev.v.Get("key")) }

// Modified reports whether Ctrl, Alt or Meta was held: such keys are the
// browser's and the system's, never a page's shortcut.
func (ev Event) Modified() bool {
	return ev.v.Get("ctrlKey").Truthy() || ev.v.Get("altKey").Truthy() || ev.v.Get("metaKey").Truthy()
}

// InField reports whether the event happened where the user types or
// chooses (an input, select, textarea, button or editable element), so a
// shortcut key must not be taken from it.
func (ev Event) InField() bool {
	t := ev.v.Get("target")
	if !t.Truthy() || t.Type() != js.TypeObject || !t.Get("matches").Truthy() {
		return false
	}
	return t.Call("matches", "input, select, textarea, button, summary, [contenteditable], [contenteditable] *").Truthy()
}

// On calls fn for each event of the type on the element. fn runs on the
// browser's event loop: it must not block (start a goroutine to wait).
func (e Element) On(event string, fn func(Event)) {
	if !e.OK() {
		return
	}
	e.v.Call("addEventListener", event, js.FuncOf(func(this js.Value, args []js.Value) any {
		fn(Event{args[0]})
		return nil
	}))
}

// OnWindow calls fn for each event of the type on the window (online,
// offline, message, hashchange).
func OnWindow(event string, fn func(Event)) { Element{global}.On(event, fn) }

// Storage is localStorage or sessionStorage.
type Storage struct{ v js.Value }

// Local is localStorage; Session is sessionStorage (kept for the tab only).
func Local() Storage   { return Storage{global.Get("localStorage")} }
func Session() Storage { return Storage{global.Get("sessionStorage")} }

// Get reads a key.
func (s Storage) Get(key string) (string, bool) {
	if !s.v.Truthy() {
		return "", false
	}
	v := s.v.Call("getItem", key)
	if v.IsNull() {
		return "", false
	}
	return v.String(), true
}

// Set writes a key. Storage can be full or forbidden (private modes): the
// error lets the page tell the user to download the answers instead.
func (s Storage) Set(key, value string) (err error) {
	if !s.v.Truthy() {
		return errors.New("storage: not available")
	}
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("storage: " + panicText(r))
		}
	}()
	s.v.Call("setItem", key, value)
	return nil
}

// Remove deletes a key.
func (s Storage) Remove(key string) {
	if s.v.Truthy() {
		s.v.Call("removeItem", key)
	}
}

// Online reports whether the browser believes it has a network.
func Online() bool { return global.Get("navigator").Get("onLine").Bool() }

// SetLang sets the page's language (the lang of <html>).
func SetLang(lang string) { Element{document.Get("documentElement")}.SetAttr("lang", lang) }

// Param is a query parameter of the page's address.
func Param(name string) string {
	p := js.Global().Get("URLSearchParams").New(global.Get("location").Get("search"))
	return str(p.Call("get", name))
}

// Search is the page's query ("?…", or "" when it has none).
func Search() string { return str(global.Get("location").Get("search")) }

// Path is the page's path ("/enkat/kommun/").
func Path() string { return str(global.Get("location").Get("pathname")) }

// NothingFocused reports whether no element has the keyboard focus (the
// page's body has it), so the page may move it without taking it from the
// user.
func NothingFocused() bool {
	a := document.Get("activeElement")
	return !a.Truthy() || a.Equal(document.Get("body"))
}

// ReplaceURL changes the address shown without loading (history.replaceState).
func ReplaceURL(url string) {
	global.Get("history").Call("replaceState", js.Null(), "", url)
}

// Replace loads another page in place of this one (location.replace: the
// page left is not kept in the history, so Back does not return to it).
func Replace(url string) { global.Get("location").Call("replace", url) }

// Print opens the browser's print dialog.
func Print() { global.Call("print") }

// await waits for a promise; it must be called from a goroutine, never from
// an event handler (the browser would wait for itself).
func await(p js.Value) (js.Value, error) {
	done := make(chan struct{})
	var val js.Value
	var err error
	ok := js.FuncOf(func(this js.Value, args []js.Value) any {
		val = args[0]
		close(done)
		return nil
	})
	fail := js.FuncOf(func(this js.Value, args []js.Value) any {
		err = errors.New(jsError(args[0]))
		close(done)
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	<-done
	return val, err
}

func jsError(v js.Value) string {
	if v.Type() == js.TypeObject && v.Get("message").Type() == js.TypeString {
		return v.Get("message").String()
	}
	return v.Call("toString").String()
}

// Response is a fetch's answer.
type Response struct {
	Status int
	Body   []byte
}

// Fetch makes an HTTP request with the browser's fetch. A network failure
// (offline, the worker stopped) is an error with Status 0. Call it from a
// goroutine.
func Fetch(method, url string, headers map[string]string, body []byte) (Response, error) {
	init := map[string]any{"method": method, "credentials": "same-origin", "cache": "no-store"}
	h := map[string]any{}
	for k, v := range headers {
		h[k] = v
	}
	init["headers"] = h
	if body != nil {
		init["body"] = string(body)
	}
	return answer(method+" "+url, global.Call("fetch", url, init))
}

// FetchBinary is a GET whose answer is read as bytes, not as text (which
// would mangle a binary file such as an .xlsx).
func FetchBinary(url string, headers map[string]string) (Response, error) {
	h := map[string]any{}
	for k, v := range headers {
		h[k] = v
	}
	resp, err := await(global.Call("fetch", url, map[string]any{"credentials": "same-origin", "cache": "no-store", "headers": h}))
	if err != nil {
		return Response{}, wrapError("GET "+url, err)
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return Response{Status: resp.Get("status").Int()}, wrapError("GET "+url+": reading the answer", err)
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, arr.Length())
	js.CopyBytesToGo(b, arr)
	return Response{Status: resp.Get("status").Int(), Body: b}, nil
}

// Early is a GET of a file the page's loader fetched before the program
// started (loader.js, the script's data-json), which it reads at once;
// without it, it fetches now (the browser's caches apply). Call it from a
// goroutine.
func Early(url string) (Response, error) {
	if early := global.Get("lagesbildEarly"); early.Truthy() {
		if text := early.Get(url); text.Type() == js.TypeString {
			early.Delete(url) // a second call fetches anew
			return Response{Status: 200, Body: []byte(text.String())}, nil
		}
	}
	return answer("GET "+url, global.Call("fetch", url, map[string]any{"credentials": "same-origin"}))
}

// answer waits for a fetch's promise and reads the body as text.
func answer(what string, fetched js.Value) (Response, error) {
	resp, err := await(fetched)
	if err != nil {
		return Response{}, wrapError(what, err)
	}
	text, err := await(resp.Call("text"))
	if err != nil {
		return Response{Status: resp.Get("status").Int()}, wrapError(what+": reading the answer", err)
	}
	return Response{Status: resp.Get("status").Int(), Body: []byte(text.String())}, nil
}

// Download offers data as a file to save.
func Download(name, mediatype string, data []byte) {
	arr := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := js.Global().Get("Blob").New([]any{arr}, map[string]any{"type": mediatype})
	url := global.Get("URL").Call("createObjectURL", blob)
	a := document.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Set("hidden", true)
	document.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// Revoke later: the download starts asynchronously.
	time.AfterFunc(time.Minute, func() { global.Get("URL").Call("revokeObjectURL", url) })
}

// ReadFile reads the first file chosen in a file input. Call it from a goroutine.
func (e Element) ReadFile() ([]byte, error) {
	files := e.get("files")
	if !files.Truthy() || files.Length() == 0 {
		return nil, errors.New("no file chosen")
	}
	text, err := await(files.Index(0).Call("text"))
	if err != nil {
		return nil, wrapError("reading "+files.Index(0).Get("name").String(), err)
	}
	return []byte(text.String()), nil
}

// SetFrameHash sets an iframe's address; a change of the fragment alone
// reaches the frame as a hashchange event, without reloading it.
func (e Element) SetFrameHash(page, fragment string) {
	if !e.OK() {
		return
	}
	src := page + "#" + fragment
	if cur := e.v.Get("contentWindow"); cur.Truthy() && e.Attr("src") != "about:blank" && e.Attr("src") != "" {
		if loc := cur.Get("location"); loc.Truthy() && str(loc.Get("pathname")) == page {
			loc.Set("hash", fragment)
			return
		}
	}
	e.SetAttr("src", src)
}

// Ready marks the page as taken over by the client, for tests and CSS.
func Ready() { Body().SetAttr("data-ready", "") }

// Hash is the page's URL fragment.
func Hash() string { return str(global.Get("location").Get("hash")) }

// PostToParent sends a message to the parent page (the chart page's height).
func PostToParent(msg string) {
	parent := global.Get("parent")
	if parent.Truthy() && !parent.Equal(global) {
		parent.Call("postMessage", msg, global.Get("location").Get("origin"))
	}
}

// IsFrom reports whether a message event came from the given iframe.
func (ev Event) IsFrom(frame Element) bool {
	return frame.OK() && ev.v.Get("source").Equal(frame.v.Get("contentWindow"))
}

// Random reads random bytes from the browser's crypto.getRandomValues (the
// Go crypto/rand package would add its whole FIPS module to the binary).
type Random struct{}

func (Random) Read(b []byte) (int, error) {
	arr := js.Global().Get("Uint8Array").New(len(b))
	global.Get("crypto").Call("getRandomValues", arr)
	return js.CopyBytesToGo(b, arr), nil
}

// Log writes a line to the browser's console.
func Log(parts ...string) {
	args := make([]any, len(parts))
	for i, p := range parts {
		args[i] = p
	}
	global.Get("console").Call("log", args...)
}

// wrapped is an error with context, as fmt.Errorf("%s: %w") makes it; dom
// does without fmt, which would make every wasm binary bigger.
type wrapped struct {
	context string
	err     error
}

func wrapError(context string, err error) error { return &wrapped{context, err} }
func (w *wrapped) Error() string                { return w.context + ": " + w.err.Error() }
func (w *wrapped) Unwrap() error                { return w.err }

// panicText describes a recovered value: syscall/js panics with a js.Error.
func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "unknown failure"
}

// ---- for the coordinator's and the county lead's pages (wasm/app) ----

// Origin is the page's origin ("https://lagesbild.example"), for links
// handed to others.
func Origin() string { return str(global.Get("location").Get("origin")) }

// CopyText puts text on the clipboard (navigator.clipboard, which needs a
// secure context and the user's click). Call it from a goroutine.
func CopyText(text string) error {
	clip := global.Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		return errors.New("clipboard: not available")
	}
	_, err := await(clip.Call("writeText", text))
	return err
}

// SelectText selects the element's text, for the user to copy by hand.
func (e Element) SelectText() {
	if sel := global.Call("getSelection"); e.OK() && sel.Truthy() {
		sel.Call("selectAllChildren", e.v)
	}
}

// Prefetched is the answer to a GET that the page's script started before
// the program (window.lagesbildFetches[url], a promise of {status, text},
// or of null when the network failed: the wall's wall.mjs), taken once: a
// second call finds none. ok is false when there is none or it failed, and
// the caller fetches itself. Call it from a goroutine.
func Prefetched(url string) (r Response, ok bool) {
	all := global.Get("lagesbildFetches")
	if !all.Truthy() {
		return Response{}, false
	}
	p := all.Get(url)
	if !p.Truthy() {
		return Response{}, false
	}
	all.Delete(url)
	v, err := await(p)
	if err != nil || !v.Truthy() || v.Get("text").Type() != js.TypeString {
		return Response{}, false
	}
	return Response{Status: v.Get("status").Int(), Body: []byte(v.Get("text").String())}, true
}
