#!/usr/bin/env python3
"""A real HTTP(S) receiver for the notification tests, on a loopback port.

Every request it receives is appended as one JSON line to --log (headers, raw body, the
answer it gave). --mode says how it answers:
  ok            200 to everything
  fail:N        500 to the first N requests, then 200
  status:CODE   always CODE
  slow:S        wait S seconds, then 200 (for the client's timeout)
With --cert/--key it speaks TLS. It writes its port to --port-file once it listens.
"""
import argparse
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
parser.add_argument("--mode", default="ok")
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--cert")
parser.add_argument("--key")
args = parser.parse_args()

lock = threading.Lock()
count = {"n": 0}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with lock:
            count["n"] += 1
            n = count["n"]
        mode = args.mode
        code = 200
        if mode.startswith("fail:") and n <= int(mode[5:]):
            code = 500
        elif mode.startswith("status:"):
            code = int(mode[7:])
        elif mode.startswith("slow:"):
            time.sleep(float(mode[5:]))
        entry = {
            "n": n,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
            "answer": code,
            "received": time.time(),
        }
        with lock:
            with open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
        try:
            self.send_response(code)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass


server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
if args.cert:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
