package report

import (
	"encoding/json"
	"fmt"
)

// The API's JSON is declared once, in package api.

// Decode reads an API answer into v, naming the route on failure.
func Decode(route string, b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reading the answer of %s: %w", route, err)
	}
	return nil
}

// Routes of the API.
func CountiesURL(round string) string {
	return "/api/rounds/" + Escape(round) + "/counties"
}
func CountyURL(round, county string) string {
	return CountiesURL(round) + "/" + Escape(county)
}
func ExportURL(round, ext string) string {
	return "/api/rounds/" + Escape(round) + "/export." + ext
}

// Escape percent-encodes s for a path segment or a query value: everything
// but letters, digits and "-._~". (net/url would do, at 100 KB of wasm.)
func Escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}
