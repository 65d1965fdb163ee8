// Package webhook sends Planboard's events to the endpoints institutions
// and founders register: signing per the Standard Webhooks specification
// (https://www.standardwebhooks.com), a guard against requests into private
// networks (SSRF), and the Deliverer that works through the durable
// delivery ledger in PostgreSQL. No HTTP framework in it.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// SecretPrefix marks a symmetric signing secret, as the specification asks.
const SecretPrefix = "whsec_"

// NewSecret returns a fresh signing secret: "whsec_" and 24 random bytes
// in base64 (the specification's minimum key size).
func NewSecret() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return SecretPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// secretKey is the HMAC key of a secret: the base64 after the prefix, decoded.
func secretKey(secret string) ([]byte, error) {
	raw, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, fmt.Errorf("webhook: secret without the %s prefix", SecretPrefix)
	}
	return base64.StdEncoding.DecodeString(raw)
}

// Sign returns the webhook-signature header value for a message: one
// "v1,<base64 HMAC-SHA256>" per secret, space-separated, each over
// "<msgID>.<timestamp>.<body>" keyed with the decoded secret. During a
// rotation both the current and the previous secret sign.
func Sign(msgID string, timestamp int64, body []byte, secrets ...string) (string, error) {
	if len(secrets) == 0 {
		return "", fmt.Errorf("webhook: no secret to sign with")
	}
	sigs := make([]string, 0, len(secrets))
	for _, s := range secrets {
		key, err := secretKey(s)
		if err != nil {
			return "", err
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(msgID))
		mac.Write([]byte{'.'})
		mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
		mac.Write([]byte{'.'})
		mac.Write(body)
		sigs = append(sigs, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return strings.Join(sigs, " "), nil
}
