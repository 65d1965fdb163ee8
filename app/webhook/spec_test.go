package webhook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"planboard/app/webhook"
	"planboard/domain"
)

// verifySpec checks a request as a receiver following the Standard Webhooks
// specification would, written from the text of the specification and not
// from this package: take webhook-id, webhook-timestamp and
// webhook-signature; refuse a timestamp more than five minutes from now;
// drop "whsec_" from the secret and base64-decode the rest as the HMAC key;
// compute base64(HMAC-SHA256(key, "id.timestamp.body")); accept when one of
// the space-separated "v1,<signature>" entries matches in constant time.
func verifySpec(h http.Header, body []byte, secret string, now time.Time) error {
	id, ts, sigs := h.Get("webhook-id"), h.Get("webhook-timestamp"), h.Get("webhook-signature")
	if id == "" || ts == "" || sigs == "" {
		return errors.New("missing webhook headers")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("bad timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > 5*time.Minute || d < -5*time.Minute {
		return errors.New("timestamp outside the tolerance")
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	want := mac.Sum(nil)
	for _, entry := range strings.Split(sigs, " ") {
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(sig)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return errors.New("no matching signature")
}

// TestWebhookSignatureMatchesSpec checks the signer against the published
// example of the Standard Webhooks libraries and against verifySpec.
func TestWebhookSignatureMatchesSpec(t *testing.T) {
	// The reference libraries' test vector.
	sig, err := webhook.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, []byte(`{"test": 2432232314}`), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil || sig != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("published vector: %q, %v", sig, err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cur, _ := webhook.NewSecret()
	prev, _ := webhook.NewSecret()
	other, _ := webhook.NewSecret()
	if !strings.HasPrefix(cur, "whsec_") || len(cur) != len("whsec_")+32 || cur == prev {
		t.Fatalf("secret %q", cur)
	}
	if key, err := base64.StdEncoding.DecodeString(cur[6:]); err != nil || len(key) != 24 {
		t.Fatalf("secret key: %d bytes, %v", len(key), err)
	}
	body := []byte(`{"type":"item.created","timestamp":"2026-11-23T09:00:00Z","data":{"item_id":1}}`)
	// During a rotation both secrets sign: a receiver on either verifies.
	ep := domain.WebhookEndpoint{Secret: cur, PrevSecret: prev, PrevUntil: now.Add(domain.WebhookSecretGrace)}
	sig, err = webhook.Sign("msg_1", now.Unix(), body, ep.Secrets(now)...)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(sig)); n != 2 {
		t.Fatalf("%d signatures during the rotation, want 2: %s", n, sig)
	}
	h := http.Header{}
	h.Set("webhook-id", "msg_1")
	h.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	h.Set("webhook-signature", sig)
	for name, secret := range map[string]string{"current": cur, "previous": prev} {
		if err := verifySpec(h, body, secret, now); err != nil {
			t.Errorf("%s secret: %v", name, err)
		}
	}
	if err := verifySpec(h, body, other, now); err == nil {
		t.Error("an unrelated secret verifies")
	}
	if err := verifySpec(h, append(body, ' '), cur, now); err == nil {
		t.Error("a changed body verifies")
	}
	// After the grace period only the current secret signs.
	later := now.Add(domain.WebhookSecretGrace)
	sig, _ = webhook.Sign("msg_1", later.Unix(), body, ep.Secrets(later)...)
	h.Set("webhook-timestamp", strconv.FormatInt(later.Unix(), 10))
	h.Set("webhook-signature", sig)
	if verifySpec(h, body, cur, later) != nil || verifySpec(h, body, prev, later) == nil {
		t.Errorf("after the grace period: %s", sig)
	}
}
