package main

import (
	"strings"
	"testing"
)

// PLANBOARD_WEBHOOK_ALLOW_PRIVATE is off unless set to 1; anything but
// 0/1 stops start-up naming the variable.
func TestConfigWebhookAllowPrivate(t *testing.T) {
	for v, want := range map[string]bool{"": false, "0": false, "1": true, "true": true} {
		c, err := loadConfig(envOf(map[string]string{"PLANBOARD_WEBHOOK_ALLOW_PRIVATE": v}))
		if err != nil || c.WebhookAllowPrivate != want {
			t.Errorf("%q: %v, %v; want %v", v, c.WebhookAllowPrivate, err, want)
		}
	}
	if _, err := loadConfig(envOf(map[string]string{"PLANBOARD_WEBHOOK_ALLOW_PRIVATE": "yes please"})); err == nil ||
		!strings.Contains(err.Error(), "PLANBOARD_WEBHOOK_ALLOW_PRIVATE") {
		t.Errorf("bad value: %v", err)
	}
}
