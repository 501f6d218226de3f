#pragma once
// The HTTP side of `anb serve`: cpp-httplib serving the Api (api.h) under /api/ and the embedded
// page (static_files.h) at /, with caps on request size and time.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "anb/serve/api.h"

namespace anb::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0: any free port (see Server::port)
  std::size_t max_body_bytes = 4u << 20;  // larger bodies get 413
  int read_timeout_seconds = 5;           // a client that sends nothing for this long is cut
  int write_timeout_seconds = 5;
  int keep_alive_seconds = 5;
  std::size_t threads = 8;  // worker threads (concurrent connections)

  // Throws std::invalid_argument naming the field, value and rule.
  void validate() const;

  // True when `host` is a loopback address (127.x.x.x, ::1, localhost).
  bool loopback() const;
};

// A server bound to its port at construction; `listen` blocks until `stop`.
class Server {
 public:
  // Binds host:port. Throws std::invalid_argument for bad options and std::runtime_error when
  // the address cannot be bound. `api` must outlive the server.
  Server(const Api& api, const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;      // the bound port
  void listen();         // serves until stop(); throws std::runtime_error if listening fails
  void stop();           // safe from another thread; no effect before listen() runs
  bool running() const;  // true once listen() accepts connections, until stop()

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace anb::serve
