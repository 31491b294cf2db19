//go:build js && wasm

package main

import (
	"net/http"
	"strconv"
	"syscall/js"
)

func expRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/_test/calls", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		switch r.URL.Query().Get("kind") {
		case "js2go":
			arr := js.Global().Get("Array").New(n)
			arr.Call("fill", 0)
			cnt := 0
			f := js.FuncOf(func(js.Value, []js.Value) any { cnt++; return nil })
			arr.Call("forEach", f)
			f.Release()
		case "go2js":
			m := js.Global().Get("Math")
			for i := 0; i < n; i++ {
				m.Call("abs", i)
			}
		case "str":
			m := js.Global().Get("String")
			s := string(make([]byte, 600))
			for i := 0; i < n; i++ {
				m.Invoke(s)
			}
		case "goroutine":
			done := make(chan bool)
			for i := 0; i < n; i++ {
				go func() { done <- true }()
				<-done
			}
		case "alloc":
			var keep [][]byte
			for i := 0; i < n; i++ {
				keep = append(keep, make([]byte, 1024))
			}
			_ = keep
		}
		writeHook(w, 200, `{"ok":true}`)
	})
}
