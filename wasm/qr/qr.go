// Package qr makes the QR code of a link: a workshop session's join link
// (the wall, the facilitator's page) and a municipality's personal link in
// the county lead's invitation letters (wasm/invite). It is a package of
// its own so the binaries that show no QR code (the questionnaire runner,
// the participants' page) do not carry the encoder.
//
// The code is made in the browser rather than by the worker: in the
// worker, github.com/skip2/go-qrcode (with the image/png it imports) adds
// about 320 KB raw and 84 KB gzip to a binary that must stay under 3 MB
// gzip and is started for every isolate, while both pages that show the
// code are Go binaries anyway.
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
