package storage_test

import (
	"testing"

	"planboard/storage/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }
