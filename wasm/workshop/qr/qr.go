// Package qr makes the QR code of a session's join link, for the wall and
// the facilitator's page. It is a package of its own so the participants'
// binary, which shows no QR code, does not carry the encoder.
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
