package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"planboard/domain"
	"planboard/storage"
	"planboard/storage/pgtest"
)

// archiveText is everything a reader of the archive's bytes can see: each
// entry as stored and, where it gunzips, as uncompressed.
func archiveText(t *testing.T, archive []byte) []byte {
	t.Helper()
	out := bytes.Clone(archive)
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(tr)
		if zr, err := gzip.NewReader(bytes.NewReader(raw)); err == nil {
			if plain, err := io.ReadAll(zr); err == nil {
				out = append(out, plain...)
				continue
			}
		}
		_ = h
	}
}

// TestBackupHoldsNoLiveSecrets: a password-reset link asked for before the
// dump (its mail in the outbox), a webhook's signing secret and the
// unsubscribe key are nowhere in the archive's bytes, compressed or not;
// after a restore the reset link no longer works, while the webhook secret
// and the unsubscribe key come back as they were (opened with the key).
func TestBackupHoldsNoLiveSecrets(t *testing.T) {
	ctx := context.Background()
	src := demoDSN(t)
	db, err := storage.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := storage.New(db)
	raw := make([]byte, 32)
	rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	res, err := store.RequestReset(ctx, domain.ResetRequest{Email: "staff@example.org", IP: "192.0.2.7", At: at,
		AddressEvery: time.Minute, ClientWindow: time.Hour, ClientMax: 10}, token,
		domain.Mail{Kind: string(domain.TokenReset), Day: domain.DateOf(at), Subject: "Смена пароля",
			Text: "Ссылка: https://pb.example.org/password/set/" + token + " (действует 1 час)",
			HTML: `<a href="https://pb.example.org/password/set/` + token + `">Задать пароль</a>`}, "pb.example.org")
	if err != nil || res.User.ID == 0 {
		t.Fatalf("reset request: %+v, %v", res, err)
	}
	rand.Read(raw)
	whsec := "whsec_" + hex.EncodeToString(raw)
	if _, err := db.ExecContext(ctx, `INSERT INTO webhook_endpoints (institution_id, url, events, secret, created_at, updated_at)
		SELECT id, 'https://hooks.example.org/pb', '{item.updated}', ?, ?, ? FROM institutions ORDER BY id LIMIT 1`, whsec, at, at); err != nil {
		t.Fatal(err)
	}
	unsub, err := store.Secret(ctx, "unsubscribe")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.AccountToken(ctx, token, at.Add(time.Minute)); err != nil {
		t.Fatalf("the reset link does not work before the dump: %v", err)
	}

	archive := dump(t, src)
	seen := archiveText(t, archive)
	if !bytes.Contains(seen, []byte("director@example.org")) {
		t.Fatal("the search does not see the archive's rows")
	}
	for what, secret := range map[string]string{"the reset link": token, "the webhook secret": whsec, "the unsubscribe key": hex.EncodeToString(unsub)} {
		if bytes.Contains(seen, []byte(secret)) {
			t.Errorf("%s is in the archive in clear", what)
		}
	}

	dst := pgtest.DSN(t)
	if err := restore(t, archive, dst, false); err != nil {
		t.Fatal(err)
	}
	rdb, err := storage.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	restored := storage.New(rdb)
	if _, err := restored.AccountToken(ctx, token, at.Add(time.Minute)); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("the reset link asked for before the dump works after the restore: %v", err)
	}
	var body, gotSecret string
	var used int
	if err := rdb.QueryRowContext(ctx, `SELECT (SELECT body_text || body_html FROM mail_outbox WHERE kind = 'password_reset'),
		(SELECT secret FROM webhook_endpoints WHERE url = 'https://hooks.example.org/pb'),
		(SELECT count(*) FROM account_tokens WHERE kind = 'password_reset')`).Scan(&body, &gotSecret, &used); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body, token) || !strings.Contains(body, deadLink) || used != 1 {
		t.Errorf("the outbox's reset mail after the restore: %q (%d links kept)", body, used)
	}
	if gotSecret != whsec {
		t.Errorf("the webhook secret came back as %q", gotSecret)
	}
	if got, err := restored.Secret(ctx, "unsubscribe"); err != nil || !bytes.Equal(got, unsub) {
		t.Errorf("the unsubscribe key came back changed: %v", err)
	}

	// Another key neither opens nor verifies the archive.
	other := mustKey("another-instance-key-0123456789abcdef0123")
	if err := restoreWith(t, other, archive, pgtest.DSN(t), false); !errors.Is(err, ErrNotSigned) {
		t.Errorf("restore with another key: %v", err)
	}
}
