// Command ferretdb-chat is the MongoDB-protocol test server of our test suite (built by
// scripts/ferretdb.sh). It exists because `go install .../cmd/ferretdb@v1.24.2` builds a binary
// that panics at start (the module has no build/version/version.txt). The embeddable package has
// no such check, always disables telemetry and starts no HTTP/metrics/tracing: no network traffic.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (host:port)")
	dir := flag.String("dir", "", "directory for the SQLite database files (required)")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	fail := func(msg string, err error) {
		logger.Error(msg, "error", err)
		os.Exit(1)
	}

	if *dir == "" {
		fail("bad flags", errors.New("-dir is required"))
	}
	abs, err := filepath.Abs(*dir)
	if err == nil {
		err = os.MkdirAll(abs, 0o755)
	}
	if err != nil {
		fail("bad -dir", err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		fail("cannot start FerretDB", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	logger.Info("ferretdb-chat listening", "listen", *listen, "dir", abs)
	_ = f.Run(ctx) // always nil; returns after ctx is canceled and all connections are closed
	logger.Info("ferretdb-chat stopped")
}
