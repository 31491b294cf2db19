//go:build js && wasm

package dom

import "errors"

// CopyText puts text on the clipboard (navigator.clipboard, which needs a
// secure context and the page in focus). Call it from a goroutine.
func CopyText(text string) error {
	clip := global.Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		return errors.New("copying: the clipboard is not available here")
	}
	_, err := await(clip.Call("writeText", text))
	return err
}

// Origin is the page's origin ("https://lagesbild.example.se"), the start
// of links made for others to open.
func Origin() string { return str(global.Get("location").Get("origin")) }
