// Package status maps a domain error code to its HTTP status: the one
// place where that happens, shared by the surfaces (the pages, the API).
package status

import (
	"net/http"

	"planboard/domain"
)

// Of is the HTTP status of a domain error code (500 for any other).
func Of(code string) int {
	switch code {
	case domain.ENotFound:
		return http.StatusNotFound
	case domain.EInvalid:
		return http.StatusUnprocessableEntity
	case domain.EConflict:
		return http.StatusConflict
	case domain.EForbidden:
		return http.StatusForbidden
	case domain.EUnauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}
