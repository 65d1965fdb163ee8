package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthcheckCmd asks the server at PLANBOARD_ADDR for /readyz and returns
// nil (exit 0) only for a 200: what the container's HEALTHCHECK and other
// supervisors run. It needs no shell, curl or database of its own.
func healthcheckCmd(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("healthcheck: %w (usage: planboard healthcheck [--timeout 3s])", err)
	}
	url := "http://" + localAddr(e.cfg.Addr) + "/readyz"
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("healthcheck: %s did not answer within %s", url, *timeout)
		}
		return fmt.Errorf("healthcheck: %s: %w", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %d: %s", url, res.StatusCode, strings.TrimSpace(string(body)))
	}
	fmt.Fprintln(e.stdout, "ready")
	return nil
}

// localAddr is where a process on this machine reaches the server listening
// on addr: a wildcard host (0.0.0.0, ::, empty) means loopback.
func localAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}
