package public

import (
	"fmt"
	"sync"

	"github.com/gofiber/fiber/v2"
)

// snapshotCache keeps rendered public reports and exports. A published
// snapshot never changes (republishing makes a new one, with a new id), so
// an answer keyed by the snapshot's id, the export and the mode is valid
// for as long as anybody asks; only memory bounds it.
type snapshotCache struct {
	mu    sync.Mutex
	m     map[string]snapshotAnswer
	bytes int
}

// snapshotBudget is how many bytes of answers the cache holds at most.
const snapshotBudget = 8 << 20

// snapshotAnswer is a rendered answer with the headers that describe it.
type snapshotAnswer struct {
	body                     []byte
	contentType, disposition string
}

func snapshotKey(id int64, ext string, vi bool) string { return fmt.Sprintf("%d.%s.%t", id, ext, vi) }

func (s *snapshotCache) get(key string) (snapshotAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.m[key]
	return a, ok
}

// keep stores the answer c is about to send.
func (s *snapshotCache) keep(key string, c *fiber.Ctx) {
	a := snapshotAnswer{body: append([]byte(nil), c.Response().Body()...),
		contentType: string(c.Response().Header.ContentType()), disposition: c.GetRespHeader(fiber.HeaderContentDisposition)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || s.bytes+len(a.body) > snapshotBudget {
		s.m, s.bytes = map[string]snapshotAnswer{}, 0
	}
	if len(a.body) <= snapshotBudget {
		s.m[key], s.bytes = a, s.bytes+len(a.body)
	}
}

// send answers from a kept answer.
func (a snapshotAnswer) send(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, a.contentType)
	if a.disposition != "" {
		c.Set(fiber.HeaderContentDisposition, a.disposition)
	}
	return c.Send(a.body)
}
