package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"planboard/storage/pgtest"
	"strconv"
	"strings"
	"testing"

	"planboard/app/smtptest"
	"planboard/storage"
)

// passTime stands for the hours between two sweeps of a simulated day: the
// retry backoff and the leases of the ledger run on the real clock, so the
// test moves them to "now" instead of sleeping for minutes.
func passTime(t *testing.T, store *storage.Store) {
	t.Helper()
	if _, err := store.DB().NewRaw(`UPDATE mail_outbox SET next_attempt_at = least(next_attempt_at, ?),
		locked_until = NULL WHERE status = 'planned'`, pgtest.Running()).Exec(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// checkDeliveredOnce fails unless every mail of the ledger reached the SMTP
// server exactly once (by Message-ID and recipient) and nothing else did.
func checkDeliveredOnce(t *testing.T, store *storage.Store, got []smtptest.Message) deliveredOnce {
	t.Helper()
	seen := map[string]int{}
	for _, m := range got {
		seen[m.MessageID+" "+m.To]++
	}
	var ledger []struct {
		MessageID string `bun:"message_id"`
		To        string `bun:"to_email"`
		Status    string `bun:"status"`
		Attempts  int    `bun:"attempts"`
	}
	if err := store.DB().NewRaw(`SELECT message_id, to_email, status, attempts FROM mail_outbox WHERE status <> 'grouped'`).Scan(t.Context(), &ledger); err != nil {
		t.Fatal(err)
	}
	lost, doubled, once := 0, 0, 0
	for _, r := range ledger {
		key := r.MessageID + " " + r.To
		switch n := seen[key]; {
		case r.Status != "sent":
			t.Errorf("%s left %s after %d attempts", key, r.Status, r.Attempts)
		case n == 0:
			lost++
			t.Errorf("%s is sent in the ledger but never reached the server", key)
		case n > 1:
			doubled++
			t.Errorf("%s reached the server %d times", key, n)
		default:
			once++
		}
		delete(seen, key)
	}
	for key := range seen {
		t.Errorf("%s reached the server but is not in the ledger", key)
	}
	t.Logf("ledger %d mails, delivered %d, lost %d, doubled %d", len(ledger), len(got), lost, doubled)
	if len(ledger) < 10 {
		t.Errorf("only %d mails in the ledger: the simulation planned too little to prove anything", len(ledger))
	}
	return deliveredOnce{ledger: len(ledger), once: once, lost: lost, doubled: doubled}
}

// deliveredOnce counts what checkDeliveredOnce found.
type deliveredOnce struct{ ledger, once, lost, doubled int }

// ownerOf returns the process among ps that holds the TCP connection whose
// local end is addr (host:port), by the socket's inode in /proc.
func ownerOf(t *testing.T, addr string, ps []*proc) *proc {
	t.Helper()
	_, port, _ := strings.Cut(addr, ":")
	p, _ := strconv.Atoi(port)
	inode := ""
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := bufio.NewScanner(f)
	want := fmt.Sprintf("0100007F:%04X", p)
	for lines.Scan() {
		if fields := strings.Fields(lines.Text()); len(fields) > 9 && fields[1] == want {
			inode = fields[9]
		}
	}
	for _, pr := range ps {
		fds, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", pr.cmd.Process.Pid))
		for _, fd := range fds {
			if link, _ := os.Readlink(fd); inode != "" && link == "socket:["+inode+"]" {
				return pr
			}
		}
	}
	t.Fatalf("no process holds the SMTP connection from %s (inode %q)", addr, inode)
	return nil
}
