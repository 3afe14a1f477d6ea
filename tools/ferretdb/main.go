// Command pingate-ferretdb is the local, embedded MongoDB-compatible database used by
// `npm run dev` and by the tests: FerretDB 1.24 with its SQLite backend, behind a small
// wire-protocol proxy that runs one command at a time.
//
// Why the proxy: FerretDB 1.x executes an update as "query, then write" with nothing held
// between the two steps, so concurrent conditional updates all win and concurrent $inc
// lose increments (measured: 20 racing findOneAndUpdate with the same filter -> 5 winners;
// 200 racing $inc -> 8). Pingate relies on single-document updates being atomic, as they
// are on MongoDB, for its replay guard and lockout counters. Serialising commands restores
// that guarantee. SQLite admits a single writer anyway, so little throughput is lost.
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address for MongoDB clients (port 0 picks a free one)")
	dir := flag.String("dir", "data/db", "folder that holds the SQLite database files")
	verbose := flag.Bool("verbose", false, "log FerretDB's own informational messages")
	sync := flag.String("sync", "normal", "SQLite synchronous mode: normal (safe with WAL: no corruption, the last commits may be lost on power failure) or off (tests only)")
	flag.Parse()

	if *sync != "normal" && *sync != "off" {
		fmt.Fprintln(os.Stderr, "pingate-ferretdb: -sync must be normal or off")
		os.Exit(2)
	}
	if err := run(*listen, *dir, *sync, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "pingate-ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, dir, syncMode string, verbose bool) error {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err = os.MkdirAll(absDir, 0o700); err != nil {
		return err
	}

	level := slog.LevelError
	if verbose {
		level = slog.LevelInfo
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// FerretDB itself listens on loopback on a free port that only the proxy uses.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/?_pragma=synchronous(" + syncMode + ")",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	backend := hostOf(f.MongoDBURI())
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	// The one line a parent process reads to learn where to connect.
	fmt.Printf("pingate-ferretdb listening mongodb://%s/ data=%s\n", ln.Addr().String(), absDir)

	go func() {
		<-ctx.Done()
		_ = ln.Close()
	}()

	var serial sync.Mutex
	for {
		client, err := ln.Accept()
		if err != nil {
			break
		}
		go serve(client, backend, &serial, logger)
	}
	<-done
	return nil
}

func hostOf(uri string) string {
	// uri is "mongodb://host:port/"
	const prefix = "mongodb://"
	h := uri[len(prefix):]
	return h[:len(h)-1]
}

// serve relays one client connection to its own backend connection, holding the global
// lock from the moment a request is sent until its last reply has been read.
func serve(client net.Conn, backend string, serial *sync.Mutex, logger *slog.Logger) {
	defer client.Close()
	upstream, err := net.Dial("tcp", backend)
	if err != nil {
		logger.Error("backend unreachable", "err", err)
		return
	}
	defer upstream.Close()

	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		serial.Lock()
		err = relay(req, client, upstream)
		serial.Unlock()
		if err != nil {
			return
		}
	}
}

func relay(req []byte, client, upstream net.Conn) error {
	if _, err := upstream.Write(req); err != nil {
		return err
	}
	if moreToCome(req) {
		return nil // the client asked for no reply
	}
	for {
		reply, err := readMessage(upstream)
		if err != nil {
			return err
		}
		if _, err = client.Write(reply); err != nil {
			return err
		}
		if !moreToCome(reply) {
			return nil
		}
	}
}

const opMsg = 2013

// moreToCome reports the OP_MSG flag bit 1: the sender will not wait for (or will send more) replies.
func moreToCome(msg []byte) bool {
	if len(msg) < 20 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return false
	}
	return binary.LittleEndian.Uint32(msg[16:20])&2 != 0
}

func readMessage(r io.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	length := binary.LittleEndian.Uint32(header[0:4])
	if length < 16 || length > 48*1024*1024 {
		return nil, fmt.Errorf("bad message length %d", length)
	}
	msg := make([]byte, length)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}
