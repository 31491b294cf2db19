//go:build js && wasm

package main

import (
	"fmt"

	"lagesbild"
	"lagesbild/wasm/dom"
	"lagesbild/wasm/i18n"
	"lagesbild/wasm/page"
	"lagesbild/wasm/report"
	"lagesbild/wasm/ui"
)

// getJSON fetches url (with the code or token, if any) and decodes its JSON
// answer into v. On failure it returns what to say: by the worker's error
// code, or that the server could not be reached, or that its answer could
// not be read (logged); nil when v holds the answer.
func getJSON(url, token string, v any) func(*i18n.Strings) string {
	resp, err := dom.Fetch("GET", url, page.APIHeaders(token), nil)
	switch {
	case err != nil:
		fmt.Println("lagesbild:", err)
		return func(s *i18n.Strings) string { return s.ErrNetwork }
	case resp.Status != 200:
		return ui.ParseError(resp.Status, resp.Body).Text
	}
	if err := report.Decode(url, resp.Body, v); err != nil {
		fmt.Println("lagesbild:", err)
		return func(s *i18n.Strings) string { return s.Code(lagesbild.EInternal) }
	}
	return nil
}
