// Package qr makes the QR code of a link: a workshop session's join link
// (the wall, the facilitator's page, and the worker's GET
// /api/workshops/{code}/qr.svg, which the wall shows before its wasm has
// loaded) and a municipality's personal link in the county lead's
// invitation letters (wasm/invite). It is plain Go, shared by the browser
// binaries and the worker, and a package of its own so the binaries that
// show no QR code (the questionnaire runner) do not carry the encoder. In
// the worker, github.com/skip2/go-qrcode costs about 89 KB gzip.
package qr

import (
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// Modules are the dark (true) and light modules of the QR code of text,
// with the standard quiet zone of four light modules around them. Medium
// error correction (15 %) survives a projector's glare and a phone held at
// an angle.
func Modules(text string) ([][]bool, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("QR code of %q: %w", text, err)
	}
	return q.Bitmap(), nil
}
