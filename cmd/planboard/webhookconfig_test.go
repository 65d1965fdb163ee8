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

// PLANBOARD_ALLOW_PRIVATE_URLS is the general name of the same switch; the
// webhook name wins when both are set.
func TestConfigAllowPrivateURLs(t *testing.T) {
	for env, want := range map[[2]string]bool{{"1", ""}: true, {"0", ""}: false, {"1", "0"}: false, {"0", "1"}: true, {"", ""}: false} {
		c, err := loadConfig(envOf(map[string]string{"PLANBOARD_ALLOW_PRIVATE_URLS": env[0], "PLANBOARD_WEBHOOK_ALLOW_PRIVATE": env[1]}))
		if err != nil || c.WebhookAllowPrivate != want {
			t.Errorf("%q: %v, %v; want %v", env, c.WebhookAllowPrivate, err, want)
		}
	}
	if _, err := loadConfig(envOf(map[string]string{"PLANBOARD_ALLOW_PRIVATE_URLS": "maybe"})); err == nil ||
		!strings.Contains(err.Error(), "PLANBOARD_ALLOW_PRIVATE_URLS") {
		t.Errorf("bad value: %v", err)
	}
}
