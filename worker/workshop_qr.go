package worker

import (
	"net/http"
	"strconv"

	"lagesbild"
	"lagesbild/qr"
)

// workshopQR answers GET /api/workshops/{code}/qr.svg: the QR code of the
// session's join link as SVG, so the wall shows it from its page's small
// script long before wall.wasm has loaded (issue 17: code and QR within
// 1 s). The link's origin is the request's, as the wall's own would be.
// An unknown or expired session is refused like its state (404), an
// ended one too: the wall stops inviting when a session ends.
func (s *server) workshopQR(w http.ResponseWriter, r *http.Request) error {
	code, err := joinCode(r)
	if err != nil {
		return err
	}
	ss, err := s.store.workshop(r.Context(), code)
	if err != nil {
		return err
	}
	if err := s.checkAlive(code, ss.LastActivity); err != nil {
		return err
	}
	if ss.Ended != "" {
		return errEnded(code)
	}
	// In workerd the URL is absolute; a plain Go server's is a path.
	scheme, host := r.URL.Scheme, r.URL.Host
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	if host == "" {
		host = r.Host
	}
	modules, err := qr.Modules(scheme + "://" + host + "/join/?code=" + code)
	if err != nil {
		return lagesbild.Errorf(lagesbild.EInternal, "workshop %s: the QR code of its join link: %v", code, err)
	}
	// The code names one session for its life; an hour's reuse is safe
	// (the wall's script asks for the state too and hides an ended room).
	w.Header().Set("Cache-Control", "private, max-age=3600")
	writeBytes(w, http.StatusOK, "image/svg+xml", qrSVG(modules))
	return nil
}

// qrSVG is the SVG document of a QR code's modules (the quiet zone
// included): qr.Path on a white square.
func qrSVG(modules [][]bool) []byte {
	n := strconv.Itoa(len(modules))
	b := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n + `" shape-rendering="crispEdges"><rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="`)
	b = append(b, qr.Path(modules)...)
	return append(b, `"/></svg>`...)
}
