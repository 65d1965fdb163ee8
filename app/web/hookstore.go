package web

import (
	"context"
	"time"

	"planboard/domain"
)

// HookStore keeps personal access tokens and webhook endpoints with their
// delivery log (docs/integrations.md).
type HookStore interface {
	UserAPITokens(ctx context.Context, userID int64) ([]domain.APIToken, error)
	AllAPITokens(ctx context.Context) ([]domain.APIToken, error)
	APIToken(ctx context.Context, userID, id int64) (domain.APIToken, error)
	APITokenByValue(ctx context.Context, token string, now time.Time) (domain.APIToken, error)

	CreateWebhookEndpoint(ctx context.Context, ep *domain.WebhookEndpoint) error
	WebhookEndpoints(ctx context.Context, o domain.WebhookOwner) ([]domain.WebhookEndpoint, error)
	WebhookEndpoint(ctx context.Context, o domain.WebhookOwner, id int64) (domain.WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, o domain.WebhookOwner, ep domain.WebhookEndpoint) error
	RotateWebhookSecret(ctx context.Context, o domain.WebhookOwner, id int64, secret string) (domain.WebhookEndpoint, error)
	WebhookDeliveries(ctx context.Context, o domain.WebhookOwner, endpointID int64, limit int) ([]domain.WebhookDelivery, error)
	ResendWebhookDelivery(ctx context.Context, o domain.WebhookOwner, endpointID, deliveryID int64) error
}

// summary lists a form's errors in the order of its fields, for the error
// summary at the top of the form (each links to its field).
func summary(errs formErrs, order ...string) []*fieldErr {
	var out []*fieldErr
	for _, f := range order {
		if e := errs.Get(f); e != nil {
			out = append(out, e)
		}
	}
	return out
}
