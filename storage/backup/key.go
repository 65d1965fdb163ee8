package backup

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// MinKeyLen is the shortest backup key accepted, in characters.
const MinKeyLen = 32

// Key is the instance's backup key, kept by the operator outside every
// archive (PLANBOARD_BACKUP_KEY, see docs/security.md). Two keys are
// derived from it: one signs the manifest (HMAC-SHA256), so that restore
// refuses an archive it did not make; one seals the tables holding live
// secrets (AES-256-GCM), so that the archive's bytes do not give them away.
type Key struct {
	mac, enc []byte
}

// ParseKey takes the key's text (surrounding space ignored).
func ParseKey(text string) (Key, error) {
	text = strings.TrimSpace(text)
	if len(text) < MinKeyLen {
		return Key{}, fmt.Errorf("the backup key is %d characters, want at least %d (e.g. the output of `openssl rand -hex 32`)", len(text), MinKeyLen)
	}
	derive := func(purpose string) []byte {
		h := hmac.New(sha256.New, []byte(text))
		h.Write([]byte("planboard backup " + purpose))
		return h.Sum(nil)
	}
	return Key{mac: derive("manifest signature"), enc: derive("secret tables")}, nil
}

// NewKeyText makes a fresh random key: 32 bytes, hex.
func NewKeyText() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func (k Key) usable() bool { return len(k.mac) == sha256.Size }

// sign is the manifest's signature, hex.
func (k Key) sign(manifest []byte) string {
	h := hmac.New(sha256.New, k.mac)
	h.Write(manifest)
	return hex.EncodeToString(h.Sum(nil))
}

// verify says whether sig is manifest's signature under k (constant time).
func (k Key) verify(manifest, sig []byte) bool {
	return hmac.Equal([]byte(k.sign(manifest)), []byte(strings.TrimSpace(string(sig))))
}

func (k Key) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(k.enc)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts plain; name (the table) is bound in as associated data, so
// a sealed entry cannot be moved to another table.
func (k Key) seal(name string, plain []byte) ([]byte, error) {
	g, err := k.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plain, []byte("table "+name)), nil
}

var errUnseal = errors.New("a sealed table does not open with this key")

func (k Key) open(name string, sealed []byte) ([]byte, error) {
	g, err := k.aead()
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize() {
		return nil, errUnseal
	}
	plain, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], []byte("table "+name))
	if err != nil {
		return nil, errUnseal
	}
	return plain, nil
}

// Equal says whether k and o are the same key.
func (k Key) Equal(o Key) bool { return hmac.Equal(k.mac, o.mac) && hmac.Equal(k.enc, o.enc) }
