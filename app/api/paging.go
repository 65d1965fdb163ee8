package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"planboard/domain"
)

// List is one page of records; Next is the cursor of the following page
// ("" on the last).
type List[T any] struct {
	Data []T    `json:"data"`
	Next string `json:"next" doc:"Pass as ?cursor= for the next page; empty on the last page"`
}

// Paging are the query parameters of every list.
type Paging struct {
	Cursor string `query:"cursor" doc:"The next value of the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50" doc:"Records per page"`
}

// Conditional is the request header of every read: an ETag seen before.
type Conditional struct {
	IfNoneMatch string `header:"If-None-Match" doc:"An ETag of an earlier answer: 304 when nothing changed"`
}

// Out is a read's answer: the body with its ETag, or 304 without one.
type Out[T any] struct {
	Status int
	ETag   string `header:"ETag"`
	Body   T
}

// cursorOf is the opaque cursor after the record with id.
func cursorOf(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("id:" + strconv.FormatInt(id, 10)))
}

// afterID reads a cursor (0 for none); one this API did not give is a
// validation error of the "cursor" parameter.
func afterID(cursor string) (int64, error) {
	if cursor == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	rest, ok := strings.CutPrefix(string(b), "id:")
	id, perr := strconv.ParseInt(rest, 10, 64)
	if err != nil || !ok || perr != nil || id < 0 {
		return 0, &domain.ValidationError{Fields: domain.FieldErrors{"cursor": "api.bad_cursor"}}
	}
	return id, nil
}

// page cuts a list loaded whole (institutions, plans: a tenant has few)
// into the page after the cursor, in id order as given.
func page[T any](all []T, id func(T) int64, p Paging) (List[T], error) {
	after, err := afterID(p.Cursor)
	if err != nil {
		return List[T]{}, err
	}
	out := List[T]{Data: []T{}}
	for _, r := range all {
		if id(r) <= after {
			continue
		}
		if len(out.Data) == p.Limit {
			out.Next = cursorOf(id(out.Data[len(out.Data)-1]))
			break
		}
		out.Data = append(out.Data, r)
	}
	return out, nil
}

// tagged answers body with its ETag (a hash of its JSON), or 304 when the
// client already holds it.
func tagged[T any](c Conditional, body T) (*Out[T], error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
	if matches(c.IfNoneMatch, tag) {
		return &Out[T]{Status: http.StatusNotModified, ETag: tag}, nil
	}
	return &Out[T]{Status: http.StatusOK, ETag: tag, Body: body}, nil
}

func typeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// sortByID orders records by id: the order lists are paged in.
func sortByID[T any](recs []T, id func(T) int64) {
	sort.SliceStable(recs, func(i, j int) bool { return id(recs[i]) < id(recs[j]) })
}
